using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// One image plane in patient LPS mm (PS3.3 C.7.6.2.1.1): Position is the centre of the first transmitted
/// voxel; RowDirection the direction of increasing column index i; ColumnDirection that of increasing row
/// index j. Pixel Spacing is (RowSpacing, ColumnSpacing): RowSpacing (the first value) separates rows (along
/// ColumnDirection, step of j), ColumnSpacing separates columns (along RowDirection, step of i).
/// </summary>
public sealed record ImagePlane(
    Vector3 Position,
    Vector3 RowDirection,
    Vector3 ColumnDirection,
    double RowSpacing,
    double ColumnSpacing,
    int Rows,
    int Columns,
    string Source)
{
    /// <summary>The plane normal n = row x column.</summary>
    public Vector3 Normal => RowDirection.Cross(ColumnDirection);

    /// <summary>Patient point of column i, row j: P = S + i*Di*X + j*Dj*Y (PS3.3 Eq. C.7.6.2.1-1).</summary>
    public Vector3 PointAt(double column, double row) => Position + RowDirection * (column * ColumnSpacing) + ColumnDirection * (row * RowSpacing);

    /// <summary>Reads and checks the plane of a single-frame image (Image Plane module, PS3.3 C.7.6.2).</summary>
    public static ImagePlane FromDataset(DicomDataset ds, string series, string source) =>
        Create(series, source,
            Values(ds, DicomTags.ImagePositionPatient, series, $"{GeometryAttributes.ImagePositionPatient} in {source}"),
            Values(ds, DicomTags.ImageOrientationPatient, series, $"{GeometryAttributes.ImageOrientationPatient} in {source}"),
            Values(ds, DicomTags.PixelSpacing, series, $"{GeometryAttributes.PixelSpacing} in {source}"),
            ds.GetInt(DicomTags.Rows) ?? 0, ds.GetInt(DicomTags.Columns) ?? 0);

    /// <summary>Checks raw values (VM, finite, orthonormal cosines, positive spacing, non-empty matrix) and builds the plane.</summary>
    public static ImagePlane Create(string series, string source, double[] ipp, double[] iop, double[] spacing, int rows, int columns)
    {
        string Where(string attr) => $"{attr} in {source}";
        if (ipp.Length != 3) throw new GeometryException(series, Where(GeometryAttributes.ImagePositionPatient), ipp.Length == 0 ? "missing" : $"has {ipp.Length} values, not 3");
        if (iop.Length != 6) throw new GeometryException(series, Where(GeometryAttributes.ImageOrientationPatient), iop.Length == 0 ? "missing" : $"has {iop.Length} values, not 6");
        if (spacing.Length != 2) throw new GeometryException(series, Where(GeometryAttributes.PixelSpacing), spacing.Length == 0 ? "missing" : $"has {spacing.Length} values, not 2");
        if (!spacing.All(s => double.IsFinite(s) && s > 0))
            throw new GeometryException(series, Where(GeometryAttributes.PixelSpacing), $"values must be positive, got {string.Join('\\', spacing)}");
        if (rows <= 0 || columns <= 0) throw new GeometryException(series, Where(GeometryAttributes.RowsColumns), $"{rows} x {columns} is not an image");
        var row = new Vector3(iop[0], iop[1], iop[2]);
        var col = new Vector3(iop[3], iop[4], iop[5]);
        var tol = GeometryTolerances.DirectionCosine;
        if (Math.Abs(row.Length - 1) > tol || Math.Abs(col.Length - 1) > tol || Math.Abs(row.Dot(col)) > tol)
            throw new GeometryException(series, Where(GeometryAttributes.ImageOrientationPatient),
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"direction cosines are not orthonormal (|row| = {row.Length:0.######}, |column| = {col.Length:0.######}, row.column = {row.Dot(col):0.######}; tolerance {tol})"));
        return new ImagePlane(new Vector3(ipp[0], ipp[1], ipp[2]), row.Normalized(), col.Normalized(), spacing[0], spacing[1], rows, columns, source);
    }

    internal static double[] Values(DicomDataset ds, DicomTag tag, string series, string attribute)
    {
        try { return ds.GetDoubles(tag); }
        catch (FormatException e) { throw new GeometryException(series, attribute, e.Message); }
    }
}

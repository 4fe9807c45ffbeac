namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// A regular voxel grid in patient LPS mm. Voxel (i, j, k) (column, row, slice, from 0) lies at
/// Origin + i*ColumnSpacing*RowDirection + j*RowSpacing*ColumnDirection + k*SliceSpacing*SliceDirection,
/// the 3D form of PS3.3 Eq. C.7.6.2.1-1. SliceDirection is the measured step between slices: the plane
/// normal for an ordinary stack, tilted for a gantry-tilted one.
/// </summary>
public sealed record VolumeGeometry(
    Vector3 Origin,
    Vector3 RowDirection,
    Vector3 ColumnDirection,
    Vector3 SliceDirection,
    double ColumnSpacing,
    double RowSpacing,
    double SliceSpacing,
    int Columns,
    int Rows,
    int Slices)
{
    public long VoxelCount => (long)Columns * Rows * Slices;

    /// <summary>Voxel index (i, j, k, 1) to patient point (computed on each call: hold it in loops).</summary>
    public Matrix4 IndexToPatient => Matrix4.FromColumns(
        RowDirection * ColumnSpacing, ColumnDirection * RowSpacing, SliceDirection * SliceSpacing, Origin);

    /// <summary>Patient point to continuous voxel index.</summary>
    public Matrix4 PatientToIndex => IndexToPatient.Inverse();

    /// <summary>The plane normal row x column.</summary>
    public Vector3 Normal => RowDirection.Cross(ColumnDirection);

    public Vector3 PointAt(double i, double j, double k) => IndexToPatient.TransformPoint(new Vector3(i, j, k));

    /// <summary>Position (IPP) of slice k.</summary>
    public Vector3 SlicePosition(int k) => Origin + SliceDirection * (k * SliceSpacing);

    /// <summary>The 8 corner voxel centres.</summary>
    public IReadOnlyList<Vector3> Corners =>
    [
        .. from k in new[] { 0, Slices - 1 } from j in new[] { 0, Rows - 1 } from i in new[] { 0, Columns - 1 } select PointAt(i, j, k),
    ];

    /// <summary>The centre of the grid.</summary>
    public Vector3 Centre => PointAt((Columns - 1) / 2.0, (Rows - 1) / 2.0, (Slices - 1) / 2.0);

    /// <summary>
    /// A grid with the given axes and spacings whose centre lies at <paramref name="centre"/>; axes are
    /// (row direction, column direction) and the slice direction is their cross product.
    /// </summary>
    public static VolumeGeometry Centred(Vector3 centre, Vector3 rowDirection, Vector3 columnDirection,
        double columnSpacing, double rowSpacing, double sliceSpacing, int columns, int rows, int slices)
    {
        var normal = rowDirection.Cross(columnDirection).Normalized();
        var origin = centre - rowDirection * (columnSpacing * (columns - 1) / 2) - columnDirection * (rowSpacing * (rows - 1) / 2) - normal * (sliceSpacing * (slices - 1) / 2);
        return new VolumeGeometry(origin, rowDirection, columnDirection, normal, columnSpacing, rowSpacing, sliceSpacing, columns, rows, slices);
    }
}

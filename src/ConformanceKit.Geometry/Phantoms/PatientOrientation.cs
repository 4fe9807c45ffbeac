namespace ConformanceKit.Geometry.Phantoms;

/// <summary>
/// Image axes in patient LPS for a patient position and slice orientation. Axes are first chosen in the
/// scanner frame (equal to LPS for head-first supine), then carried into the patient frame: feet-first turns
/// the patient 180 degrees about the vertical axis (x and z flip), prone 180 degrees about the long axis
/// (x and y flip). Axial HFS gives IOP 1\0\0\0\1\0, FFS -1\0\0\0\1\0, HFP -1\0\0\0\-1\0, FFP 1\0\0\0\-1\0.
/// </summary>
public static class PatientOrientation
{
    /// <summary>The oblique plane used by the generator: axial tilted 20 degrees about x, then 15 degrees about y.</summary>
    public static readonly Matrix4 ObliqueTilt = Matrix4.Rotation(Vector3.UnitY, 15) * Matrix4.Rotation(Vector3.UnitX, 20);

    public static (Vector3 Row, Vector3 Column) Axes(PatientPosition position, SliceOrientation orientation)
    {
        var (row, col) = orientation switch
        {
            SliceOrientation.Axial => (Vector3.UnitX, Vector3.UnitY),
            SliceOrientation.Sagittal => (Vector3.UnitY, -Vector3.UnitZ),
            SliceOrientation.Coronal => (Vector3.UnitX, -Vector3.UnitZ),
            _ => (ObliqueTilt.TransformVector(Vector3.UnitX), ObliqueTilt.TransformVector(Vector3.UnitY)),
        };
        var toPatient = position switch
        {
            PatientPosition.HFS => Matrix4.Identity,
            PatientPosition.FFS => Matrix4.Scale(-1, 1, -1),
            PatientPosition.HFP => Matrix4.Scale(-1, -1, 1),
            _ => Matrix4.Scale(1, -1, -1),
        };
        return (toPatient.TransformVector(row), toPatient.TransformVector(col));
    }
}

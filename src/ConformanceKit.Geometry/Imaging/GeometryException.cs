namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// Image geometry that cannot give a correct volume (degenerate orientation, bad spacing, missing position,
/// too few slices, inconsistent slices). Names the series and the attribute so that a report can point at them.
/// </summary>
public sealed class GeometryException(string series, string attribute, string problem)
    : Exception($"series {series}: {attribute}: {problem}")
{
    public string Series { get; } = series;
    public string Attribute { get; } = attribute;
    public string Problem { get; } = problem;
}

/// <summary>Attribute names used in geometry messages (keyword and tag, as reports show them).</summary>
public static class GeometryAttributes
{
    public const string ImagePositionPatient = "Image Position (Patient) (0020,0032)";
    public const string ImageOrientationPatient = "Image Orientation (Patient) (0020,0037)";
    public const string PixelSpacing = "Pixel Spacing (0028,0030)";
    public const string RowsColumns = "Rows/Columns (0028,0010)/(0028,0011)";
    public const string GridFrameOffsetVector = "Grid Frame Offset Vector (3004,000C)";
    public const string NumberOfFrames = "Number of Frames (0028,0008)";
    public const string PlanePositionSequence = "Plane Position Sequence (0020,9113)";
    public const string PlaneOrientationSequence = "Plane Orientation Sequence (0020,9116)";
    public const string PixelMeasuresSequence = "Pixel Measures Sequence (0028,9110)";
    public const string PixelData = "Pixel Data (7FE0,0010)";
    public const string SliceStack = "slice positions (IPP along the normal)";
    public const string FrameOfReferenceUid = "Frame of Reference UID (0020,0052)";
}

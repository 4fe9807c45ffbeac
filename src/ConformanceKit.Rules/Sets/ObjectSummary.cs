using ConformanceKit.Geometry;

namespace ConformanceKit.Rules.Sets;

/// <summary>What kind of object a summary describes, for the set rules.</summary>
public enum ObjectKind
{
    Other,
    Image,
    Registration,
    StructureSet,
    Dose,
}

/// <summary>
/// The small part of an object the set rules need (identity, patient/study/series attributes, Frame
/// of Reference, geometry, references), kept after the dataset itself (pixel data included) is dropped,
/// so that thousands of files validate in bounded memory.
/// </summary>
public sealed class ObjectSummary
{
    public required ObjectRef Ref { get; init; }
    public ObjectKind Kind { get; init; }
    public string? SopClassUid { get; init; }
    public string? SopInstanceUid { get; init; }
    public string? Modality { get; init; }
    public string? Manufacturer { get; init; }

    public PatientAttributes Patient { get; init; } = PatientAttributes.Empty;
    public StudyAttributes Study { get; init; } = StudyAttributes.Empty;
    public string? SeriesInstanceUid { get; init; }
    public string? FrameOfReferenceUid { get; init; }

    public ImageGeometry? Geometry { get; init; }
    public RegistrationSummary? Registration { get; init; }
    public StructureSetSummary? StructureSet { get; init; }
}

/// <summary>Patient IE attributes the profile compares (PN normalised: trailing '^' and spaces dropped, PS3.5 6.2.1).</summary>
public sealed record PatientAttributes(string? Name, string? Id, string? BirthDate, string? Sex)
{
    public static readonly PatientAttributes Empty = new(null, null, null, null);
}

/// <summary>General Study attributes the profile compares.</summary>
public sealed record StudyAttributes(string? InstanceUid, string? Date, string? Time, string? Id, string? AccessionNumber, string? ReferringPhysician, string? Description)
{
    public static readonly StudyAttributes Empty = new(null, null, null, null, null, null, null);
}

/// <summary>Image plane of one image (first frame): origin, row and column direction cosines, spacing (row, column) in mm.</summary>
public sealed record ImageGeometry(Vector3? Position, Vector3? Row, Vector3? Column, double[]? PixelSpacing, int Frames, string? PatientPosition, IReadOnlyList<string> ImageType)
{
    /// <summary>True when Patient Orientation Code Sequence (0054,0410) is present (NM/PET Patient Orientation module).</summary>
    public bool HasOrientationCode { get; init; }

    public int Rows { get; init; }
    public int Columns { get; init; }

    /// <summary>The four corners of the (first) frame in patient coordinates, or none when the plane is incomplete (PS3.3 C.7.6.2.1.1).</summary>
    public IEnumerable<Vector3> Corners()
    {
        if (Position is not { } p || Row is not { } r || Column is not { } c || PixelSpacing is not { Length: 2 } s || Rows < 1 || Columns < 1) yield break;
        var across = r * ((Columns - 1) * s[1]);
        var down = c * ((Rows - 1) * s[0]);
        yield return p;
        yield return p + across;
        yield return p + down;
        yield return p + across + down;
    }

    public Vector3? Normal => Row is { } r && Column is { } c ? r.Cross(c) : null;
}

/// <summary>An image reference (Image SOP Instance Reference Macro, PS3.3 10.3) with the path it was found at.</summary>
public sealed record ImageReference(string? SopClassUid, string? SopInstanceUid, IReadOnlyList<int> Frames, string Path);

/// <summary>One item of the Registration Sequence.</summary>
public sealed record RegistrationItemSummary(
    int Number,
    string? FrameOfReferenceUid,
    IReadOnlyList<ImageReference> Images,
    Matrix4? Matrix,
    string? MatrixType,
    string? RegistrationTypeCode,
    string MatrixPath);

/// <summary>The parts of a Spatial Registration object the set rules need.</summary>
public sealed record RegistrationSummary(
    IReadOnlyList<RegistrationItemSummary> Items,
    IReadOnlyDictionary<string, IReadOnlySet<string>> SameStudySeries,
    IReadOnlyDictionary<string, string> ReferencedClassByInstance,
    IReadOnlySet<string> OtherStudyInstances,
    IReadOnlySet<string> OtherStudies);

/// <summary>One contour of an RT Structure Set.</summary>
public sealed record ContourSummary(int RoiNumber, string? GeometricType, double[] Points, IReadOnlyList<ImageReference> Images, string Path);

/// <summary>The parts of an RT Structure Set the set rules need.</summary>
public sealed record StructureSetSummary(
    IReadOnlyList<string> ReferencedFrames,
    IReadOnlyDictionary<int, string?> RoiFrames,
    IReadOnlyList<ImageReference> ReferencedImages,
    IReadOnlyList<(string SeriesUid, string FrameUid)> ReferencedSeries,
    IReadOnlyList<ContourSummary> Contours);

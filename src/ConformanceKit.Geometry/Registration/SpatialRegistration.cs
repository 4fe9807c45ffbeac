using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Registration;

/// <summary>A reference to one image (Image SOP Instance Reference Macro, PS3.3 Table 10-3).</summary>
public sealed record ReferencedImage(string SopClassUid, string SopInstanceUid, IReadOnlyList<int> FrameNumbers)
{
    public ReferencedImage(string sopClassUid, string sopInstanceUid) : this(sopClassUid, sopInstanceUid, []) { }
}

/// <summary>A coded entry (Code Sequence Macro, PS3.3 Table 8.8-1).</summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning)
{
    /// <summary>CID 7100 "RCS Registration Method Type" (DCM), PS3.16.</summary>
    public static readonly CodedConcept FrameOfReferenceIdentity = new("125021", "DCM", "Frame of Reference Identity");
    public static readonly CodedConcept FiducialAlignment = new("125022", "DCM", "Fiducial Alignment");
    public static readonly CodedConcept AcquisitionEquipmentAlignment = new("125023", "DCM", "Acquisition Equipment Alignment");
    public static readonly CodedConcept ImageContentBasedAlignment = new("125024", "DCM", "Image Content-based Alignment");
    public static readonly CodedConcept VisualAlignment = new("125025", "DCM", "Visual Alignment");
}

/// <summary>
/// One Matrix Sequence item (0070,030A): a 4x4 row-major matrix and its Frame of Reference Transformation
/// Matrix Type (0070,030C). <see cref="RawValues"/> keeps the DS strings exactly as they were read.
/// </summary>
public sealed record RegistrationMatrix(Matrix4 Matrix, string? MatrixType, IReadOnlyList<string> RawValues)
{
    public const string Rigid = "RIGID";
    public const string RigidScale = "RIGID_SCALE";
    public const string Affine = "AFFINE";
}

/// <summary>
/// One Registration Sequence (0070,0308) item: its matrix maps points of the item's Frame of Reference
/// (the source RCS) into the SRO's Registered Frame of Reference: [A;1] = AMB [B;1] (PS3.3 C.20.2.1.1).
/// </summary>
public sealed record RegistrationItem(
    int Index,
    string? FrameOfReferenceUid,
    IReadOnlyList<ReferencedImage> ReferencedImages,
    IReadOnlyList<RegistrationMatrix> Matrices,
    CodedConcept? RegistrationType,
    string? TransformationComment,
    int MatrixRegistrationItemCount)
{
    /// <summary>
    /// The item's transform to the Registered RCS. With several Matrix Sequence items the items are applied
    /// in sequence order, the first one first (PS3.3 C.20.2.1.1, Eq. C.20.2-2); the IHE-RO profile allows one only.
    /// Null when the item has no usable matrix.
    /// </summary>
    public Matrix4? Transform => Matrices.Count == 0 ? null : Matrices.Aggregate(Matrix4.Identity, (acc, m) => m.Matrix * acc);
}

/// <summary>A Spatial Registration SOP instance (PS3.3 A.39.1) as a model: identity, Registered Frame of Reference and items.</summary>
public sealed record SpatialRegistration(
    string? SopInstanceUid,
    string? SeriesInstanceUid,
    string? StudyInstanceUid,
    string? FrameOfReferenceUid,
    IReadOnlyList<RegistrationItem> Items,
    IReadOnlyList<string> Problems)
{
    /// <summary>The item whose Frame of Reference is <paramref name="frameOfReferenceUid"/>, or null.</summary>
    public RegistrationItem? ItemFor(string frameOfReferenceUid) =>
        Items.FirstOrDefault(i => string.Equals(i.FrameOfReferenceUid, frameOfReferenceUid, StringComparison.Ordinal));

    /// <summary>
    /// The transform from <paramref name="movingFrameOfReferenceUid"/> into <paramref name="fixedFrameOfReferenceUid"/>
    /// through this SRO's Registered RCS: fixedMmoving = (RMfixed)^-1 * RMmoving (PS3.3 Eq. C.20.2-3); when the
    /// fixed FoR is the Registered RCS itself and has no item, its transform is the identity. Null when either is missing.
    /// </summary>
    public Matrix4? TransformBetween(string movingFrameOfReferenceUid, string fixedFrameOfReferenceUid)
    {
        var moving = MapToRegistered(movingFrameOfReferenceUid);
        var fixedToRegistered = MapToRegistered(fixedFrameOfReferenceUid);
        if (moving is null || fixedToRegistered is null) return null;
        return fixedToRegistered.Inverse() * moving;
    }

    private Matrix4? MapToRegistered(string frameOfReferenceUid)
    {
        if (ItemFor(frameOfReferenceUid)?.Transform is { } m) return m;
        return string.Equals(frameOfReferenceUid, FrameOfReferenceUid, StringComparison.Ordinal) ? Matrix4.Identity : null;
    }

    /// <summary>Reads the model from a dataset; see <see cref="SpatialRegistrationReader"/>.</summary>
    public static SpatialRegistration Read(DicomDataset dataset) => SpatialRegistrationReader.Read(dataset);
}

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>Patient Position (0018,5100) values the IHE-RO profile uses (reg-profile.md 4.3).</summary>
public enum PatientPosition { HFS, FFS, HFP, FFP }

/// <summary>Image plane of a series.</summary>
public enum SliceOrientation { Axial, Sagittal, Coronal, Oblique }

/// <summary>
/// One image series of a phantom set. <see cref="BaseFromSeries"/> maps points of this series' Frame of
/// Reference into the base (phantom) frame: it is exactly the matrix a correct SRO item for this series states
/// (PS3.3 C.20.2.1.1). Series with the same <see cref="FrameOfReferenceKey"/> share one FoR (hybrid sets).
/// </summary>
public sealed record PhantomSeriesSpec(
    string Modality,
    string FrameOfReferenceKey,
    Matrix4 BaseFromSeries,
    PatientPosition Position,
    SliceOrientation Orientation,
    int Columns,
    int Rows,
    int Slices,
    double ColumnSpacing,
    double RowSpacing,
    double SliceSpacing)
{
    /// <summary>Distinguishes two series of one modality (a second CT, "CT2"); UIDs and set names derive from it.</summary>
    public string? SeriesKey { get; init; }

    public string Key => SeriesKey ?? Modality;
}

/// <summary>A whole phantom set: series, the phantom, which series carry the RT Structure Set and RT Dose, and the SROs to write.</summary>
public sealed record PhantomSpec(
    string Name,
    PhantomModel Model,
    IReadOnlyList<PhantomSeriesSpec> Series,
    string? StructureSetOn = "CT",
    string? DoseOn = "CT",
    bool WriteRegistrations = true,
    bool AddNoise = true)
{
    /// <summary>The base series (first one); its Frame of Reference is the registered one in every SRO.</summary>
    public PhantomSeriesSpec Base => Series[0];
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>Ground truth of a phantom set on disk: where each object is, its Frame of Reference, the true transforms and fiducial positions.</summary>
public sealed record PhantomManifest(
    string Preset,
    int Seed,
    string BaseFrameOfReferenceUid,
    double FiducialRadiusMm,
    IReadOnlyList<double[]> FiducialsInBaseFrame,
    IReadOnlyList<PhantomManifestSeries> Series,
    IReadOnlyList<PhantomManifestRegistration> Registrations,
    string? StructureSetFile,
    string? StructureSetOn,
    string? DoseFile,
    string? DoseFrameOfReferenceUid)
{
    public string ToJson() => JsonSerializer.Serialize(this, PhantomManifestJson.Default.PhantomManifest);

    public static PhantomManifest FromJson(string json) =>
        JsonSerializer.Deserialize(json, PhantomManifestJson.Default.PhantomManifest) ?? throw new JsonException("empty phantom manifest");

    public static PhantomManifest Read(string path) => FromJson(File.ReadAllText(path));

    public PhantomManifestSeries SeriesOf(string modality) => Series.First(s => s.Modality == modality);
}

/// <summary>One image series: <see cref="BaseFromSeries"/> is row-major, p_base = M * p_series.</summary>
public sealed record PhantomManifestSeries(
    string Modality,
    string Directory,
    string FrameOfReferenceUid,
    string SeriesInstanceUid,
    string PatientPosition,
    string Orientation,
    int Columns,
    int Rows,
    int Slices,
    double[] PixelSpacing,
    double SliceSpacing,
    double[] BaseFromSeries,
    IReadOnlyList<double[]> FiducialsInSeriesFrame);

/// <summary>A truthful SRO: the moving series' FoR mapped into the base FoR by <see cref="BaseFromMoving"/> (row-major).</summary>
public sealed record PhantomManifestRegistration(string File, string Moving, string MovingFrameOfReferenceUid, double[] BaseFromMoving);

/// <summary>The manifest's JSON form (camelCase, indented, nulls omitted), generated at build time so that no reflection is needed.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PhantomManifest))]
internal sealed partial class PhantomManifestJson : JsonSerializerContext;

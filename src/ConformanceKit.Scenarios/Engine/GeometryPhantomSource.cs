using System.Collections.Concurrent;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Scenarios.Steps;
using GeometryPresets = ConformanceKit.Geometry.Phantoms.PhantomPresets;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>
/// The scenario library's phantom presets (<see cref="Model.PhantomPresets"/>) made by the geometry
/// layer's deterministic generator. Each preset and size is generated once per process and shared by the
/// scenarios that use it (every scenario run then gives the objects its own UIDs).
/// </summary>
public sealed class GeometryPhantomSource : IPhantomSource
{
    /// <summary>The seed of every library phantom: runs are reproducible.</summary>
    public const int Seed = 1;

    private readonly ConcurrentDictionary<(string, string), Lazy<PhantomData>> _cache = new();

    public string? UnavailableReason(string preset) => null;

    public Task<PhantomData> GenerateAsync(string preset, string size, CancellationToken cancel)
    {
        if (UnavailableReason(preset) is { } why) throw new NotSupportedException($"phantom preset {preset} needs {why}");
        var lazy = _cache.GetOrAdd((preset, size), k => new Lazy<PhantomData>(() => Build(k.Item1, SizeOf(k.Item2)), LazyThreadSafetyMode.ExecutionAndPublication));
        return Task.Run(() => lazy.Value, cancel);
    }

    private static PhantomSize SizeOf(string size) => size switch
    {
        "tiny" => PhantomSize.Tiny,
        "medium" => PhantomSize.Medium,
        "full" => PhantomSize.Large,
        _ => PhantomSize.Small,
    };

    private static PhantomData Build(string preset, PhantomSize size)
    {
        var options = new PhantomOptions(Size: size);
        return preset switch
        {
            "ct-mr-pet" => WithMovingRtObjects(GeometryPresets.Get("mmro2-small", options)),
            "ct-mr-markers" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("mmro2-small", options), Seed), markers: true),
            "ct-pet-hybrid" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("hybrid", options), Seed)),
            "ct-sagittal-mr" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("small", options with { Orientation = SliceOrientation.Sagittal, StructureSetOn = "MR" }), Seed), rtssAs: "rtss-mr"),
            "mr-ct" => FromSet(PhantomGenerator.Generate(MrBase(GeometryPresets.Get("small", options with { StructureSetOn = "MR" })), Seed), rtssAs: "rtss-mr"),
            "ct-ct-hfp" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("ct-ct", options with { Position = PatientPosition.HFP }), Seed)),
            "ct-ct-ffs" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("ct-ct", options with { Position = PatientPosition.FFS }), Seed)),
            "ct-ct-ffp" => FromSet(PhantomGenerator.Generate(GeometryPresets.Get("ct-ct", options with { Position = PatientPosition.FFP }), Seed)),
            "ct-mr-nonidentity" => NonIdentity(PhantomGenerator.Generate(GeometryPresets.Get("small", options with { StructureSetOn = "none", DoseOn = "none" }) with { Name = "ct-mr-nonidentity" }, Seed)),
            _ => throw new ArgumentException($"no phantom preset '{preset}'"),
        };
    }

    /// <summary>CT and MR only, their SRO rewritten through a third Frame of Reference (both items non-identity, GEN-valid).</summary>
    private static PhantomData NonIdentity(PhantomSet set)
    {
        var data = FromSet(set);
        var mr = set["MR"];
        var sro = set.Registrations.First(r => r.MovingKey == "MR");
        var third = DicomUidGenerator.FromSeed("conformancekit/scenarios/ct-mr-nonidentity/third-frame");
        var sets = new Dictionary<string, IReadOnlyList<DicomFile>>(StringComparer.Ordinal)
        {
            ["ct"] = data.Sets["ct"], ["mr"] = data.Sets["mr"],
            ["reg-ct-mr"] = [DicomFile.Create(ThirdFrameRegistration.Rewrite(sro.Dataset, mr.BaseFromSeries, ThirdFrameRegistration.DefaultThirdFromBase, third))],
        };
        return data with { Sets = sets, Truths = new Dictionary<string, double[]> { ["mr-to-ct"] = data.Truths["mr-to-ct"] } };
    }

    /// <summary>MMRO-III non-CT primary: the MR becomes the base and the CT is registered onto it.</summary>
    private static PhantomSpec MrBase(PhantomSpec spec)
    {
        var ct = spec.Series.First(s => s.Modality == "CT");
        var mr = spec.Series.First(s => s.Modality == "MR");
        var mrFromCt = mr.BaseFromSeries.Inverse() * ct.BaseFromSeries;
        return spec with
        {
            Name = spec.Name + "-mr-base",
            Series = [mr with { BaseFromSeries = Matrix4.Identity }, ct with { BaseFromSeries = mrFromCt }],
        };
    }

    /// <summary>ct-mr-pet also needs an RT Structure Set and an RT Dose in the MR Frame of Reference: a second generation of the same set places them there.</summary>
    private static PhantomData WithMovingRtObjects(PhantomSpec spec)
    {
        var onCt = PhantomGenerator.Generate(spec, Seed);
        var onMr = PhantomGenerator.Generate(spec with { StructureSetOn = "MR", DoseOn = "MR" }, Seed);
        var data = FromSet(onCt);
        var sets = new Dictionary<string, IReadOnlyList<DicomFile>>(data.Sets);
        if (onMr.StructureSet is { } ss) sets["rtss-mr"] = [DicomFile.Create(Renew(ss, "rtss-mr"))];
        if (onMr.Dose is { } dose) sets["rtdose-mr"] = [DicomFile.Create(Renew(dose, "rtdose-mr"))];
        return data with { Sets = sets };
    }

    // The second generation reuses the first one's UIDs (same spec name and seed); its RT object needs its own.
    private static DicomDataset Renew(DicomDataset ds, string purpose)
    {
        var copy = ds.Clone();
        copy.SetString(DicomTags.SOPInstanceUID, DicomUidGenerator.FromSeed($"conformancekit/scenarios/{purpose}/instance"));
        copy.SetString(DicomTags.SeriesInstanceUID, DicomUidGenerator.FromSeed($"conformancekit/scenarios/{purpose}/series"));
        return copy;
    }

    /// <summary>Names the generated series and SROs as the library does: ct, mr, pet, reg-BASE-MOVING, rtss-ON, rtdose-ON; truths MOVING-to-BASE.</summary>
    private static PhantomData FromSet(PhantomSet set, bool markers = false, string? rtssAs = null)
    {
        static string Name(string modality) => modality == "PT" ? "pet" : modality.ToLowerInvariant();
        var baseName = Name(set.Series[0].Spec.Key);
        var sets = new Dictionary<string, IReadOnlyList<DicomFile>>(StringComparer.Ordinal);
        var truths = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var s in set.Series)
        {
            sets[Name(s.Spec.Key)] = s.Datasets.Select(d => DicomFile.Create(d)).ToList();
            if (s != set.Series[0]) truths[$"{Name(s.Spec.Key)}-to-{baseName}"] = s.BaseFromSeries.ToArray();
        }
        foreach (var r in set.Registrations)
            sets[$"reg-{baseName}-{Name(r.MovingKey)}"] = [DicomFile.Create(r.Dataset)];
        if (set.StructureSet is { } ss)
            sets[rtssAs ?? $"rtss-{Name(set.Spec.StructureSetOn ?? set.Series[0].Spec.Key)}"] = [DicomFile.Create(ss)];
        if (set.Dose is { } dose)
            sets[set.DoseFrameOfReferenceUid == set.Series[0].FrameOfReferenceUid ? $"rtdose-{baseName}" : "rtdose-moving"] = [DicomFile.Create(dose)];
        var points = new Dictionary<string, Vector3>(StringComparer.Ordinal);
        if (markers)
            for (var i = 0; i < Math.Min(4, set.Spec.Model.Fiducials.Count); i++)
                points[$"m{i + 1}"] = set.Spec.Model.Fiducials[i];
        return new PhantomData(sets, truths, points) { Fiducials = set.Spec.Model.Fiducials, FiducialRadiusMm = set.Spec.Model.FiducialRadius };
    }
}

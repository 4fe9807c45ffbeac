using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Rules.Tests.Fixtures;

namespace ConformanceKit.Rules.Tests;

/// <summary>Other phantom presets (position, orientation, hybrid) are correct objects too: no finding in the profile modes.</summary>
public class PhantomSetTests
{
    public static IEnumerable<DicomFile> Files(PhantomSet set)
    {
        var objects = set.Series.SelectMany(s => s.Datasets.Select((d, k) => ($"{s.Spec.Modality}/{s.Spec.Modality}{k + 1:D4}.dcm", d)))
            .Concat(set.Registrations.Select(r => ($"REG/{r.Name}.dcm", r.Dataset)));
        if (set.StructureSet is { } ss) objects = objects.Append(("RTSTRUCT/RS.dcm", ss));
        if (set.Dose is { } dose) objects = objects.Append(("RTDOSE/RD.dcm", dose));
        return objects.Select(o => new DicomFile(DicomFileMeta.Build(o.Item2, DicomTransferSyntax.ExplicitVRLittleEndian), o.Item2, DicomTransferSyntax.ExplicitVRLittleEndian)
        {
            Path = o.Item1, HasPart10Header = true,
        }).ToList();
    }

    [TestCase("tiny", null, null, ProfileMode.MmroII)]
    [TestCase("hybrid", null, null, ProfileMode.MmroII)]
    [TestCase("small", PatientPosition.FFP, SliceOrientation.Sagittal, ProfileMode.MmroIII)]
    [TestCase("small", PatientPosition.HFP, SliceOrientation.Oblique, ProfileMode.Gen)]
    public void PhantomPresetHasNoFinding(string preset, PatientPosition? position, SliceOrientation? orientation, ProfileMode mode)
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get(preset, new PhantomOptions(Position: position, Orientation: orientation, Slices: 5)));
        var report = Harness.Run(Files(set), mode);
        Assert.That(report.ObjectsValidated, Is.GreaterThan(10));
        Assert.That(report.Findings, Is.Empty, Harness.Describe(report.Findings));
    }
}

using ConformanceKit.Actors.Faults;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Oracles;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>Each SRO fault makes the rules said to catch it fire, or (for the numeric mistakes) the diagnosis name it.</summary>
public class ObjectFaultTests
{
    private static IEnumerable<string> CaughtByRules() => FaultCatalogue.All.Where(f => FaultCatalogue.RulesCatching(f).Count > 0);

    [TestCaseSource(nameof(CaughtByRules))]
    public async Task Validation_reports_a_rule_that_catches_the_fault(string fault)
    {
        // CT-PET: its matrix has a translation, without which a transposed rotation is just a valid inverse.
        var data = await Library.Phantoms.GenerateAsync("ct-mr-pet", "tiny", CancellationToken.None);
        var sro = ObjectFaults.Apply(data.Sets["reg-ct-pet"][0].Dataset, fault);
        var files = new[] { sro }.Concat(data.Sets["ct"].Concat(data.Sets["pet"]).Select(f => f.Dataset))
            .Select((d, n) => new DicomFile(new DicomDataset(), d, DicomTransferSyntax.ExplicitVRLittleEndian) { Path = $"obj{n}" });
        var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.MmroII }).Validate(files);
        var fired = report.Findings.Where(f => f.Gates && f.Object.SopInstanceUid == sro.GetString(DicomTags.SOPInstanceUID)).Select(f => f.RuleId).ToHashSet();
        Assert.That(fired.Intersect(FaultCatalogue.RulesCatching(fault)), Is.Not.Empty, $"fired: {string.Join(", ", fired)}");
    }

    [TestCase(FaultCatalogue.InvertedMatrix, MatrixVerdict.Inverted)]
    [TestCase(FaultCatalogue.RasCoordinates, MatrixVerdict.LpsRasFlip)]
    [TestCase(FaultCatalogue.CmUnits, MatrixVerdict.CentimetresForMillimetres)]
    [TestCase(FaultCatalogue.Reflection, MatrixVerdict.Unexplained)]
    public async Task The_diagnosis_names_a_numeric_fault(string fault, MatrixVerdict expected)
    {
        // A generic rigid transform (axis not along a patient axis, translation off the axis): on the MMRO-II geometries
        // an LPS/RAS flip equals the identity (CT-MR) or the inverse (CT-PET), and no diagnosis could tell them apart.
        var data = await Library.Phantoms.GenerateAsync("ct-sagittal-mr", "tiny", CancellationToken.None);
        var sro = SpatialRegistration.Read(ObjectFaults.Apply(data.Sets["reg-ct-mr"][0].Dataset, fault));
        var truth = new Matrix4(data.Truths["mr-to-ct"]);
        var points = data.Fiducials.Select(truth.Inverse().TransformPoint).ToList();
        var d = MatrixDiagnostician.Diagnose(truth, sro, ReferenceRegistratorTests.For(data, "ct"), ReferenceRegistratorTests.For(data, "mr"), points);
        Assert.That(d.Verdict, Is.EqualTo(expected), d.Summary);
    }

    [Test]
    public async Task A_fault_never_changes_the_original_and_two_matrix_items_keep_the_product()
    {
        var data = await Library.Phantoms.GenerateAsync("ct-mr-pet", "tiny", CancellationToken.None);
        var original = data.Sets["reg-ct-pet"][0].Dataset;
        var before = DicomWriter.Encode(original, DicomTransferSyntax.ExplicitVRLittleEndian);
        var split = SpatialRegistration.Read(ObjectFaults.Apply(original, FaultCatalogue.TwoMatrixItems));
        Assert.That(DicomWriter.Encode(original, DicomTransferSyntax.ExplicitVRLittleEndian), Is.EqualTo(before));
        var pet = split.ItemFor(ReferenceRegistratorTests.For(data, "pet"))!;
        Assert.That(pet.Matrices, Has.Count.EqualTo(2));
        Assert.That(pet.Transform!.MaxAbsDifference(new Matrix4(data.Truths["pet-to-ct"])), Is.LessThan(1e-5));
    }
}

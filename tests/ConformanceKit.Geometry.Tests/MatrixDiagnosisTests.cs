using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Oracles;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Geometry.Tests;

public class MatrixDiagnosisTests
{
    private static readonly Matrix4 Truth = Matrix4.Rotation(new Vector3(0.2, 0.3, 1), 7, new Vector3(10, -5, 20)) * Matrix4.Translate(new Vector3(4, -6, 3));
    private static readonly VolumeGeometry Moving = VolumeGeometry.Centred(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, 1.5, 1.5, 2, 256, 256, 120);
    private static readonly IReadOnlyList<Vector3> Points = TargetRegistrationError.TestPoints(Moving, [new Vector3(-25, -45, -50), new Vector3(35, 30, -30)]);
    private static readonly Matrix4 Flip = Matrix4.Scale(-1, -1, 1);

    /// <summary>Each mistake as a writer would make it.</summary>
    private static IEnumerable<TestCaseData> Mistakes()
    {
        var r = Truth.Linear; var t = Truth.Translation;
        yield return new TestCaseData(Truth.Inverse(), MatrixVerdict.Inverted).SetName("inverse");
        yield return new TestCaseData(Truth.Transpose(), MatrixVerdict.Transposed).SetName("full transpose");
        yield return new TestCaseData(r.Transpose().WithTranslation(t), MatrixVerdict.Transposed).SetName("rotation transposed");
        yield return new TestCaseData(Flip * Truth * Flip, MatrixVerdict.LpsRasFlip).SetName("LPS/RAS both sides");
        yield return new TestCaseData(Flip * Truth, MatrixVerdict.LpsRasFlip).SetName("LPS/RAS one side");
        yield return new TestCaseData(r.WithTranslation(t / 10), MatrixVerdict.CentimetresForMillimetres).SetName("cm for mm");
        yield return new TestCaseData(r.WithTranslation(-r.Transpose().TransformVector(t)), MatrixVerdict.InverseTranslationOnly).SetName("inverse translation only");
        yield return new TestCaseData(Matrix4.Rotation(Vector3.UnitX, 3) * Truth, MatrixVerdict.Unexplained).SetName("unrelated error");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void Each_mistake_gets_its_verdict(Matrix4 candidate, MatrixVerdict expected)
    {
        var d = MatrixDiagnostician.Diagnose(Truth, Round6(candidate), Points);
        Assert.That(d.Verdict, Is.EqualTo(expected), d.Summary);
        Assert.That(d.Error.MaxMm, Is.GreaterThan(1), "a mistake moves some test point by millimetres");
        if (expected != MatrixVerdict.Unexplained) Assert.That(d.Match!.MaxResidualMm, Is.LessThan(GeometryTolerances.DiagnosisMatchMm));
    }

    [Test]
    public void A_correct_matrix_written_with_six_decimals_is_correct()
    {
        var d = MatrixDiagnostician.Diagnose(Truth, Round6(Truth), Points);
        Assert.That(d.Verdict, Is.EqualTo(MatrixVerdict.Correct), d.Summary);
        Assert.That(d.RotationErrorDegrees, Is.LessThan(1e-3));
        Assert.That(d.Error.MaxMm, Is.LessThan(1e-3));
        // zero translation: cm/mm and inverse-translation mistakes leave it unchanged and must not be blamed
        var mmro = Matrix4.Rotation(Vector3.UnitZ, -5);
        Assert.That(MatrixDiagnostician.Diagnose(mmro, Round6(mmro), Points).Verdict, Is.EqualTo(MatrixVerdict.Correct));
    }

    [Test]
    public void Tre_statistics_are_measured_at_the_bounding_box_and_fiducials()
    {
        var shifted = Matrix4.Translate(new Vector3(0, 0, 2)) * Truth;
        var tre = TargetRegistrationError.Measure(Truth, shifted, Points);
        Assert.That(Points, Has.Count.EqualTo(11));
        Assert.That(tre.MeanMm, Is.EqualTo(2).Within(1e-9));
        Assert.That(tre.MaxMm, Is.EqualTo(2).Within(1e-9));
        Assert.That(tre.P95Mm, Is.EqualTo(2).Within(1e-9));
        var rotated = Matrix4.Rotation(Vector3.UnitZ, 1) * Truth;
        var rt = TargetRegistrationError.Measure(Truth, rotated, Points);
        Assert.That(rt.MaxMm, Is.GreaterThan(rt.P95Mm * 0.99).And.GreaterThan(rt.MeanMm));
    }

    [Test]
    public void Swapped_items_are_named_at_SRO_level()
    {
        const string baseFor = "1.2.3.1", movingFor = "1.2.3.2";
        var patient = new DicomDataset().With(DicomTags.StudyInstanceUID, "1.2.3.100");
        RegisteredSeries S(string f, string s) => new(f, "1.2.3.100", s, [new ReferencedImage(DicomUids.CTImageStorage, s + ".1")]);
        // the writer attached the identity to the moving FoR and the true matrix to the base FoR
        var good = SpatialRegistrationWriter.Write(new(patient, S(baseFor, "1.2.3.10"), S(movingFor, "1.2.3.20"), Truth, CodedConcept.VisualAlignment));
        var swapped = good.Clone();
        var items = swapped.GetItems(DicomTags.RegistrationSequence);
        items[0].SetString(DicomTags.FrameOfReferenceUID, movingFor);
        items[1].SetString(DicomTags.FrameOfReferenceUID, baseFor);
        var d = MatrixDiagnostician.Diagnose(Truth, SpatialRegistration.Read(swapped), baseFor, movingFor, Points);
        Assert.That(d.Verdict, Is.EqualTo(MatrixVerdict.SwappedItems), d.Summary);
        Assert.That(MatrixDiagnostician.Diagnose(Truth, SpatialRegistration.Read(good), baseFor, movingFor, Points).Verdict, Is.EqualTo(MatrixVerdict.Correct));
    }

    /// <summary>What a six-decimal DS writer does to a matrix.</summary>
    private static Matrix4 Round6(Matrix4 m) => new(m.ToArray().Select(v => Math.Round(v, 6)).ToArray());
}

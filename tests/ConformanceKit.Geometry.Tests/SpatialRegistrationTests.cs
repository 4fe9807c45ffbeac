using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Geometry.Tests;

public class SpatialRegistrationTests
{
    private const string CtFor = "1.2.3.1", MrFor = "1.2.3.2", PetFor = "1.2.3.3";

    private static DicomDataset PatientStudy() => new DicomDataset()
        .With(DicomTags.PatientName, "Phantom^Test").With(DicomTags.PatientID, "P1")
        .With(DicomTags.StudyInstanceUID, "1.2.3.100").With(DicomTags.StudyDate, "20240101");

    private static RegisteredSeries Series(string forUid, string series, int images) => new(forUid, "1.2.3.100", series,
        Enumerable.Range(1, images).Select(i => new ReferencedImage(DicomUids.CTImageStorage, $"{series}.{i}")).ToList());

    private static DicomDataset RoundTrip(DicomDataset ds) =>
        DicomFileReader.Read(DicomFileWriter.Encode(DicomFile.Create(ds))).Dataset;

    [Test]
    public void Written_SRO_reads_back_with_identity_item_and_moving_to_fixed_item()
    {
        var truth = Matrix4.Rotation(Vector3.UnitY, -5, new Vector3(0, 0, -175)) * Matrix4.Translate(new Vector3(1.5, -2.25, 3));
        var ds = RoundTrip(SpatialRegistrationWriter.Write(new SpatialRegistrationContent(PatientStudy(),
            Series(CtFor, "1.2.3.10", 3), Series(PetFor, "1.2.3.30", 2), truth, CodedConcept.FiducialAlignment, "PET ROTATED")));
        var sro = SpatialRegistration.Read(ds);
        Assert.That(sro.Problems, Is.Empty);
        Assert.That(sro.FrameOfReferenceUid, Is.EqualTo(CtFor));
        Assert.That(sro.Items, Has.Count.EqualTo(2));
        Assert.That(sro.Items[0].FrameOfReferenceUid, Is.EqualTo(CtFor));
        Assert.That(sro.Items[0].Transform!.MaxAbsDifference(Matrix4.Identity), Is.EqualTo(0));
        Assert.That(sro.Items[1].FrameOfReferenceUid, Is.EqualTo(PetFor));
        Assert.That(sro.Items[1].Matrices.Single().MatrixType, Is.EqualTo("RIGID"));
        Assert.That(sro.Items[1].ReferencedImages, Has.Count.EqualTo(2));
        Assert.That(sro.Items[1].Matrices[0].RawValues.All(v => v.Length <= 16), Is.True, "DS values fit 16 characters");
        Assert.That(sro.TransformBetween(PetFor, CtFor)!.MaxAbsDifference(truth), Is.LessThan(1e-12));
        Assert.That(sro.TransformBetween(CtFor, PetFor)!.MaxAbsDifference(truth.Inverse()), Is.LessThan(1e-12));
        Assert.That(ds.GetItems(DicomTags.ReferencedSeriesSequence), Has.Count.EqualTo(2), "Common Instance Reference lists both series");
        Assert.That(ds.GetItems(DicomTags.ReferencedSeriesSequence)[0].GetItems(DicomTags.ReferencedInstanceSequence), Has.Count.EqualTo(3));
    }

    [Test]
    public void Reader_reports_bad_matrices_without_throwing()
    {
        var ds = new DicomDataset().With(DicomTags.FrameOfReferenceUID, CtFor);
        var m = new DicomDataset();
        m.SetString(DicomTags.FrameOfReferenceTransformationMatrix, "1\\0\\0\\x\\0\\1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1", DicomVR.DS);
        var shortM = new DicomDataset();
        shortM.SetString(DicomTags.FrameOfReferenceTransformationMatrix, "1\\0\\0", DicomVR.DS);
        ds.SetSequence(DicomTags.RegistrationSequence,
            new DicomDataset().With(DicomTags.FrameOfReferenceUID, MrFor).SetSequence(DicomTags.MatrixRegistrationSequence, new DicomDataset().SetSequence(DicomTags.MatrixSequence, m)),
            new DicomDataset().With(DicomTags.FrameOfReferenceUID, PetFor).SetSequence(DicomTags.MatrixRegistrationSequence, new DicomDataset().SetSequence(DicomTags.MatrixSequence, shortM)),
            new DicomDataset().With(DicomTags.FrameOfReferenceUID, PetFor));
        var sro = SpatialRegistration.Read(ds);
        Assert.That(sro.Problems, Has.Some.Contains("item 1 Matrix Sequence item 1").And.Some.Contains("'x'"));
        Assert.That(sro.Problems, Has.Some.Contains("has 3 values, not 16"));
        Assert.That(sro.Problems, Has.Some.Contains("item 3: Matrix Registration Sequence (0070,0309) is missing"));
        Assert.That(sro.Items.All(i => i.Transform is null), Is.True);
    }

    [Test]
    public void Graph_chains_two_SROs_through_the_common_base_frame()
    {
        var ctFromMr = Matrix4.Rotation(Vector3.UnitZ, -5);
        var ctFromPet = Matrix4.Rotation(Vector3.UnitY, -5, new Vector3(0, 0, -175));
        var sro1 = SpatialRegistration.Read(SpatialRegistrationWriter.Write(new(PatientStudy(), Series(CtFor, "1.2.3.10", 1), Series(MrFor, "1.2.3.20", 1), ctFromMr, CodedConcept.VisualAlignment)));
        var sro2 = SpatialRegistration.Read(SpatialRegistrationWriter.Write(new(PatientStudy(), Series(CtFor, "1.2.3.10", 1), Series(PetFor, "1.2.3.30", 1), ctFromPet, CodedConcept.VisualAlignment)));
        var graph = new FrameOfReferenceGraph().Add(sro1).Add(sro2);
        var path = graph.FindPath(PetFor, MrFor);
        Assert.That(path, Is.Not.Null);
        Assert.That(path!.Hops, Has.Count.EqualTo(2));
        var expected = ctFromMr.Inverse() * ctFromPet; // MR <- PET = (CT M MR)^-1 * CT M PET, PS3.3 Eq. C.20.2-3
        Assert.That(path.Matrix.MaxAbsDifference(expected), Is.LessThan(1e-12));
        Assert.That(graph.FindPath(MrFor, "9.9.9"), Is.Null);
    }

    [Test]
    public void Parallel_registrations_report_their_disagreement()
    {
        var graph = new FrameOfReferenceGraph()
            .Add(MrFor, CtFor, Matrix4.Rotation(Vector3.UnitZ, -5), "sro1", 2)
            .Add(MrFor, CtFor, Matrix4.Rotation(Vector3.UnitZ, -5) * Matrix4.Translate(new Vector3(0, 0, 2)), "sro2", 2);
        var residuals = graph.ParallelResiduals([Vector3.Zero, new Vector3(100, 100, 100)]);
        Assert.That(residuals.Single().ResidualMm, Is.EqualTo(2).Within(1e-9));
    }

    [Test]
    public void IHE_RO_transparency_SRO_gives_the_documented_five_degree_rotation()
    {
        var dir = Path.Combine(SharedData.Root, "ihe-ro-mmro2-transparency");
        if (!Directory.Exists(dir)) Assert.Ignore($"shared IHE-RO data not present at {dir}");
        var sro = SpatialRegistration.Read(DicomFileReader.Read(Path.Combine(dir, "REG", "CTMR.dcm")).Dataset);
        var mr = DicomFileReader.Read(Path.Combine(dir, "MR", "MR1.dcm")).Dataset;
        var ct = DicomFileReader.Read(Path.Combine(dir, "CT", "CT1.dcm")).Dataset;
        var mrFor = mr.GetString(DicomTags.FrameOfReferenceUID)!;
        var ctFor = ct.GetString(DicomTags.FrameOfReferenceUID)!;
        Assert.That(sro.FrameOfReferenceUid, Is.EqualTo(ctFor));
        var ctFromMr = sro.TransformBetween(mrFor, ctFor);
        Assert.That(ctFromMr, Is.Not.Null);
        // Apply to the MR slice: its in-plane directions turn 5 degrees about z in the CT frame.
        var iop = mr.GetDoubles(DicomTags.ImageOrientationPatient);
        var row = new Vector3(iop[0], iop[1], iop[2]);
        var mapped = ctFromMr!.TransformVector(row);
        Assert.That(Math.Abs(mapped.Z - row.Z), Is.LessThan(1e-9), "rotation about z keeps z");
        var angle = Math.Atan2(mapped.Y, mapped.X) - Math.Atan2(row.Y, row.X);
        Assert.That(angle * 180 / Math.PI, Is.EqualTo(-5).Within(0.001), "documented matrix: x' = c x + s y, a -5 degree turn of the MR data about z");
        var d = Transforms.TransformDecomposition.Of(ctFromMr);
        Assert.That(d.RotationAngleDegrees, Is.EqualTo(5).Within(0.001));
        Assert.That(Math.Abs(d.RotationAxis.Z), Is.EqualTo(1).Within(1e-9));
        Assert.That(ctFromMr.TransformPoint(new Vector3(0, 100, 0)).DistanceTo(new Vector3(8.716, 99.620, 0)), Is.LessThan(1e-3), "worked example, reg-profile.md 8");
    }
}

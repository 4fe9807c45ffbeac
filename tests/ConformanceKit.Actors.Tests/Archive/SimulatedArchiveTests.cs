using System.Globalization;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Testing;

namespace ConformanceKit.Actors.Tests.Archive;

/// <summary>The simulated Archive as a plain DICOM archive, driven by dcmtk's storescu, findscu, movescu and getscu.</summary>
public class SimulatedArchiveTests
{
    private const string Study = "1.2.826.0.1.3680043.10.1.1", CtSeries = Study + ".2", SroSeries = Study + ".3", Frame = Study + ".4";
    private static readonly string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static IEnumerable<DicomDataset> CtAndSro()
    {
        for (var i = 1; i <= 3; i++) yield return TinyObjects.Ct("ARC1", Study, CtSeries, Frame, i);
        yield return TinyObjects.Sro("ARC1", Study, SroSeries, Frame, Study + ".5", CtSeries + ".1");
    }

    /// <summary>A PET object: a tiny CT turned into Positron Emission Tomography Image Storage (what the Storage SCP sees is the class).</summary>
    private static DicomDataset Pet() => TinyObjects.Ct("ARC1", Study, Study + ".6", Frame, 1)
        .With(DicomTags.SOPClassUID, DicomUids.PositronEmissionTomographyImageStorage).With(DicomTags.Modality, "PT");

    [TestCase("-xe", DicomUids.ExplicitVRLittleEndian)]
    [TestCase("-xi", DicomUids.ImplicitVRLittleEndian)]
    public async Task Storescu_stores_every_class_of_the_profile_in_each_little_endian_syntax(string option, string syntax)
    {
        if (!Directory.Exists(PydicomFiles)) Assert.Ignore("python3-pydicom's test files are not installed (./run.sh test installs them)");
        await using var a = ArchiveUnderTest.Start();
        var files = a.Write("in", [.. CtAndSro(), Pet()]).Concat(new[] { "MR_small.dcm", "rtstruct.dcm", "rtdose.dcm", "rtplan.dcm" }
            .Select(f => Path.Combine(PydicomFiles, f))).ToList();
        var run = await a.Dcmtk("storescu", ["-aet", "MODALITY", "-aec", ArchiveUnderTest.Ae, option], files: files);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var stored = a.Archive.Store.Locate(QueryLevel.Study, new DicomDataset().With(DicomTags.StudyInstanceUID, "*"));
        var classes = stored.Select(s => s.SopClassUid).Distinct().ToList();
        Assert.That(classes, Is.SupersetOf(new[]
        {
            DicomUids.CTImageStorage, DicomUids.MRImageStorage, DicomUids.PositronEmissionTomographyImageStorage, DicomUids.SpatialRegistrationStorage,
            DicomUids.RTStructureSetStorage, DicomUids.RTDoseStorage, DicomUids.RTPlanStorage,
        }));
        Assert.That(stored.Select(s => s.TransferSyntaxUid).Distinct(), Is.EqualTo(new[] { syntax }), "kept in the syntax it arrived in");
        Assert.That(stored, Has.Count.EqualTo(files.Count));
        Assert.That(Directory.EnumerateFiles(Path.Combine(a.Archive.Store.Root, "tmp")), Is.Empty, "every object renamed before success was answered");
        var sro = stored.Single(s => s.SopClassUid == DicomUids.SpatialRegistrationStorage);
        Assert.That(a.Archive.Store.Read(sro).FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle), Is.EqualTo("MODALITY"));
    }

    [Test]
    public async Task Findscu_finds_the_study_the_sro_series_by_modality_and_its_instance()
    {
        await using var a = ArchiveUnderTest.Start();
        foreach (var d in CtAndSro()) a.Archive.Store.Store(DicomFile.Create(d));
        async Task<List<DicomDataset>> Find(string name, params string[] keys)
        {
            var dir = a.Folder(name);
            var run = await a.Dcmtk("findscu", ["-S", "-X", "-aet", "VIEWER", "-aec", ArchiveUnderTest.Ae, .. keys.SelectMany(k => new[] { "-k", k })], dir);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            return Directory.EnumerateFiles(dir, "rsp*.dcm").Order().Select(f => DicomFileReader.Read(f).Dataset).ToList();
        }

        var studies = await Find("study", "QueryRetrieveLevel=STUDY", "PatientID=ARC1", "StudyInstanceUID", "ModalitiesInStudy", "NumberOfStudyRelatedInstances");
        Assert.That(studies.Select(s => s.GetString(DicomTags.StudyInstanceUID)), Is.EqualTo(new[] { Study }));
        Assert.That(studies[0].GetStrings(DicomTags.ModalitiesInStudy), Is.EqualTo(new[] { "CT", "REG" }));
        Assert.That(studies[0].GetString(DicomTags.NumberOfStudyRelatedInstances), Is.EqualTo("4"));

        var series = await Find("series", "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={Study}", "Modality=REG", "SeriesInstanceUID");
        Assert.That(series.Select(s => s.GetString(DicomTags.SeriesInstanceUID)), Is.EqualTo(new[] { SroSeries }));

        var images = await Find("image", "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={Study}", $"SeriesInstanceUID={SroSeries}", "SOPInstanceUID", "SOPClassUID");
        Assert.That(images.Select(s => (s.GetString(DicomTags.SOPInstanceUID), s.GetString(DicomTags.SOPClassUID))),
            Is.EqualTo(new[] { (SroSeries + ".1", DicomUids.SpatialRegistrationStorage) }));
    }

    [Test]
    public async Task Movescu_receives_a_series_byte_for_byte_on_a_sub_association()
    {
        var destinationPort = FreePort.Pick();
        await using var a = ArchiveUnderTest.Start(new Dictionary<string, MoveDestination> { ["MOVESCU"] = new("MOVESCU", "127.0.0.1", destinationPort) });
        var sent = a.Write("in", CtAndSro());
        var store = await a.Dcmtk("storescu", ["-aet", "MODALITY", "-aec", ArchiveUnderTest.Ae], files: sent);
        Assert.That(store.ExitCode, Is.EqualTo(0), store.ToString());
        var received = a.Folder("received");
        var run = await a.Dcmtk("movescu", ["-S", "-aet", "MOVESCU", "-aec", ArchiveUnderTest.Ae, "-aem", "MOVESCU", "--port",
            destinationPort.ToString(CultureInfo.InvariantCulture), "+B", "-k", "QueryRetrieveLevel=SERIES",
            "-k", $"StudyInstanceUID={Study}", "-k", $"SeriesInstanceUID={CtSeries}"], received); // movescu 3.6.7 writes +B files into its working folder
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var got = Directory.EnumerateFiles(received).Select(f => DicomFileReader.Read(f)).ToDictionary(f => f.Dataset.GetString(DicomTags.SOPInstanceUID)!);
        Assert.That(got.Keys, Is.EquivalentTo(new[] { CtSeries + ".1", CtSeries + ".2", CtSeries + ".3" }), run.ToString());
        foreach (var path in sent.Take(3))
        {
            var original = DicomFileReader.Read(path);
            var back = got[original.Dataset.GetString(DicomTags.SOPInstanceUID)!];
            Assert.That(DatasetBytes(back), Is.EqualTo(DatasetBytes(original)), "the dataset comes back exactly as it was stored");
        }
    }

    [Test]
    public async Task A_move_to_an_unknown_destination_is_refused_with_A801_and_says_which()
    {
        await using var a = ArchiveUnderTest.Start();
        foreach (var d in CtAndSro()) a.Archive.Store.Store(DicomFile.Create(d));
        var result = await Move(a, "NOWHERE");
        Assert.That(result.Status, Is.EqualTo(DimseStatus.MoveDestinationUnknown));
        Assert.That(result.ErrorComment, Does.Contain("NOWHERE"));
    }

    [Test]
    public async Task A_move_to_a_destination_nobody_listens_on_fails_every_sub_operation_and_names_the_port()
    {
        var closed = FreePort.Pick();
        await using var a = ArchiveUnderTest.Start(new Dictionary<string, MoveDestination> { ["VIEWER"] = new("VIEWER", "127.0.0.1", closed) });
        foreach (var d in CtAndSro()) a.Archive.Store.Store(DicomFile.Create(d));
        var result = await Move(a, "VIEWER");
        Assert.That(result.Status, Is.EqualTo(DimseStatus.OutOfResourcesSubOperations));
        Assert.That((result.Completed, result.Failed), Is.EqualTo((0, 3)));
        Assert.That(result.ErrorComment, Does.Contain(closed.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Getscu_retrieves_the_sro_series_on_the_same_association()
    {
        await using var a = ArchiveUnderTest.Start();
        foreach (var d in CtAndSro()) a.Archive.Store.Store(DicomFile.Create(d));
        var received = a.Folder("got");
        var run = await a.Dcmtk("getscu", ["-S", "-aet", "GETSCU", "-aec", ArchiveUnderTest.Ae, "-od", received,
            "-k", "QueryRetrieveLevel=SERIES", "-k", $"StudyInstanceUID={Study}", "-k", $"SeriesInstanceUID={SroSeries}"]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var got = Directory.EnumerateFiles(received).Select(f => DicomFileReader.Read(f).Dataset).ToList();
        Assert.That(got.Select(d => d.GetString(DicomTags.SOPClassUID)), Is.EqualTo(new[] { DicomUids.SpatialRegistrationStorage }));
    }

    [Test]
    public async Task Bytes_that_are_not_a_dataset_are_refused_as_not_understood_and_nothing_is_kept()
    {
        await using var a = ArchiveUnderTest.Start();
        var garbage = new StoreItem(DicomUids.CTImageStorage, "1.2.3.4", DicomTransferSyntax.ExplicitVRLittleEndian,
            DatasetSource.FromMemory(new byte[] { 0x08, 0x00, 0x18, 0x00, (byte)'U', (byte)'I', 0xFF, 0x7F, 1, 2, 3 }));
        var report = await ObjectSender.SendAsync(Client(a), [garbage], null, CancellationToken.None);
        Assert.That(report.Objects.Single().Status?.Category, Is.EqualTo(DimseStatusCategory.Failure), report.Objects.Single().Describe());
        Assert.That(a.Archive.Store.Count, Is.Zero);
        Assert.That(Directory.EnumerateFiles(a.Archive.Store.Root, "*.part", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task A_dataset_that_contradicts_its_request_is_refused_A900()
    {
        await using var a = ArchiveUnderTest.Start();
        var ct = TinyObjects.Ct("ARC1", Study, CtSeries, Frame, 1);
        var lying = StoreItem.FromDataset(ct) with { SopInstanceUid = "1.2.3.999" };
        var report = await ObjectSender.SendAsync(Client(a), [lying], null, CancellationToken.None);
        var o = report.Objects.Single();
        Assert.That(o.Status, Is.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass), o.Describe());
        Assert.That(o.ErrorComment, Does.Contain("1.2.3.999"));
        Assert.That(a.Archive.Store.Count, Is.Zero);
    }

    [Test]
    public async Task Objects_stored_over_the_network_are_announced_with_their_sender()
    {
        await using var a = ArchiveUnderTest.Start();
        var seen = new List<ArchivedObject>();
        a.Archive.Stored += o => { lock (seen) seen.Add(o); };
        var report = await ObjectSender.SendAsync(Client(a) with { CallingAeTitle = "REGISTRATOR" }, CtAndSro().Select(d => StoreItem.FromDataset(d)).ToList(),
            null, CancellationToken.None);
        Assert.That(report.StoredCount, Is.EqualTo(4), string.Join("\n", report.Objects.Select(o => o.Describe())));
        Assert.That(seen.Select(o => o.CallingAeTitle).Distinct(), Is.EqualTo(new[] { "REGISTRATOR" }));
        Assert.That(seen.All(o => File.Exists(o.Path)), Is.True, "announced only once on disk");
    }

    [TestCase("VIEWER=127.0.0.1:104", "VIEWER", "127.0.0.1", 104)]
    [TestCase("PACS=pacs.example.org:11112", "PACS", "pacs.example.org", 11112)]
    [TestCase("V6=[::1]:4242", "V6", "::1", 4242)]
    public void Destinations_parse_from_ae_host_port(string spec, string ae, string host, int port) =>
        Assert.That(DestinationSpecs.ParseOne(spec), Is.EqualTo(new MoveDestination(ae, host, port)));

    [TestCase("VIEWER", "expected AE=HOST:PORT")]
    [TestCase("VIEWER=host", "expected AE=HOST:PORT")]
    [TestCase("VIEWER=host:0", "not a TCP port")]
    [TestCase("VIEWER=host:http", "not a TCP port")]
    [TestCase("A_TITLE_FAR_TOO_LONG=host:104", "longer than 16")]
    public void Malformed_destinations_say_what_is_wrong(string spec, string message) =>
        Assert.That(() => DestinationSpecs.ParseOne(spec), Throws.TypeOf<FormatException>().With.Message.Contains(message));

    private static DicomClientOptions Client(ArchiveUnderTest a) =>
        new() { CalledAeTitle = ArchiveUnderTest.Ae, CallingAeTitle = "CK_TEST", Port = a.Archive.Port };

    private static async Task<RetrieveResult> Move(ArchiveUnderTest a, string destination)
    {
        await using var association = await DicomClient.AssociateAsync(Client(a),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelMove, PresentationContextPlan.UncompressedSyntaxes));
        return await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, destination,
            new DicomDataset().With(DicomTags.QueryRetrieveLevel, "SERIES").With(DicomTags.SeriesInstanceUID, CtSeries));
    }

    private static byte[] DatasetBytes(DicomFile f) => File.ReadAllBytes(f.Path!)[(int)f.DatasetOffset..];
}

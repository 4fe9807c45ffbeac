using static ConformanceKit.Testing.PeerFiles;

namespace ConformanceKit.Network.Tests.Peers;

/// <summary>
/// The harness SCU against a real archive, Orthanc (temporary configuration, started with TCP_NODELAY=1, stopped
/// by PID): store, find at STUDY/SERIES/IMAGE, move to a third AE (a harness storage SCP), get, and rejection.
/// One Orthanc serves the whole fixture; the study is stored once.
/// </summary>
[NonParallelizable]
public class HarnessToOrthancTests
{
    private TempDirectory _dir = null!;
    private OrthancPeer _orthanc = null!;
    private DicomServer _destination = null!;
    private FileStorageService _destinationStore = null!;
    private IReadOnlyList<string> _sent = [];
    private IReadOnlyList<DicomDataset> _study = [];

    [OneTimeSetUp]
    public async Task StartOrthancAndStoreAStudy()
    {
        _dir = new TempDirectory("ck-orthanc-test");
        _destinationStore = new FileStorageService(_dir.Combine("moved"));
        _destination = new DicomServer(new DicomServerOptions { AeTitle = "CKDEST", Store = _destinationStore, BindAddress = System.Net.IPAddress.Any }).Start();
        _orthanc = await OrthancPeer.StartAsync("ORTHANC",
        [
            new OrthancModality("ckscu", "CK_SCU", "127.0.0.1", FreePort.Pick()),
            new OrthancModality("ckdest", "CKDEST", "127.0.0.1", _destination.Port),
        ]);
        _study = SyntheticCt.Series(3, 64, 64, seed: "orthanc-study", patientId: "CKORTHANC");
        _sent = SyntheticCt.WriteFiles(_study, _dir.Combine("sent"));
        await HarnessToDcmtkTests.StoreAllAsync(Client(), _sent);
    }

    [OneTimeTearDown]
    public async Task StopOrthanc()
    {
        if (_orthanc is not null) await _orthanc.DisposeAsync();
        if (_destination is not null) await _destination.DisposeAsync();
        _dir?.Dispose();
    }

    private DicomClientOptions Client(string calledAe = "ORTHANC") => new() { Port = _orthanc.DicomPort, CalledAeTitle = calledAe, CallingAeTitle = "CK_SCU" };

    private DicomDataset Identifier(string level) => new DicomDataset()
        .With(DicomTags.QueryRetrieveLevel, level)
        .With(DicomTags.PatientID, "CKORTHANC")
        .With(DicomTags.StudyInstanceUID, level == "STUDY" ? "" : _study[0].GetString(DicomTags.StudyInstanceUID)!);

    /// <summary>A C-MOVE/C-GET identifier names the unique key of its level (PS3.4 C.4.2.2.1).</summary>
    private DicomDataset StudyToRetrieve() => new DicomDataset()
        .With(DicomTags.QueryRetrieveLevel, "STUDY")
        .With(DicomTags.StudyInstanceUID, _study[0].GetString(DicomTags.StudyInstanceUID)!);

    [Test]
    public async Task StoredObjectsAreInOrthancByteForByte()
    {
        foreach (var path in _sent)
        {
            var (uid, sent, _) = DatasetOf(File.ReadAllBytes(path));
            var (_, stored, _) = DatasetOf(await _orthanc.InstanceFileAsync(uid));
            Assert.That(stored, Is.EqualTo(sent), uid);
        }
    }

    [TestCase("STUDY", 1, DicomUids.StudyRootQueryRetrieveInformationModelFind)]
    [TestCase("SERIES", 1, DicomUids.StudyRootQueryRetrieveInformationModelFind)]
    [TestCase("IMAGE", 3, DicomUids.StudyRootQueryRetrieveInformationModelFind)]
    [TestCase("STUDY", 1, DicomUids.PatientRootQueryRetrieveInformationModelFind)]
    public async Task FindAtEachLevel(string level, int expected, string model)
    {
        await using var association = await DicomClient.AssociateAsync(Client(), new PresentationContextPlan().Add(model, PresentationContextPlan.UncompressedSyntaxes));
        var identifier = Identifier(level);
        if (level != "STUDY") identifier.SetEmpty(DicomTags.SeriesInstanceUID);
        if (level == "IMAGE") identifier.SetEmpty(DicomTags.SOPInstanceUID);
        var matches = new List<DicomDataset>();
        await foreach (var m in association.FindAsync(model, identifier)) matches.Add(m);
        Assert.That(matches, Has.Count.EqualTo(expected));
        Assert.That(matches.All(m => m.GetString(DicomTags.StudyInstanceUID) == _study[0].GetString(DicomTags.StudyInstanceUID)));
        if (level == "IMAGE")
            Assert.That(matches.Select(m => m.GetString(DicomTags.SOPInstanceUID)), Is.EquivalentTo(_study.Select(s => s.GetString(DicomTags.SOPInstanceUID))));
    }

    [Test]
    public async Task MoveToAThirdAeDeliversTheStudyByteForByte()
    {
        await using var association = await DicomClient.AssociateAsync(Client(),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelMove, PresentationContextPlan.UncompressedSyntaxes));
        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "CKDEST", StudyToRetrieve());
        Assert.That(result.Status, Is.EqualTo(DimseStatus.Success), result.Describe(DimseCommandField.CMoveResponse));
        AssertSameDatasets(_sent, DatasetsIn(_destinationStore.Directory));
    }

    [Test]
    public async Task MoveToAnAeOrthancDoesNotKnowFailsInWords()
    {
        await using var association = await DicomClient.AssociateAsync(Client(),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelMove, PresentationContextPlan.UncompressedSyntaxes));
        var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "NOBODY", StudyToRetrieve());
        Assert.That(result.Status.IsFailure, Is.True);
        Assert.That(result.Describe(DimseCommandField.CMoveResponse), Does.Contain("move destination unknown").Or.Contain("unable to process"));
    }

    [Test]
    public async Task GetBringsTheStudyBackByteForByte()
    {
        using var got = new TempDirectory();
        var plan = new PresentationContextPlan()
            .Add(DicomUids.StudyRootQueryRetrieveInformationModelGet, PresentationContextPlan.UncompressedSyntaxes)
            .AddStorageAsScp([DicomUids.CTImageStorage]);
        await using var association = await DicomClient.AssociateAsync(Client(), plan);
        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, StudyToRetrieve(), new FileStorageService(got.Path));
        Assert.That(result.Status, Is.EqualTo(DimseStatus.Success), result.Describe(DimseCommandField.CGetResponse));
        Assert.That(result.Completed, Is.EqualTo(3));
        AssertSameDatasets(_sent, DatasetsIn(got.Path));
    }

    [Test]
    public async Task WrongCalledAeTitleIsRejected()
    {
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
            DicomClient.AssociateAsync(Client("NOT_ORTHANC"), new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Reject.Reason, Is.EqualTo(AssociateRejectPdu.UserCalledAeNotRecognized), e.Message);
        Assert.That(e.Message, Does.Contain("called AE title not recognized"));
    }
}

using ConformanceKit.Network.Tests.Support;
using static ConformanceKit.Testing.PeerFiles;

namespace ConformanceKit.Network.Tests.Peers;

/// <summary>dcmtk's SCUs (echoscu, storescu, findscu, movescu, getscu) against the harness SCP, on loopback.</summary>
[NonParallelizable]
public class DcmtkToHarnessTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private static DicomServerOptions Options(TempDirectory dir, IEnumerable<DicomDataset>? archive = null, NetworkTranscript? transcript = null) => new()
    {
        AeTitle = "CK_SCP",
        Store = new FileStorageService(dir.Combine("received")),
        Query = archive is null ? null : new TestArchive(archive),
        Retrieve = archive is null ? null : new TestArchive(archive),
        Observer = transcript,
    };

    [Test]
    public async Task EchoscuEchoesTheHarness()
    {
        var echoscu = PeerTools.Require("echoscu", "dcmtk");
        using var dir = new TempDirectory();
        await using var server = new DicomServer(Options(dir)).Start();
        var run = await PeerProcess.RunAsync(echoscu, Args("-aet", "ECHOSCU", "-aec", "CK_SCP", "127.0.0.1", server.Port), ToolTimeout);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public async Task EchoscuWithTheWrongCalledAeIsRejected()
    {
        var echoscu = PeerTools.Require("echoscu", "dcmtk");
        using var dir = new TempDirectory();
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(Options(dir, transcript: transcript)).Start();
        var run = await PeerProcess.RunAsync(echoscu, Args("-aet", "ECHOSCU", "-aec", "SOMEONE", "127.0.0.1", server.Port), ToolTimeout);
        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.ToString());
        Assert.That(run.ToString(), Does.Contain("Called AE Title Not Recognized").IgnoreCase);
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("called AE title not recognized")), Is.True);
    }

    [Test]
    public async Task StorescuFilesArriveByteForByte()
    {
        var storescu = PeerTools.Require("storescu", "dcmtk");
        using var dir = new TempDirectory();
        var sent = SmallSeries(dir, "dcmtk-storescu", 5);
        await using var server = new DicomServer(Options(dir)).Start();
        var run = await PeerProcess.RunAsync(storescu, Args(["-aet", "STORESCU", "-aec", "CK_SCP", "127.0.0.1", server.Port, .. sent]), ToolTimeout);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        AssertSameDatasets(sent, DatasetsIn(dir.Combine("received")));
    }

    [TestCase("STUDY", 1)]
    [TestCase("SERIES", 1)]
    [TestCase("IMAGE", 3)]
    public async Task FindscuGetsTheMatchesOfEachLevel(string level, int expected)
    {
        var findscu = PeerTools.Require("findscu", "dcmtk");
        using var dir = new TempDirectory();
        var study = SyntheticCt.Series(3, 16, 16, seed: "dcmtk-find");
        await using var server = new DicomServer(Options(dir, study)).Start();
        var work = dir.Combine("find");
        Directory.CreateDirectory(work);
        var run = await PeerProcess.RunAsync(findscu, Args("-S", "-X", "-aet", "FINDSCU", "-aec", "CK_SCP", "127.0.0.1", server.Port,
            "-k", $"QueryRetrieveLevel={level}", "-k", "PatientID=CK0001", "-k", "StudyInstanceUID", "-k", "SeriesInstanceUID", "-k", "SOPInstanceUID"),
            ToolTimeout, work);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var responses = Directory.GetFiles(work, "rsp*.dcm").Select(p => DicomFileReader.Read(p).Dataset).ToList();
        Assert.That(responses, Has.Count.EqualTo(expected), run.ToString());
        Assert.That(responses.Select(r => r.GetString(DicomTags.StudyInstanceUID)).Distinct(), Is.EqualTo(new[] { study[0].GetString(DicomTags.StudyInstanceUID) }));
        if (level == "IMAGE")
            Assert.That(responses.Select(r => r.GetString(DicomTags.SOPInstanceUID)), Is.EquivalentTo(study.Select(s => s.GetString(DicomTags.SOPInstanceUID))));
    }

    [Test]
    public async Task MovescuReceivesTheStudyOnItsOwnPortByteForByte()
    {
        var movescu = PeerTools.Require("movescu", "dcmtk");
        using var dir = new TempDirectory();
        var study = SyntheticCt.Series(3, 32, 32, seed: "dcmtk-move");
        var destPort = FreePort.Pick();
        var options = Options(dir, study) with
        {
            MoveDestinations = new Dictionary<string, MoveDestination> { ["MOVESCU"] = new("MOVESCU", "127.0.0.1", destPort) },
        };
        await using var server = new DicomServer(options).Start();
        var output = dir.Combine("moved");
        Directory.CreateDirectory(output);
        var run = await PeerProcess.RunAsync(movescu, Args("-v", "-S", "-aet", "MOVESCU", "-aec", "CK_SCP", "-aem", "MOVESCU", "+P", destPort, "+B", "-od", output,
            "127.0.0.1", server.Port, "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=CK0001"), ToolTimeout, workingDirectory: output);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        // movescu 3.6.7 writes bit-preserved files into its working directory whatever -od says.
        var received = DatasetsIn(output);
        Assert.That(received.Keys, Is.EquivalentTo(study.Select(s => s.GetString(DicomTags.SOPInstanceUID))), run.ToString());
        foreach (var ds in study)
            Assert.That(received[ds.GetString(DicomTags.SOPInstanceUID)!], Is.EqualTo(DicomWriter.Encode(ds, DicomTransferSyntax.ExplicitVRLittleEndian)));
    }

    [Test]
    public async Task GetscuReceivesTheStudyOnTheSameAssociationByteForByte()
    {
        var getscu = PeerTools.Require("getscu", "dcmtk");
        using var dir = new TempDirectory();
        var study = SyntheticCt.Series(3, 32, 32, seed: "dcmtk-get");
        await using var server = new DicomServer(Options(dir, study)).Start();
        var output = dir.Combine("got");
        Directory.CreateDirectory(output);
        var run = await PeerProcess.RunAsync(getscu, Args("-S", "-aet", "GETSCU", "-aec", "CK_SCP", "-od", output,
            "127.0.0.1", server.Port, "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=CK0001"), ToolTimeout);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var received = DatasetsIn(output);
        Assert.That(received.Keys, Is.EquivalentTo(study.Select(s => s.GetString(DicomTags.SOPInstanceUID))), run.ToString());
        foreach (var ds in study)
            Assert.That(received[ds.GetString(DicomTags.SOPInstanceUID)!], Is.EqualTo(DicomWriter.Encode(ds, DicomTransferSyntax.ExplicitVRLittleEndian)));
    }
}

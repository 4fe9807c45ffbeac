using System.Globalization;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Cli.Commands;
using ConformanceKit.Dicom;
using ConformanceKit.Testing;

namespace ConformanceKit.Cli.Tests;

/// <summary>`ck archive` as a plain DICOM archive for dcmtk's storescu, findscu and movescu (started with TCP_NODELAY=1).</summary>
[NonParallelizable]
public class ArchiveCommandTests
{
    private const string Study = "1.2.826.0.1.3680043.10.2.1", Series = Study + ".1";

    [Test]
    public async Task Ck_archive_stores_finds_and_moves_for_dcmtk_and_keeps_its_objects_across_a_restart()
    {
        var storescu = PeerTools.Require("storescu", "dcmtk");
        var findscu = PeerTools.Require("findscu", "dcmtk");
        var movescu = PeerTools.Require("movescu", "dcmtk");
        using var temp = new TempDirectory("ck-cli-archive");
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        var (port, destination) = (FreePort.Pick(), FreePort.Pick());
        var files = Enumerable.Range(1, 2).Select(i =>
        {
            var path = temp.Combine($"ct{i}.dcm");
            DicomFileWriter.Write(path, DicomFile.Create(TinyObjects.Ct("CLI1", Study, Series, Study + ".9", i)));
            return path;
        }).ToList();
        using var stop = new CancellationTokenSource();
        var archive = new ArchiveCommand().RunAsync(["--aet", "CK_ARCHIVE", "--port", P(port), "--dir", temp.Combine("archive"), "--bind", "127.0.0.1",
            "--dest", $"MOVESCU=127.0.0.1:{P(destination)}", "--quiet"], stop.Token);
        for (var i = 0; i < 300 && !archive.IsCompleted && !await PeerProcess.IsListeningAsync(port); i++) await Task.Delay(50);
        Assert.That(archive.IsCompleted, Is.False, "ck archive stopped early");

        var peer = new[] { "127.0.0.1", P(port) };
        var stored = await PeerProcess.RunAsync(storescu, ["-aet", "MODALITY", "-aec", "CK_ARCHIVE", .. peer, .. files], TimeSpan.FromSeconds(60));
        Assert.That(stored.ExitCode, Is.EqualTo(0), stored.ToString());
        var found = Directory.CreateDirectory(temp.Combine("found")).FullName;
        var find = await PeerProcess.RunAsync(findscu, ["-S", "-X", "-aet", "VIEWER", "-aec", "CK_ARCHIVE", .. peer, "-k", "QueryRetrieveLevel=IMAGE",
            "-k", $"StudyInstanceUID={Study}", "-k", $"SeriesInstanceUID={Series}", "-k", "SOPInstanceUID"], TimeSpan.FromSeconds(60), found);
        Assert.That(find.ExitCode, Is.EqualTo(0), find.ToString());
        Assert.That(Directory.EnumerateFiles(found, "rsp*.dcm").Count(), Is.EqualTo(2));
        var moved = Directory.CreateDirectory(temp.Combine("moved")).FullName;
        var move = await PeerProcess.RunAsync(movescu, ["-S", "-aet", "MOVESCU", "-aec", "CK_ARCHIVE", "-aem", "MOVESCU", "--port", P(destination), .. peer,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}"], TimeSpan.FromSeconds(60), moved);
        Assert.That(move.ExitCode, Is.EqualTo(0), move.ToString());
        Assert.That(Directory.EnumerateFiles(moved).Count(), Is.EqualTo(2), move.ToString());

        await stop.CancelAsync();
        Assert.That(await archive, Is.EqualTo(ExitCodes.Success));
        using var reopened = ArchiveStore.Open(temp.Combine("archive"));
        Assert.That((reopened.Count, reopened.Repair.Clean), Is.EqualTo((2, true)), "every object answered with success is on disk and indexed");
    }

    [TestCase("VIEWER", "expected AE=HOST:PORT")]
    [TestCase("VIEWER=host:99999", "not a TCP port")]
    public void A_malformed_destination_is_a_usage_error_that_says_why(string spec, string message)
    {
        using var temp = new TempDirectory("ck-cli-archive");
        Assert.That(async () => await new ArchiveCommand().RunAsync(["--port", "0", "--dir", temp.Path, "--dest", spec], CancellationToken.None),
            Throws.TypeOf<UsageException>().With.Message.Contains(message));
    }
}

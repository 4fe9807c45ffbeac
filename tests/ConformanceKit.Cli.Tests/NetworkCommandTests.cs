using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Testing;

namespace ConformanceKit.Cli.Tests;

/// <summary>
/// The network commands end to end and their exit codes (0 success, 1 the peer refused, 2 the peer could not be
/// reached or nothing could be read, 64 a bad command line). `ck storescp` runs as a separate process like every
/// other peer (TCP_NODELAY=1, waited for on its port, stopped by signal); the client commands run in-process against
/// it and against dcmtk's dcmqrscp.
/// </summary>
[NonParallelizable]
public class NetworkCommandTests
{
    private const string ScpAe = "CK_SCP";

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>`ck storescp` as its own process (ck.dll is copied next to the tests), listening on 127.0.0.1.</summary>
    private static Task<PeerProcess> StartStoreScpAsync(int port, string directory, params string[] extra)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ck.dll");
        if (!File.Exists(dll)) Assert.Ignore($"ck.dll not found next to the tests ({dll})");
        return PeerProcess.StartListeningAsync(port, TimeSpan.FromSeconds(60), "dotnet",
            [dll, "storescp", "--aet", ScpAe, "--port", P(port), "--dir", directory, "--bind", "127.0.0.1", .. extra]);
    }

    private static IReadOnlyList<DicomDataset> Study(string seed, int count = 3) => SyntheticCt.Series(count, 64, 64, seed: seed);

    [Test]
    public async Task EchoExitCodesSayWhatHappened()
    {
        using var dir = new TempDirectory("ck-cli-net");
        var port = FreePort.Pick();
        await using var scp = await StartStoreScpAsync(port, dir.Combine("in"));

        var ok = await Ck.RunAsync("echo", "--aec", ScpAe, "--port", P(port), "--repeat", "3");
        Assert.That(ok.ExitCode, Is.EqualTo(ExitCodes.Success), ok.Error);
        Assert.That(ok.Out.Split('\n').Count(l => l.Contains("success (0000H)", StringComparison.Ordinal)), Is.EqualTo(3), ok.Out);

        var rejected = await Ck.RunAsync("echo", "--aec", "NOT_HERE", "--port", P(port));
        Assert.That(rejected.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(rejected.Error, Does.Contain("rejected").And.Contain("called AE title not recognized"));

        var nobody = await Ck.RunAsync("echo", "--aec", ScpAe, "--port", P(FreePort.Pick()));
        Assert.That(nobody.ExitCode, Is.EqualTo(ExitCodes.Error));
        Assert.That(nobody.Error, Does.Contain("cannot connect"));

        Assert.That((await Ck.RunAsync("echo", "--port", "70000")).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("echo", "--aec", "A_TITLE_LONGER_THAN_16")).ExitCode, Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public async Task EchoToAPortThatNeverAnswersEndsAtTheTimeoutAsUnreachable()
    {
        using var port = await UnansweredPort.OpenAsync();
        // --timeout 1 also bounds the connect; without it the kernel's SYN retries would run past the 10 s bound.
        var echo = await Ck.RunAsync("echo", "--port", P(port.Port), "--timeout", "1").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(echo.ExitCode, Is.EqualTo(ExitCodes.Error), echo.Error);
        Assert.That(echo.Error, Does.Contain($"cannot connect: connection to 127.0.0.1:{P(port.Port)} timed out: no answer to the TCP connect within 1 s"));
    }

    [Test]
    public async Task StoreSendsFoldersRecursivelyByteForByteAndSkipsWhatIsNotDicom()
    {
        using var dir = new TempDirectory("ck-cli-net");
        var port = FreePort.Pick();
        var received = dir.Combine("in");
        await using var scp = await StartStoreScpAsync(port, received);
        var sent = SyntheticCt.WriteFiles(Study("cli-store"), dir.Combine("sent"))
            .Concat(SyntheticCt.WriteFiles(Study("cli-store-nested", 2), dir.Combine("sent/nested/deeper"))).ToList();
        await File.WriteAllTextAsync(dir.Combine("sent/notes.txt"), "not a DICOM file");

        var stored = await Ck.RunAsync("store", dir.Combine("sent"), "--aec", ScpAe, "--port", P(port));
        Assert.That(stored.ExitCode, Is.EqualTo(ExitCodes.Success), stored.Error);
        Assert.That(stored.Out, Does.Contain("stored 5 of 5").And.Contain("1 file(s) skipped as not DICOM"));
        Assert.That(stored.Error, Does.Contain("notes.txt"));
        PeerFiles.AssertSameDatasets(sent, PeerFiles.DatasetsIn(received));

        var nothing = await Ck.RunAsync("store", dir.Combine("sent/notes.txt"), "--aec", ScpAe, "--port", P(port));
        Assert.That(nothing.ExitCode, Is.EqualTo(ExitCodes.Error));
        Assert.That(nothing.Error, Does.Contain("no DICOM file to send"));

        var unreachable = await Ck.RunAsync("store", sent[0], "--aec", ScpAe, "--port", P(FreePort.Pick()));
        Assert.That(unreachable.ExitCode, Is.EqualTo(ExitCodes.Error));
        Assert.That(unreachable.Error, Does.Contain("cannot connect"));

        Assert.That((await Ck.RunAsync("store", dir.Combine("no-such-folder"), "--port", P(port))).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("store", "--port", P(port))).ExitCode, Is.EqualTo(ExitCodes.Usage));
    }

    [Test]
    public async Task StoreOfAnObjectTheScpRefusesExitsOneAndSaysWhy()
    {
        using var dir = new TempDirectory("ck-cli-net");
        var port = FreePort.Pick();
        // 64x64 16-bit pixels alone are 8 KiB, so a 4 KiB object limit refuses every image.
        await using var scp = await StartStoreScpAsync(port, dir.Combine("in"), "--max-object", "4096");
        var sent = SyntheticCt.WriteFiles(Study("cli-refused", 1), dir.Combine("sent"));

        var refused = await Ck.RunAsync("store", sent[0], "--aec", ScpAe, "--port", P(port));
        Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Failure), refused.Out + refused.Error);
        Assert.That(refused.Error, Does.Contain("abort"));
        // The server discards the partial file as it aborts; the client may see the A-ABORT a moment before that.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.EnumerateFiles(dir.Combine("in")).Any() && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.That(Directory.EnumerateFiles(dir.Combine("in"), "*", SearchOption.AllDirectories), Is.Empty, "nothing of a refused object is kept");
    }

    [TestCase("SIGTERM")]
    [TestCase("SIGINT")]
    public async Task StoreScpStopsGracefullyOnASignalLettingARunningAssociationFinish(string signal)
    {
        using var dir = new TempDirectory("ck-cli-net");
        var port = FreePort.Pick();
        var received = dir.Combine("in");
        var items = Study("cli-signal-" + signal, 2).Select(ds => StoreItem.FromDataset(ds)).ToList();
        await using var scp = await StartStoreScpAsync(port, received);
        var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = ScpAe },
            new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
        await using (association)
        {
            Assert.That((await association.StoreAsync(items[0])).Status.IsSuccess, Is.True);

            if (signal == "SIGINT") scp.Interrupt();
            else scp.Terminate();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await PeerProcess.IsListeningAsync(port) && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.That(await PeerProcess.IsListeningAsync(port), Is.False, $"after {signal} no new association is accepted\n{scp.Output}");
            Assert.That(scp.HasExited, Is.False, "the running association keeps the server up for its grace period");

            // The association that was running when the signal came may still finish its work (within the 5 s grace).
            Assert.That((await association.StoreAsync(items[1])).Status.IsSuccess, Is.True, scp.Output);
            await association.ReleaseAsync();
        }
        var exit = await scp.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.That(exit, Is.EqualTo(ExitCodes.Success), scp.Output);
        Assert.That(scp.Output, Does.Contain("ck storescp: stopped"));
        Assert.That(PeerFiles.DatasetsIn(received).Keys, Is.EquivalentTo(items.Select(i => i.SopInstanceUid)));
        Assert.That(Directory.GetFiles(received, ".*"), Is.Empty, "no temporary file is left");
    }

    [Test]
    public async Task StoreScpAbortsAnAssociationThatOutlivesTheGracePeriodAndExits()
    {
        using var dir = new TempDirectory("ck-cli-net");
        var port = FreePort.Pick();
        await using var scp = await StartStoreScpAsync(port, dir.Combine("in"));
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = ScpAe },
            new PresentationContextPlan().AddVerification());
        Assert.That((await association.EchoAsync()).Status.IsSuccess, Is.True);

        scp.Terminate();
        var exit = await scp.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.That(exit, Is.EqualTo(ExitCodes.Success), scp.Output);
        Assert.That(scp.Output, Does.Contain("ck storescp: stopped"));
        await Task.WhenAny(association.Completion, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.That(association.Completion.IsCompleted, Is.True, "the association ended with the server");
        Assert.That(async () => await association.EchoAsync(), Throws.InstanceOf<AssociationException>(),
            "the idle association was aborted when the grace period ended");
    }

    [Test]
    public async Task StoreScpCommandLineErrorsAndABusyPort()
    {
        using var dir = new TempDirectory("ck-cli-net");
        Assert.That((await Ck.RunAsync("storescp", "--port", "11112")).ExitCode, Is.EqualTo(ExitCodes.Usage), "--dir is required");
        Assert.That((await Ck.RunAsync("storescp", "--port", "11112", "--dir", dir.Path, "--bind", "localhost")).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("storescp", "--port", "11112", "--dir", dir.Path, "--tls")).ExitCode, Is.EqualTo(ExitCodes.Usage),
            "--tls without a certificate");

        var port = FreePort.Pick();
        await using var scp = await StartStoreScpAsync(port, dir.Combine("in"));
        var busy = await Ck.RunAsync("storescp", "--port", P(port), "--bind", "127.0.0.1", "--dir", dir.Combine("other")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(busy.ExitCode, Is.EqualTo(ExitCodes.Error));
        Assert.That(busy.Error, Does.Contain("cannot listen"));
    }

    [Test]
    public async Task StoreScpAndEchoOverTlsWithClientCertificates()
    {
        using var dir = new TempDirectory("ck-cli-net");
        using var authority = TestCertificates.CreateAuthority();
        using var server = TestCertificates.Issue(authority, "CN=localhost", server: true);
        using var client = TestCertificates.Issue(authority, "CN=ck-client", server: false);
        var (ca, _) = TestCertificates.WritePem(authority, dir.Path, "ca");
        var (serverCert, serverKey) = TestCertificates.WritePem(server, dir.Path, "server");
        var (clientCert, clientKey) = TestCertificates.WritePem(client, dir.Path, "client");
        var port = FreePort.Pick();
        await using var scp = await StartStoreScpAsync(port, dir.Combine("in"), "--tls", "--tls-cert", serverCert, "--tls-key", serverKey, "--tls-ca", ca);

        string[] peer = ["--aec", ScpAe, "--port", P(port), "--tls", "--tls-ca", ca];
        var mutual = await Ck.RunAsync(["echo", .. peer, "--tls-cert", clientCert, "--tls-key", clientKey]);
        Assert.That(mutual.ExitCode, Is.EqualTo(ExitCodes.Success), mutual.Error + scp.Output);

        var sent = SyntheticCt.WriteFiles(Study("cli-tls", 1), dir.Combine("sent"));
        var stored = await Ck.RunAsync(["store", sent[0], .. peer, "--tls-cert", clientCert, "--tls-key", clientKey]);
        Assert.That(stored.ExitCode, Is.EqualTo(ExitCodes.Success), stored.Error);
        PeerFiles.AssertSameDatasets(sent, PeerFiles.DatasetsIn(dir.Combine("in")));

        var anonymous = await Ck.RunAsync(["echo", .. peer]);
        Assert.That(anonymous.ExitCode, Is.Not.EqualTo(ExitCodes.Success), "the server requires a client certificate");

        var untrusted = await Ck.RunAsync("echo", "--aec", ScpAe, "--port", P(port), "--tls", "--tls-cert", clientCert, "--tls-key", clientKey);
        Assert.That(untrusted.ExitCode, Is.EqualTo(ExitCodes.Error), "the test CA is not in the system store");
        Assert.That(untrusted.Error, Does.Contain("cannot connect"));
    }

    [Test]
    public async Task FindMoveAndGetAgainstDcmqrscp()
    {
        using var dir = new TempDirectory("ck-cli-net");
        var destinationPort = FreePort.Pick();
        var moved = dir.Combine("moved");
        await using var destination = await StartStoreScpAsync(destinationPort, moved);
        await using var archive = await DcmqrscpPeer.StartAsync("QRSCP", [new DcmqrscpHost(ScpAe, "127.0.0.1", destinationPort)]);
        var study = Study("cli-qr");
        var sent = SyntheticCt.WriteFiles(study, dir.Combine("sent"));
        string[] peer = ["--aec", "QRSCP", "--port", P(archive.Port)];
        var studyUid = study[0].GetString(DicomTags.StudyInstanceUID)!;
        var seriesUid = study[0].GetString(DicomTags.SeriesInstanceUID)!;

        var stored = await Ck.RunAsync(["store", dir.Combine("sent"), .. peer]);
        Assert.That(stored.ExitCode, Is.EqualTo(ExitCodes.Success), stored.Error + archive.Output);

        var studies = await Ck.RunAsync(["find", .. peer, "--level", "STUDY", "-k", $"StudyInstanceUID={studyUid}", "-k", "PatientName="]);
        Assert.That(studies.ExitCode, Is.EqualTo(ExitCodes.Success), studies.Error);
        Assert.That(studies.Out, Does.Contain("1 match(es) at STUDY level").And.Contain("Phantom^Ct"));
        var images = await Ck.RunAsync(["find", .. peer, "--level", "IMAGE", "-k", $"StudyInstanceUID={studyUid}", "-k", $"0020,000E={seriesUid}", "-k", "SOPInstanceUID="]);
        Assert.That(images.ExitCode, Is.EqualTo(ExitCodes.Success), images.Error);
        Assert.That(images.Out, Does.Contain("3 match(es) at IMAGE level"));
        foreach (var ds in study) Assert.That(images.Out, Does.Contain(ds.GetString(DicomTags.SOPInstanceUID)!));

        var move = await Ck.RunAsync(["move", .. peer, "--dest", ScpAe, "--level", "STUDY", "-k", $"StudyInstanceUID={studyUid}"]);
        Assert.That(move.ExitCode, Is.EqualTo(ExitCodes.Success), move.Error + archive.Output);
        Assert.That(move.Out, Does.Contain("3 completed, 0 failed"));
        PeerFiles.AssertSameDatasets(sent, PeerFiles.DatasetsIn(moved));

        var unknown = await Ck.RunAsync(["move", .. peer, "--dest", "NOWHERE", "--level", "STUDY", "-k", $"StudyInstanceUID={studyUid}"]);
        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(unknown.Error, Does.Contain("move destination unknown"));

        var got = dir.Combine("got");
        var get = await Ck.RunAsync(["get", .. peer, "--out", got, "--level", "STUDY", "-k", $"StudyInstanceUID={studyUid}"]);
        Assert.That(get.ExitCode, Is.EqualTo(ExitCodes.Success), get.Error + archive.Output);
        PeerFiles.AssertSameDatasets(sent, PeerFiles.DatasetsIn(got));

        var wrongAe = await Ck.RunAsync(["find", "--aec", "NOT_QRSCP", "--port", P(archive.Port), "-k", "StudyInstanceUID="]);
        Assert.That(wrongAe.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(wrongAe.Error, Does.Contain("rejected"));

        Assert.That((await Ck.RunAsync(["find", .. peer, "--level", "FRAME"])).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync(["find", .. peer, "-k", "NoSuchKeyword=1"])).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync(["get", .. peer, "-k", $"StudyInstanceUID={studyUid}"])).ExitCode, Is.EqualTo(ExitCodes.Usage), "--out is required");
        Assert.That((await Ck.RunAsync(["move", .. peer, "-k", $"StudyInstanceUID={studyUid}"])).ExitCode, Is.EqualTo(ExitCodes.Usage), "--dest is required");
    }
}

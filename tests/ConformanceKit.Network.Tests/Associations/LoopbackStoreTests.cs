
namespace ConformanceKit.Network.Tests.Associations;

/// <summary>The harness SCU against the harness SCP on loopback: echo, store, rejection, capture.</summary>
public class LoopbackStoreTests
{
    [Test]
    public async Task EchoSucceedsAndTheTranscriptShowsEveryStep()
    {
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", Observer = transcript }).Start();
        await using (var association = await DicomClient.AssociateAsync(
                         new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", Observer = transcript },
                         new PresentationContextPlan().AddVerification()))
        {
            var response = await association.EchoAsync();
            Assert.That(response.Status, Is.EqualTo(DimseStatus.Success));
            Assert.That(association.PeerUserInformation!.ImplementationClassUid, Is.EqualTo(DicomFileMeta.ImplementationClassUid));
        }
        await WaitQuietAsync(server);
        var dimse = transcript.OfType<DimseEvent>().ToList();
        Assert.That(dimse.Select(d => (d.Direction, d.Command.CommandField)), Is.SupersetOf(new[]
        {
            (Direction.Sent, DimseCommandField.CEchoRequest), (Direction.Received, DimseCommandField.CEchoRequest),
            (Direction.Sent, DimseCommandField.CEchoResponse), (Direction.Received, DimseCommandField.CEchoResponse),
        }));
        var pduTypes = transcript.OfType<PduEvent>().Select(p => (p.Direction, p.Type)).ToList();
        Assert.That(pduTypes, Does.Contain((Direction.Sent, PduType.AssociateRequest)));
        Assert.That(pduTypes, Does.Contain((Direction.Received, PduType.ReleaseResponse)));
        Assert.That(transcript.OfType<TransitionEvent>().Count(), Is.GreaterThan(10), "every transition is observable");
        Assert.That(transcript.Events.Select(e => e.AssociationId).Distinct().Count(), Is.EqualTo(2), "one identity per side");
    }

    [Test]
    public async Task StoredFilesHoldTheSentDatasetByteForByte()
    {
        using var dir = new TempDirectory();
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions { Store = store }).Start();
        var images = SyntheticCt.Series(5, 32, 32, seed: "loopback-store");
        var items = images.Select(ds => StoreItem.FromDataset(ds)).ToList();
        await using (var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
                         new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)))))
        {
            foreach (var item in items)
                Assert.That((await association.StoreAsync(item)).Status, Is.EqualTo(DimseStatus.Success));
        }
        foreach (var item in items)
        {
            var path = Path.Combine(store.Directory, item.SopInstanceUid + ".dcm");
            var file = DicomFileReader.Read(path);
            Assert.That(File.ReadAllBytes(path)[(int)file.DatasetOffset..], Is.EqualTo((await item.Dataset.ReadAllAsync(default)).ToArray()));
            Assert.That(file.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle), Is.EqualTo("CK_SCU"));
        }
        Assert.That(Directory.GetFiles(store.Directory, "*.part"), Is.Empty, "no temporary file is left");
    }

    [Test]
    public async Task WrongCalledAeTitleIsRejectedInWords()
    {
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP" }).Start();
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => DicomClient.AssociateAsync(
            new DicomClientOptions { Port = server.Port, CalledAeTitle = "NOT_ME" }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Reject.Source, Is.EqualTo(RejectSource.ServiceUser));
        Assert.That(e.Reject.Reason, Is.EqualTo(AssociateRejectPdu.UserCalledAeNotRecognized));
        Assert.That(e.Message, Does.Contain("called AE title not recognized"));
    }

    [Test]
    public async Task CallingAeTitleOutsideTheAllowListIsRejected()
    {
        await using var server = new DicomServer(new DicomServerOptions { AllowedCallingAeTitles = new HashSet<string> { "FRIEND" } }).Start();
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => DicomClient.AssociateAsync(
            new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "STRANGER" }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Message, Does.Contain("calling AE title not recognized"));
        await using var friend = await DicomClient.AssociateAsync(
            new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "FRIEND" }, new PresentationContextPlan().AddVerification());
        Assert.That((await friend.EchoAsync()).Status.IsSuccess);
    }

    [Test]
    public async Task ConnectingToAPortWithNobodySaysSo()
    {
        var port = FreePort.Pick();
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => DicomClient.AssociateAsync(
            new DicomClientOptions { Port = port }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Message, Does.Contain("refused").And.Contain("wrong port"));
    }

    [Test]
    public async Task ASecondServerCannotTakeAPortInUseButARestartedOneCan()
    {
        var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", BindAddress = System.Net.IPAddress.Loopback }).Start();
        var port = server.Port;
        await using (server)
        {
            // Both listening would let the kernel split the associations between two servers (SO_REUSEPORT).
            var second = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", BindAddress = System.Net.IPAddress.Loopback, Port = port });
            var e = Assert.Throws<System.Net.Sockets.SocketException>(() => second.Start());
            Assert.That(e!.SocketErrorCode, Is.EqualTo(System.Net.Sockets.SocketError.AddressAlreadyInUse));
            // An association open when the server stops: the server closes first, so its side of the connection is left in TIME_WAIT.
            var open = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" }, new PresentationContextPlan().AddVerification());
            await using (open)
            {
                await server.StopAsync(TimeSpan.Zero);
                await open.Completion.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        await using var restarted = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", BindAddress = System.Net.IPAddress.Loopback, Port = port }).Start();
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" }, new PresentationContextPlan().AddVerification());
        Assert.That((await association.EchoAsync()).Status.IsSuccess);
    }

    internal static async Task WaitQuietAsync(DicomServer server)
    {
        for (var i = 0; i < 200 && server.Associations.Count > 0; i++) await Task.Delay(10);
    }
}

using System.Buffers.Binary;

namespace ConformanceKit.Network.Tests.Associations;

/// <summary>
/// Bad peers against the harness SCP: malformed and oversized PDUs, PDUs in the wrong state, stalled peers,
/// transfers cut off, failed writes. Each bad association is aborted with the right source and reason, the
/// event is in the transcript, nothing half-received is kept, and the server keeps serving everyone else.
/// </summary>
[NonParallelizable]
public class RobustnessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static byte[] Request(string called = "CK_SCP", uint maxLength = 16384) => PduEncoder.Encode(new AssociateRequestPdu
    {
        CalledAeTitle = called,
        CallingAeTitle = "RAW_PEER",
        PresentationContexts = [new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
        UserInformation = new UserInformation { MaximumLength = maxLength },
    });

    /// <summary>Connects a raw peer and gets it accepted (the server is then in Sta6 for it).</summary>
    private static async Task<RawPeer> EstablishedPeerAsync(DicomServer server)
    {
        var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(Request());
        var ac = await peer.ReceivePduAsync(Wait);
        Assert.That(ac?.Type, Is.EqualTo((byte)PduType.AssociateAccept));
        return peer;
    }

    private static async Task AssertStillServesAsync(DicomServer server)
    {
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().AddVerification());
        Assert.That((await association.EchoAsync()).Status, Is.EqualTo(DimseStatus.Success), "the server keeps serving others");
    }

    private static async Task<(byte Source, byte Reason)> ExpectAbortAsync(RawPeer peer)
    {
        var pdu = await peer.ReceivePduAsync(Wait);
        Assert.That(pdu?.Type, Is.EqualTo((byte)PduType.Abort), "an A-ABORT answers the bad PDU");
        return (pdu!.Value.Body[2], pdu.Value.Body[3]);
    }

    [Test]
    public async Task UnknownPduTypeOnAnEstablishedAssociationIsAbortedAsUnrecognized()
    {
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { Observer = transcript }).Start();
        await using var peer = await EstablishedPeerAsync(server);
        await AssertStillServesAsync(server); // a second association works while the first is open
        await peer.SendAsync(new byte[] { 0x0A, 0, 0, 0, 0, 2, 0xDE, 0xAD });
        Assert.That(await ExpectAbortAsync(peer), Is.EqualTo(((byte)AbortSource.ServiceProvider, (byte)AbortReason.UnrecognizedPdu)));
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("unrecognized PDU type 0x0A")), Is.True, transcript.Format());
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task PDataLongerThanTheAnnouncedMaximumIsAbortedWithoutReadingIt()
    {
        await using var server = new DicomServer(new DicomServerOptions()).Start();
        await using var peer = await EstablishedPeerAsync(server);
        // A P-DATA-TF header claiming 1 GB: far beyond the 256 KiB the server announced (PS3.8 D.1).
        var header = new byte[6];
        header[0] = (byte)PduType.DataTransfer;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), 1u << 30);
        await peer.SendAsync(header);
        Assert.That(await ExpectAbortAsync(peer), Is.EqualTo(((byte)AbortSource.ServiceProvider, (byte)AbortReason.InvalidPduParameterValue)));
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task MalformedPdvIsAbortedAsAnInvalidParameter()
    {
        await using var server = new DicomServer(new DicomServerOptions()).Start();
        await using var peer = await EstablishedPeerAsync(server);
        // PDV item length 0xFFFF in a 10-byte P-DATA-TF body.
        await peer.SendAsync(new byte[] { 4, 0, 0, 0, 0, 10, 0, 0, 0xFF, 0xFF, 1, 3, 0, 0, 0, 0 });
        Assert.That(await ExpectAbortAsync(peer), Is.EqualTo(((byte)AbortSource.ServiceProvider, (byte)AbortReason.InvalidPduParameterValue)));
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task AssociateRequestInTheMiddleOfAnAssociationIsAnUnexpectedPdu()
    {
        await using var server = new DicomServer(new DicomServerOptions()).Start();
        await using var peer = await EstablishedPeerAsync(server);
        await peer.SendAsync(Request());
        Assert.That(await ExpectAbortAsync(peer), Is.EqualTo(((byte)AbortSource.ServiceProvider, (byte)AbortReason.UnexpectedPdu)));
    }

    [Test]
    public async Task GarbageCommandSetAbortsTheAssociationOnly()
    {
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { Observer = transcript }).Start();
        await using var peer = await EstablishedPeerAsync(server);
        await peer.SendAsync(PduEncoder.Encode(new DataTransferPdu([new PresentationDataValue(1, true, true, new byte[] { 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0x7F })])));
        var (source, _) = await ExpectAbortAsync(peer);
        Assert.That(source, Is.EqualTo((byte)AbortSource.ServiceUser), "the DIMSE layer, the upper layer's user, aborts");
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("DIMSE protocol violation")), Is.True, transcript.Format());
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task AnScpThatNeverAnswersIsTimedOutByTheDimseTimeoutAndAborted()
    {
        using var listener = FreePort.Listen();
        var options = new DicomClientOptions
        {
            Port = FreePort.PortOf(listener), CalledAeTitle = "SILENT", CallingAeTitle = "CK_SCU",
            Settings = new AssociationSettings { DimseTimeout = TimeSpan.FromSeconds(1) },
        };
        var connecting = DicomClient.AssociateAsync(options, new PresentationContextPlan().AddVerification());
        using var socket = await listener.AcceptSocketAsync();
        await using var peer = RawPeer.FromAccepted(socket);
        Assert.That((await peer.ReceivePduAsync(Wait))?.Type, Is.EqualTo((byte)PduType.AssociateRequest));
        await peer.SendAsync(PduEncoder.Encode(new AssociateAcceptPdu
        {
            CalledAeTitle = "SILENT",
            CallingAeTitle = "CK_SCU",
            PresentationContexts = [new(1, PresentationContextResultCode.Acceptance, DicomUids.ImplicitVRLittleEndian)],
            UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3" },
        }));
        await using var association = await connecting;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => association.EchoAsync());
        Assert.That(e!.Message, Does.Contain("no response to C-ECHO-RQ within 1 s"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)), "the timeout, not something later, ended the wait");
        Assert.That((await peer.ReceivePduAsync(Wait))?.Type, Is.EqualTo((byte)PduType.DataTransfer), "the C-ECHO-RQ went out");
        Assert.That((await peer.ReceivePduAsync(Wait))?.Type, Is.EqualTo((byte)PduType.Abort), "then the association was aborted");
    }

    [Test]
    public async Task AConnectThatNeverCompletesIsEndedByTheConnectTimeout()
    {
        using var port = await UnansweredPort.OpenAsync();
        var options = new DicomClientOptions { Port = port.Port, CalledAeTitle = "SILENT", ConnectTimeout = TimeSpan.FromMilliseconds(300) };

        // Without the timeout the connect would wait for the kernel's SYN retries (over a minute): the 5 s bound
        // turns that into a TimeoutException instead of a hung test.
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() =>
            DicomClient.AssociateAsync(options, new PresentationContextPlan().AddVerification()).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.That(e!.Message, Is.EqualTo($"transport connection failed: connection to 127.0.0.1:{port.Port} timed out: no answer to the TCP connect within 0.3 s"));
    }

    [Test]
    public async Task APeerThatNeverSendsTheAssociateRequestIsClosedByArtim()
    {
        await using var server = new DicomServer(new DicomServerOptions { Settings = new AssociationSettings { ArtimTimeout = TimeSpan.FromSeconds(1) } }).Start();
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        Assert.That(await peer.ClosedWithinAsync(TimeSpan.FromSeconds(8)), Is.True, "ARTIM expiry closes the connection (AA-2)");
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task APeerThatStallsMidAssociationIsAbortedByTheIdleTimeout()
    {
        var settings = new AssociationSettings { IdleTimeout = TimeSpan.FromSeconds(1), ArtimTimeout = TimeSpan.FromSeconds(1) };
        await using var server = new DicomServer(new DicomServerOptions { Settings = settings }).Start();
        await using var peer = await EstablishedPeerAsync(server);
        // Half a PDU, then silence.
        await peer.SendAsync(new byte[] { 4, 0, 0, 0, 0, 100, 0, 0 });
        Assert.That(await ExpectAbortAsync(peer), Is.EqualTo(((byte)AbortSource.ServiceUser, (byte)AbortReason.NotSpecified)));
        Assert.That(await peer.ClosedWithinAsync(TimeSpan.FromSeconds(8)), Is.True, "then ARTIM closes the connection");
        await WaitUntilAsync(() => server.Associations.Count == 0);
        Assert.That(server.Associations, Is.Empty, "its resources are freed");
    }

    [Test]
    public async Task AnAbortedTransferLeavesNothingBehindAndTheServerGoesOn()
    {
        using var dir = new TempDirectory();
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions { Store = store }).Start();
        var big = StoreItem.FromDataset(SyntheticCt.Image(1, 3000, 3000, "1.2.3", "1.2.3.1", "1.2.3.2", "1.2.3.3.4"));
        var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().AddObject(big.SopClassUid, big.TransferSyntax));
        var sending = association.StoreAsync(big);
        await WaitUntilAsync(() => Directory.Exists(store.Directory) && Directory.GetFiles(store.Directory, "*.part").Length > 0);
        await association.AbortAsync("test cuts the transfer");
        await Assert.ThrowsAsync<AssociationAbortedException>(() => sending);
        await WaitUntilAsync(() => server.Associations.Count == 0);
        Assert.That(Directory.GetFiles(store.Directory), Is.Empty, "neither the object nor its temporary file is kept");
        await AssertStillServesAsync(server);
    }

    [Test]
    public async Task StorescuKilledMidTransferLeavesNothingBehind()
    {
        var storescu = PeerTools.Require("storescu", "dcmtk");
        using var dir = new TempDirectory();
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions { Store = store }).Start();
        var files = SyntheticCt.WriteFiles(SyntheticCt.Series(1, 4000, 4000, seed: "killed"), dir.Combine("sent"));
        var run = PeerProcess.Start(storescu, ["-aet", "STORESCU", "-aec", "CK_SCP", "--max-send-pdu", "4096", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), files[0]]);
        await using (run)
        {
            await WaitUntilAsync(() => Directory.Exists(store.Directory) && Directory.GetFiles(store.Directory, "*.part").Length > 0);
            Assume.That(run.HasExited, Is.False, "storescu finished before it could be killed");
            await run.StopAsync(TimeSpan.Zero);
        }
        await WaitUntilAsync(() => server.Associations.Count == 0);
        Assert.That(Directory.GetFiles(store.Directory), Is.Empty);
        await AssertStillServesAsync(server);
    }

    /// <summary>A storage service whose disk "fills up" after some bytes.</summary>
    private sealed class FailingStore : IStoreService
    {
        public ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel) => ValueTask.FromResult<IStoreSink>(new Sink());

        private sealed class Sink : IStoreSink
        {
            private long _written;
            public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
            {
                _written += fragment.Length;
                if (_written > 1000) throw new IOException("No space left on device");
                return ValueTask.CompletedTask;
            }
            public ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel) => ValueTask.FromResult(ServiceResult.Success);
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Test]
    public async Task AFailedWriteIsAnsweredWithAFailureStatusInWords()
    {
        await using var server = new DicomServer(new DicomServerOptions { Store = new FailingStore() }).Start();
        var item = StoreItem.FromDataset(SyntheticCt.Series(1, 64, 64, seed: "failing")[0]);
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().AddObject(item.SopClassUid, item.TransferSyntax));
        var response = await association.StoreAsync(item);
        Assert.That(response.Status, Is.EqualTo(DimseStatus.OutOfResources));
        Assert.That(response.ErrorComment, Does.Contain("No space left on device"));
        Assert.That(association.IsEstablished, Is.True, "a failed store does not end the association");
    }

    [Test]
    public async Task AnUnwritableStorageDirectoryIsAnsweredWithAFailureStatus()
    {
        using var dir = new TempDirectory();
        var blocker = dir.Combine("file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        await using var server = new DicomServer(new DicomServerOptions { Store = new FileStorageService(Path.Combine(blocker, "sub")) }).Start();
        var item = StoreItem.FromDataset(SyntheticCt.Series(1, 16, 16, seed: "unwritable")[0]);
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().AddObject(item.SopClassUid, item.TransferSyntax));
        var response = await association.StoreAsync(item);
        Assert.That(response.Status.IsFailure, Is.True, response.Describe());
        Assert.That(response.ErrorComment, Does.StartWith("cannot store"));
    }

    [Test]
    public async Task SeveralConcurrentAssociationsAllStoreTheirObjects()
    {
        using var dir = new TempDirectory();
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions { Store = store }).Start();
        var series = Enumerable.Range(0, 6).Select(i => SyntheticCt.Series(5, 64, 64, seed: $"concurrent-{i}")).ToList();
        await Task.WhenAll(series.Select(async images =>
        {
            var items = images.Select(ds => StoreItem.FromDataset(ds)).ToList();
            await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
                new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
            foreach (var item in items) Assert.That((await association.StoreAsync(item)).Status, Is.EqualTo(DimseStatus.Success));
        }));
        Assert.That(Directory.GetFiles(store.Directory, "*.dcm"), Has.Length.EqualTo(30));
    }

    [Test]
    public async Task TooManyAssociationsAreRejectedTransiently()
    {
        await using var server = new DicomServer(new DicomServerOptions { MaxAssociations = 1 }).Start();
        await using var first = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" }, new PresentationContextPlan().AddVerification());
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() =>
            DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Reject.Result, Is.EqualTo(RejectResult.RejectedTransient));
        Assert.That(e.Message, Does.Contain("local limit exceeded"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }
}

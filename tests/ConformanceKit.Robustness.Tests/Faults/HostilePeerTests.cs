using System.Diagnostics;
using ConformanceKit.Robustness.Tests.Load;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Faults;

/// <summary>
/// Faults on loopback while a well-behaved peer keeps storing: a peer that aborts in the middle of an object,
/// one that stalls half way through a PDU, one that floods the server with connections and associations. The
/// configured timeouts fire, every resource of the bad peer is released (its association, its temporary file),
/// and the good peer's objects are all stored.
/// </summary>
[NonParallelizable]
public class HostilePeerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    private static DicomServerOptions Options(FileStorageService store, int maxAssociations = 64) => new()
    {
        AeTitle = "CK_SCP",
        Store = store,
        MaxAssociations = maxAssociations,
        Settings = new AssociationSettings { ArtimTimeout = Short, IdleTimeout = Short },
    };

    private static byte[] AssociateRequest() => PduEncoder.Encode(new AssociateRequestPdu
    {
        CalledAeTitle = "CK_SCP",
        CallingAeTitle = "HOSTILE",
        PresentationContexts = [new(1, DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian])],
        UserInformation = new UserInformation { MaximumLength = 16384 },
    });

    /// <summary>A good peer storing a series while the fault happens; returns how many were answered with success.</summary>
    private static async Task<int> StoreSeriesAsync(DicomServer server, string seed, int count = 40, TimeSpan? retryFor = null)
    {
        var items = SyntheticCt.Series(count, 32, 32, seed: seed).Select(ds => StoreItem.FromDataset(ds)).ToList();
        var deadline = DateTime.UtcNow + (retryFor ?? TimeSpan.Zero);
        while (true)
        {
            try
            {
                await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "GOOD_SCU" },
                    new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
                var ok = 0;
                foreach (var item in items)
                    if ((await association.StoreAsync(item)).Status.IsSuccess) ok++;
                return ok;
            }
            catch (AssociationRejectedException e) when (e.Reject.Result == RejectResult.RejectedTransient && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200); // the server is full for now (PS3.8 Table 9-21: transient); try again
            }
        }
    }

    private static int Files(FileStorageService store, string pattern) =>
        Directory.Exists(store.Directory) ? Directory.GetFiles(store.Directory, pattern).Length : 0;

    [Test]
    public async Task APeerThatAbortsMidObjectLeavesNothingAndOthersAreServed()
    {
        using var dir = new TempDirectory("ck-fault-abort");
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(Options(store)).Start();
        var image = SyntheticCt.Image(1, 2048, 2048, "1.2.826.0.1.3680043.2.1", "1.2.826.0.1.3680043.2.2", "1.2.826.0.1.3680043.2.3", "1.2.826.0.1.3680043.2.4");
        var halfway = new HalfwaySource(DicomWriter.Encode(image, DicomTransferSyntax.ExplicitVRLittleEndian), stopAt: 2 << 20);
        var big = new StoreItem(DicomUids.CTImageStorage, image.GetString(DicomTags.SOPInstanceUID)!, DicomTransferSyntax.ExplicitVRLittleEndian, halfway);
        var good = StoreSeriesAsync(server, "fault-abort-good");
        var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "ABORTER" },
            new PresentationContextPlan().AddObject(big.SopClassUid, big.TransferSyntax));
        var sending = association.StoreAsync(big);
        await halfway.Reached;
        await ConcurrentIngestTests.WaitAsync(() => Files(store, ".*.part") > 0);
        var partial = Files(store, ".*.part");
        await association.AbortAsync("fault injection: abort mid-object");
        halfway.Cut();
        Assert.That(async () => await sending, Throws.InstanceOf<AssociationException>().Or.InstanceOf<IOException>().Or.InstanceOf<InvalidOperationException>());
        var stored = await good;
        await ConcurrentIngestTests.WaitAsync(() => server.Associations.Count == 0);

        RobustnessFigures.Record("fault-abort-mid-object", new { Fault = "peer aborts in the middle of an 8 MB object (after 2 MiB)", PartialSeen = partial, GoodStored = stored, LeftOpen = server.Associations.Count, TemporaryFilesLeft = Files(store, ".*.part") });
        Assert.Multiple(() =>
        {
            Assert.That(partial, Is.GreaterThan(0), "the abort came while the object was being written");
            Assert.That(Files(store, "*"), Is.EqualTo(40), "only the good peer's 40 objects: no half object, no temporary file");
            Assert.That(File.Exists(Path.Combine(store.Directory, big.SopInstanceUid + ".dcm")), Is.False);
            Assert.That(stored, Is.EqualTo(40), "the good peer was served throughout");
            Assert.That(server.Associations, Is.Empty, "the aborted association is released");
        });
    }

    /// <summary>An object whose bytes stop coming after <c>stopAt</c>, until the test cuts the transfer: the peer is then mid-object for sure.</summary>
    private sealed class HalfwaySource(byte[] bytes, long stopAt) : DatasetSource
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;
        public void Cut() => _cut.TrySetResult();
        public override long Length => bytes.Length;

        public override async ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancel)
        {
            if (offset >= stopAt)
            {
                _reached.TrySetResult();
                await _cut.Task.WaitAsync(cancel);
                throw new IOException("the transfer was cut by the test");
            }
            var n = (int)Math.Min(destination.Length, stopAt - offset);
            bytes.AsMemory((int)offset, n).CopyTo(destination);
            return n;
        }

        public override ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancel) => ValueTask.FromResult<ReadOnlyMemory<byte>>(bytes);
    }

    [Test]
    public async Task APeerThatStallsHalfWayThroughAPduIsAbortedByTheIdleTimeout()
    {
        using var dir = new TempDirectory("ck-fault-stall");
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(Options(store)).Start();

        // One stalls in the middle of an A-ASSOCIATE-RQ (ARTIM guards Sta2); one stalls half way through a P-DATA-TF (idle timeout in Sta6).
        var request = AssociateRequest();
        await using var beforeAssociation = await RawPeer.ConnectAsync(server.Port);
        await beforeAssociation.SendAsync(request.AsMemory(0, request.Length / 2));
        await using var midData = await RawPeer.ConnectAsync(server.Port);
        await midData.SendAsync(request);
        Assert.That((await midData.ReceivePduAsync(TimeSpan.FromSeconds(10)))?.Type, Is.EqualTo((byte)PduType.AssociateAccept));
        await midData.SendAsync(new byte[] { 4, 0, 0, 0, 0x10, 0, 0, 0, 0x0F, 0xFA, 1, 0, 1, 2, 3 }); // 15 of 4,102 bytes
        var clock = Stopwatch.StartNew();

        var stored = await StoreSeriesAsync(server, "fault-stall-good");
        var abort = await midData.ReceivePduAsync(TimeSpan.FromSeconds(10));
        var abortAfter = clock.Elapsed.TotalSeconds;
        var closedMid = await midData.ClosedWithinAsync(TimeSpan.FromSeconds(10));
        var closedBefore = await beforeAssociation.ClosedWithinAsync(TimeSpan.FromSeconds(10));
        await ConcurrentIngestTests.WaitAsync(() => server.Associations.Count == 0);

        RobustnessFigures.Record("fault-stall", new { Fault = "peers stall half way through an A-ASSOCIATE-RQ and a P-DATA-TF", IdleTimeoutSeconds = Short.TotalSeconds, AbortAfterSeconds = Math.Round(abortAfter, 1), GoodStored = stored, LeftOpen = server.Associations.Count });
        Assert.Multiple(() =>
        {
            Assert.That(abort?.Type, Is.EqualTo((byte)PduType.Abort), "the stalled association is aborted");
            Assert.That(abortAfter, Is.LessThan(Short.TotalSeconds + 5), "by the idle timeout, not later");
            Assert.That(closedMid, Is.True, "and its connection closed");
            Assert.That(closedBefore, Is.True, "ARTIM closes the connection that never finished its A-ASSOCIATE-RQ");
            Assert.That(stored, Is.EqualTo(40), "others were served meanwhile");
            Assert.That(server.Associations, Is.Empty, "resources released");
        });
    }

    [Test]
    public async Task APeerThatFloodsAssociationsCannotStopOthersForLongerThanTheTimers()
    {
        const int limit = 32;
        const int silentConnections = 60;
        const int idleAssociations = 60;
        using var dir = new TempDirectory("ck-fault-flood");
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(Options(store, limit)).Start();

        // The flood: connections that never speak, and associations that are accepted and then go quiet.
        var silent = await Task.WhenAll(Enumerable.Range(0, silentConnections).Select(_ => RawPeer.ConnectAsync(server.Port)));
        var idle = await Task.WhenAll(Enumerable.Range(0, idleAssociations).Select(async _ =>
        {
            var peer = await RawPeer.ConnectAsync(server.Port);
            await peer.SendAsync(AssociateRequest());
            return (Peer: peer, Answer: await peer.ReceivePduAsync(TimeSpan.FromSeconds(20)));
        }));
        var rejected = idle.Count(i => i.Answer?.Type == (byte)PduType.AssociateReject && i.Answer.Value.Body[1] == (byte)RejectResult.RejectedTransient);
        var accepted = idle.Count(i => i.Answer?.Type == (byte)PduType.AssociateAccept);
        var clock = Stopwatch.StartNew();

        // The good peer gets through once the timers have cleared the flood (it retries transient rejections).
        var stored = await StoreSeriesAsync(server, "fault-flood-good", retryFor: TimeSpan.FromSeconds(30));
        var servedAfter = clock.Elapsed.TotalSeconds;
        var allClosed = true;
        foreach (var peer in silent.Concat(idle.Select(i => i.Peer)))
            allClosed &= await peer.ClosedWithinAsync(TimeSpan.FromSeconds(10));
        await ConcurrentIngestTests.WaitAsync(() => server.Associations.Count == 0);
        foreach (var peer in silent.Concat(idle.Select(i => i.Peer))) await peer.DisposeAsync();

        RobustnessFigures.Record("fault-flood", new
        {
            Fault = $"{silentConnections} silent connections and {idleAssociations} idle associations against a limit of {limit}",
            Accepted = accepted, RejectedTransient = rejected, GoodServedAfterSeconds = Math.Round(servedAfter, 1), GoodStored = stored,
            AllFloodConnectionsClosed = allClosed, LeftOpen = server.Associations.Count,
        });
        Assert.Multiple(() =>
        {
            Assert.That(accepted + rejected, Is.EqualTo(idleAssociations), "every flood request was answered");
            Assert.That(rejected, Is.GreaterThan(0), "beyond the limit requests are rejected transiently (PS3.8 Table 9-21, local limit exceeded)");
            Assert.That(stored, Is.EqualTo(40), "the good peer was served");
            Assert.That(servedAfter, Is.LessThan(Short.TotalSeconds * 2 + 10), "within the timers (ARTIM, idle) plus a margin");
            Assert.That(allClosed, Is.True, "the server closed every flood connection (ARTIM, idle timeout)");
            Assert.That(server.Associations, Is.Empty, "resources released");
        });
    }
}

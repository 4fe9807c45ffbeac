using System.Collections.Concurrent;
using System.Security.Cryptography;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Faults;

/// <summary>
/// The harness process killed with SIGKILL in the middle of ingest (no handler runs, nothing is flushed), then
/// started again on the same folder: no partially written object is visible under a real name, every object
/// that was answered with success is there byte for byte, leftovers of the killed transfers are cleaned up at
/// start-up, and the objects sent again after the restart are all stored. For `ck archive` the SQLite index must
/// also agree with the files after the restart (start-up check and repair, ArchiveStore.Open): a C-FIND over the
/// network lists exactly the whole objects on disk, and a later start finds nothing left to repair.
/// </summary>
[NonParallelizable]
public class KillDuringIngestTests
{
    private const int Objects = 400;
    private const int Senders = 4;
    private const int KillAfterSuccesses = 80;

    /// <summary>UID root of the large object in flight at the moment of the kill (it may or may not make it).</summary>
    private const string InFlightRoot = "1.2.826.0.1.3680043.9.";

    /// <summary>Where one `ck` server command keeps finished objects and unfinished transfers.</summary>
    private sealed record Layout(string Command, string Folder)
    {
        public bool IsArchive => Command == "archive";

        public string[] Arguments(int port) => IsArchive
            ? ["archive", "--port", CkProcess.Text(port), "--dir", Folder, "--aet", "CK_SCP", "--bind", "127.0.0.1", "--quiet"]
            : ["storescp", "--port", CkProcess.Text(port), "--dir", Folder, "--aet", "CK_SCP", "--quiet"];

        public string[] Finished() => IsArchive
            ? Directory.Exists(Path.Combine(Folder, "objects")) ? Directory.GetFiles(Path.Combine(Folder, "objects"), "*.dcm", SearchOption.AllDirectories) : []
            : Directory.GetFiles(Folder, "*.dcm");

        public string[] Unfinished() => IsArchive
            ? Directory.Exists(Path.Combine(Folder, "tmp")) ? Directory.GetFiles(Path.Combine(Folder, "tmp"), "*.part") : []
            : Directory.GetFiles(Folder, ".*.part");
    }

    [TestCase("storescp", TestName = "StoreScpKilledMidIngestLosesNothingItAcknowledged")]
    [TestCase("archive", TestName = "ArchiveKilledMidIngestLosesNothingAndItsIndexAgreesWithItsFiles")]
    public async Task KilledMidIngestLosesNothingItAcknowledged(string command)
    {
        using var dir = new TempDirectory("ck-kill");
        var layout = new Layout(command, dir.Combine("in"));
        Directory.CreateDirectory(layout.Folder);
        var items = SyntheticCt.Series(Objects, 64, 64, seed: "kill-ingest").Select(ds => StoreItem.FromDataset(ds)).ToList();
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items) sent[item.SopInstanceUid] = Hash((await item.Dataset.ReadAllAsync(default)).Span);

        var port = FreePort.Pick();
        var acknowledged = new ConcurrentBag<string>();
        await using (var ck = await CkProcess.StartServerAsync(port, layout.Arguments(port)))
        {
            using var enough = new SemaphoreSlim(0);
            var senders = items.Chunk(Objects / Senders).Select(chunk => Task.Run(async () =>
            {
                try
                {
                    await using var association = await Associate(port, chunk[0]);
                    foreach (var item in chunk)
                    {
                        if ((await association.StoreAsync(item)).Status.IsSuccess) acknowledged.Add(item.SopInstanceUid);
                        if (acknowledged.Count == KillAfterSuccesses) enough.Release();
                    }
                }
                catch (Exception e) when (e is AssociationException or IOException or TimeoutException)
                {
                    // The server died under us: expected.
                }
            })).ToList();
            Assert.That(await enough.WaitAsync(TimeSpan.FromSeconds(120)), Is.True, "ingest got going\n" + ck.Output);
            // A large object in flight at the moment of the kill, so that a half-written transfer is certain.
            var big = StoreItem.FromDataset(SyntheticCt.Image(1, 3000, 3000, InFlightRoot + "1", InFlightRoot + "2", InFlightRoot + "3", InFlightRoot + "4"));
            var inFlight = Task.Run(async () =>
            {
                try
                {
                    await using var association = await Associate(port, big);
                    if ((await association.StoreAsync(big)).Status.IsSuccess) acknowledged.Add(big.SopInstanceUid);
                }
                catch (Exception e) when (e is AssociationException or IOException or TimeoutException) { }
            });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (layout.Unfinished().Length == 0 && !inFlight.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(5);
            await ck.KillAsync();
            await Task.WhenAll([.. senders, inFlight]);
        }

        // After the kill, before any restart: what is visible under a real name is whole and acknowledged objects are all there.
        var afterKill = Verify(layout.Finished(), sent);
        var temporaryAfterKill = layout.Unfinished().Length;
        var acknowledgedMissing = acknowledged.Where(uid => !afterKill.Uids.Contains(uid)).ToList();

        // Restart on the same folder; send what is not stored yet.
        var restartPort = FreePort.Pick();
        int resent;
        HashSet<string>? indexedAfterRestart = null;
        await using (var ck = await CkProcess.StartServerAsync(restartPort, layout.Arguments(restartPort)))
        {
            if (layout.IsArchive) indexedAfterRestart = await FindAllAsync(restartPort);
            var missing = items.Where(i => !afterKill.Uids.Contains(i.SopInstanceUid)).ToList();
            resent = missing.Count;
            await using var association = await Associate(restartPort, items[0]);
            foreach (var item in missing) Assert.That((await association.StoreAsync(item)).Status.IsSuccess, Is.True, ck.Output);
        }
        var final = Verify(layout.Finished(), sent);
        var bigStored = final.Uids.Any(u => u.StartsWith(InFlightRoot, StringComparison.Ordinal));
        var temporaryAfterRestart = layout.Unfinished().Length;

        // The index against the files: what the restarted archive answered matched the whole files on disk, and a
        // later start (after a graceful stop) finds nothing to repair and indexes exactly the files.
        bool? indexAgrees = null;
        RepairReport? laterRepair = null;
        if (layout.IsArchive)
        {
            using var reopened = ArchiveStore.Open(layout.Folder);
            laterRepair = reopened.Repair;
            indexAgrees = indexedAfterRestart!.SetEquals(afterKill.Uids) && reopened.Repair.Clean && reopened.Count == final.Uids.Count
                          && Locate(reopened, final.Uids).All(p => p is not null && File.Exists(p));
        }

        RobustnessFigures.Record(layout.IsArchive ? "fault-sigkill-archive" : "fault-sigkill", new
        {
            Target = $"ck {command} (separate process)", Objects, AcknowledgedBeforeKill = acknowledged.Count,
            VisibleAfterKill = afterKill.Whole, PartialVisibleAfterKill = afterKill.Broken.Count, AcknowledgedMissing = acknowledgedMissing.Count,
            TemporaryFilesAfterKill = temporaryAfterKill, TemporaryFilesAfterRestart = temporaryAfterRestart,
            ResentAfterRestart = resent, StoredInTheEnd = final.Whole, Lost = Objects - final.Whole, IndexAgrees = indexAgrees,
        });
        Assert.Multiple(() =>
        {
            Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(KillAfterSuccesses));
            Assert.That(acknowledged.Count, Is.LessThan(Objects), "the kill came before the end of the ingest");
            Assert.That(afterKill.Broken, Is.Empty, "no partially written object under a real name");
            Assert.That(acknowledgedMissing, Is.Empty, "every object answered with success survived the kill");
            Assert.That(temporaryAfterKill + (bigStored ? 1 : 0), Is.GreaterThan(0), "a transfer was cut by the kill");
            Assert.That(temporaryAfterRestart, Is.Zero, "start-up removed the killed transfers' temporary files");
            Assert.That(final.Broken, Is.Empty);
            Assert.That(final.Whole, Is.EqualTo(Objects), "after the restart every object is stored, none lost");
            if (layout.IsArchive)
            {
                Assert.That(indexedAfterRestart, Is.EquivalentTo(afterKill.Uids), "after the restart, C-FIND lists exactly the whole files the kill left");
                Assert.That(laterRepair!.Clean, Is.True, $"a later start finds nothing to repair: {laterRepair}");
                Assert.That(indexAgrees, Is.True, "the index holds every file, and every indexed file exists");
            }
        });
    }

    private static Task<Association> Associate(int port, StoreItem like) =>
        DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().AddObject(like.SopClassUid, like.TransferSyntax)
                .Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomUids.ImplicitVRLittleEndian));

    /// <summary>Every SOP Instance UID the archive's index answers at IMAGE level (PS3.4 C.6.2: universal match).</summary>
    private static async Task<HashSet<string>> FindAllAsync(int port)
    {
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomUids.ImplicitVRLittleEndian));
        var identifier = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "IMAGE").With(DicomTags.SOPInstanceUID, "");
        var uids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var match in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, identifier))
            uids.Add(match.GetString(DicomTags.SOPInstanceUID) ?? "");
        await association.ReleaseAsync();
        return uids;
    }

    private static IEnumerable<string?> Locate(ArchiveStore store, IEnumerable<string> uids) =>
        uids.Select(uid => store.Locate(QueryLevel.Image, new DicomDataset().With(DicomTags.SOPInstanceUID, uid)) is [var one] ? store.PathOf(one) : null);

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Every file under a real name must be a whole object holding exactly the bytes sent for its UID.</summary>
    private static (int Whole, List<string> Broken, HashSet<string> Uids) Verify(IEnumerable<string> files, IReadOnlyDictionary<string, string> sent)
    {
        var broken = new List<string>();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        var whole = 0;
        foreach (var path in files)
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var file = DicomFileReader.Read(bytes);
                var uid = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? "";
                if (uid.StartsWith(InFlightRoot, StringComparison.Ordinal) && !file.Issues.Any(i => i.IsError)) { uids.Add(uid); continue; } // the in-flight object, if it made it
                if (file.Issues.Any(i => i.IsError) || !sent.TryGetValue(uid, out var hash) || Hash(bytes.AsSpan((int)file.DatasetOffset)) != hash)
                    broken.Add(Path.GetFileName(path));
                else
                {
                    whole++;
                    uids.Add(uid);
                }
            }
            catch (DicomReadException e)
            {
                broken.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }
        return (whole, broken, uids);
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Faults;

/// <summary>
/// The harness process killed with SIGKILL in the middle of ingest (no handler runs, nothing is flushed), then
/// started again on the same folder: no partially written object is visible under a real name, every object
/// that was answered with success is there byte for byte, leftovers of the killed transfers are cleaned up at
/// start-up, and the objects sent again after the restart are all stored.
/// </summary>
[NonParallelizable]
public class KillDuringIngestTests
{
    private const int Objects = 400;
    private const int Senders = 4;
    private const int KillAfterSuccesses = 80;

    [Test]
    public async Task StoreScpKilledMidIngestLosesNothingItAcknowledged()
    {
        using var dir = new TempDirectory("ck-kill");
        var folder = dir.Combine("in");
        var items = SyntheticCt.Series(Objects, 64, 64, seed: "kill-ingest").Select(ds => StoreItem.FromDataset(ds)).ToList();
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items) sent[item.SopInstanceUid] = Hash((await item.Dataset.ReadAllAsync(default)).Span);

        var port = FreePort.Pick();
        string[] Arguments(int p) => ["storescp", "--port", CkProcess.Text(p), "--dir", folder, "--aet", "CK_SCP", "--quiet"];
        var acknowledged = new ConcurrentBag<string>();
        await using (var ck = await CkProcess.StartServerAsync(port, Arguments(port)))
        {
            using var enough = new SemaphoreSlim(0);
            var senders = items.Chunk(Objects / Senders).Select(chunk => Task.Run(async () =>
            {
                try
                {
                    await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" },
                        new PresentationContextPlan().AddObject(chunk[0].SopClassUid, chunk[0].TransferSyntax));
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
            var big = StoreItem.FromDataset(SyntheticCt.Image(1, 3000, 3000, "1.2.826.0.1.3680043.9.1", "1.2.826.0.1.3680043.9.2", "1.2.826.0.1.3680043.9.3", "1.2.826.0.1.3680043.9.4"));
            var inFlight = Task.Run(async () =>
            {
                try
                {
                    await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP" },
                        new PresentationContextPlan().AddObject(big.SopClassUid, big.TransferSyntax));
                    if ((await association.StoreAsync(big)).Status.IsSuccess) acknowledged.Add(big.SopInstanceUid);
                }
                catch (Exception e) when (e is AssociationException or IOException or TimeoutException) { }
            });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Directory.GetFiles(folder, ".*.part").Length == 0 && !inFlight.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(5);
            await ck.KillAsync();
            await Task.WhenAll([.. senders, inFlight]);
        }

        // After the kill, before any restart: what is visible under a real name is whole and acknowledged objects are all there.
        var afterKill = Verify(folder, sent);
        var temporaryAfterKill = Directory.GetFiles(folder, ".*.part").Length;
        var acknowledgedMissing = acknowledged.Where(uid => !File.Exists(PathOf(folder, uid))).ToList();

        // Restart on the same folder; send what is not stored yet.
        var restartPort = FreePort.Pick();
        int resent;
        await using (var ck = await CkProcess.StartServerAsync(restartPort, Arguments(restartPort)))
        {
            var missing = items.Where(i => !File.Exists(PathOf(folder, i.SopInstanceUid))).ToList();
            resent = missing.Count;
            await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = restartPort, CalledAeTitle = "CK_SCP" },
                new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
            foreach (var item in missing) Assert.That((await association.StoreAsync(item)).Status.IsSuccess, Is.True, ck.Output);
        }
        var final = Verify(folder, sent);
        var bigStored = acknowledged.Any(a => a.StartsWith("1.2.826.0.1.3680043.9.", StringComparison.Ordinal));
        var temporaryAfterRestart = Directory.GetFiles(folder, ".*.part").Length;

        RobustnessFigures.Record("fault-sigkill", new
        {
            Target = "ck storescp (separate process)", Objects, AcknowledgedBeforeKill = acknowledged.Count,
            VisibleAfterKill = afterKill.Whole, PartialVisibleAfterKill = afterKill.Broken.Count, AcknowledgedMissing = acknowledgedMissing.Count,
            TemporaryFilesAfterKill = temporaryAfterKill, TemporaryFilesAfterRestart = temporaryAfterRestart,
            ResentAfterRestart = resent, StoredInTheEnd = final.Whole, Lost = Objects - final.Whole,
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
        });
    }

    private static string PathOf(string folder, string uid) => Path.Combine(folder, FileStorageService.SafeFileName(uid) + ".dcm");

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Every file under a real name must be a whole object holding exactly the bytes sent for its UID.</summary>
    private static (int Whole, List<string> Broken) Verify(string folder, IReadOnlyDictionary<string, string> sent)
    {
        var broken = new List<string>();
        var whole = 0;
        foreach (var path in Directory.GetFiles(folder, "*.dcm"))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var file = DicomFileReader.Read(bytes);
                var uid = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? "";
                if (uid.StartsWith("1.2.826.0.1.3680043.9.", StringComparison.Ordinal) && !file.Issues.Any(i => i.IsError)) continue; // the in-flight object, if it made it
                if (file.Issues.Any(i => i.IsError) || !sent.TryGetValue(uid, out var hash) || Hash(bytes.AsSpan((int)file.DatasetOffset)) != hash)
                    broken.Add(Path.GetFileName(path));
                else whole++;
            }
            catch (DicomReadException e)
            {
                broken.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }
        return (whole, broken);
    }
}

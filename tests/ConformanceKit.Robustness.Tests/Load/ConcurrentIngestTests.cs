using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Load;

/// <summary>
/// Load on loopback: 16 associations at once, each storing 200 CT images, into the harness's storage SCP.
/// Every object must be answered with success, stored, and byte-identical to what was sent (SHA-256 of the
/// dataset bytes); none lost; memory bounded; throughput reported. The images are 64 x 64 (about 9 KB each,
/// 3,200 objects, about 28 MB in all) so the test fits CI time on two shared cores; what is exercised is the
/// concurrency and the bookkeeping, which do not depend on the pixel count.
/// </summary>
[NonParallelizable]
public class ConcurrentIngestTests
{
    private const int Associations = 16;
    private const int ImagesPerAssociation = 200;
    private const int ImageSize = 64;

    /// <summary>
    /// The test holds all 3,200 encoded objects (about 28 MB) and the host is about 100 MiB; a server that kept
    /// each received object or buffered whole associations would pass this only at a few hundred MiB more.
    /// </summary>
    private const long MaxPeakWorkingSet = 768L << 20;

    [Test]
    public async Task SixteenAssociationsStoreEveryObjectByteForByte()
    {
        using var dir = new TempDirectory("ck-load");
        var store = new FileStorageService(dir.Combine("in"));
        var answeredSuccess = new ConcurrentBag<string>();
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", Store = store }).Start();

        // One series per association, encoded up front: the sent bytes and their hashes are the reference.
        var series = Enumerable.Range(0, Associations)
            .Select(a => SyntheticCt.Series(ImagesPerAssociation, ImageSize, ImageSize, seed: $"load-{a}", patientId: $"LOAD{a:D2}")
                .Select(ds => StoreItem.FromDataset(ds)).ToList())
            .ToList();
        var sentHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        long totalBytes = 0;
        foreach (var item in series.SelectMany(s => s))
        {
            var bytes = await item.Dataset.ReadAllAsync(default);
            sentHashes[item.SopInstanceUid] = Convert.ToHexString(SHA256.HashData(bytes.Span));
            totalBytes += bytes.Length;
        }

        var held = 0;
        using var sampler = new Timer(_ => InterlockedMax(ref held, server.Associations.Count), null, 0, 20);
        var clock = Stopwatch.StartNew();
        using (var probe = new WorkingSetProbe())
        {
            await Task.WhenAll(series.Select(items => Task.Run(async () =>
            {
                await using var association = await DicomClient.AssociateAsync(
                    new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "LOAD_SCU" },
                    new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
                foreach (var item in items)
                {
                    var response = await association.StoreAsync(item);
                    if (response.Status.IsSuccess) answeredSuccess.Add(item.SopInstanceUid);
                }
            })));
            clock.Stop();
            await WaitAsync(() => server.Associations.Count == 0);

            // Every object answered with success is stored under its name and holds exactly the bytes sent.
            var mismatched = new List<string>();
            foreach (var (uid, hash) in sentHashes)
            {
                var path = Path.Combine(store.Directory, FileStorageService.SafeFileName(uid) + ".dcm");
                if (!File.Exists(path)) { mismatched.Add($"{uid}: missing"); continue; }
                var file = await File.ReadAllBytesAsync(path);
                var offset = (int)DicomFileReader.Read(file).DatasetOffset;
                if (Convert.ToHexString(SHA256.HashData(file.AsSpan(offset))) != hash) mismatched.Add($"{uid}: bytes differ");
            }
            var stored = Directory.GetFiles(store.Directory, "*.dcm").Length;
            var seconds = clock.Elapsed.TotalSeconds;
            RobustnessFigures.Record("load-ingest", new
            {
                Target = "harness storage SCP (FileStorageService)",
                Associations, ImagesPerAssociation, ImageSize = $"{ImageSize}x{ImageSize}",
                Objects = sentHashes.Count, AnsweredSuccess = answeredSuccess.Count, Stored = stored,
                Verified = sentHashes.Count - mismatched.Count, Lost = sentHashes.Count - stored,
                ConcurrentAssociationsHeld = held, Seconds = Math.Round(seconds, 2),
                ImagesPerSecond = Math.Round(sentHashes.Count / seconds, 0), MegabytesPerSecond = Math.Round(totalBytes / 1e6 / seconds, 1),
                PeakWorkingSetMiB = probe.Peak >> 20, WorkingSetGrowthMiB = (probe.Peak - probe.Baseline) >> 20,
            });

            Assert.Multiple(() =>
            {
                Assert.That(answeredSuccess, Has.Count.EqualTo(Associations * ImagesPerAssociation), "every C-STORE answered with success");
                Assert.That(mismatched, Is.Empty, "every object stored byte for byte");
                Assert.That(stored, Is.EqualTo(sentHashes.Count), "no object lost, none extra");
                Assert.That(Directory.GetFiles(store.Directory, "*.part"), Is.Empty, "no temporary file left");
                Assert.That(held, Is.EqualTo(Associations), "all 16 associations were open at once");
                Assert.That(probe.Peak, Is.LessThan(MaxPeakWorkingSet), "memory bounded");
            });
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    internal static async Task WaitAsync(Func<bool> condition, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
    }
}

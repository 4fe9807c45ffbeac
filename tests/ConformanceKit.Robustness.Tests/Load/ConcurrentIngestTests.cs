using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Load;

/// <summary>
/// Load on loopback: 16 associations at once, each storing 200 CT images, into the harness's storage SCP and into
/// the simulated Archive (synced files plus SQLite index). Every object must be answered with success, stored, and
/// byte-identical to what was sent (SHA-256 of the dataset bytes); none lost; memory bounded; throughput reported.
/// The images are 64 x 64 (about 9 KB each, 3,200 objects, about 28 MB in all) so the test fits CI time on two
/// shared cores; what is exercised is the concurrency and the bookkeeping, which do not depend on the pixel count.
/// </summary>
[NonParallelizable]
public class ConcurrentIngestTests
{
    private const int Associations = 16;
    private const int ImagesPerAssociation = 200;
    private const int ImageSize = 64;

    /// <summary>
    /// Most the working set may grow during the ingest. The 3,200 encoded objects (about 28 MB) are made before the
    /// baseline is taken; measured growth is 1-10 MiB. The bound is on growth, not the absolute peak, because the test
    /// host's working set before this test depends on what ran before it (the fuzz campaigns leave GC slack behind).
    /// </summary>
    private const long MaxWorkingSetGrowth = 256L << 20;

    [Test]
    public async Task SixteenAssociationsStoreEveryObjectByteForByte()
    {
        using var dir = new TempDirectory("ck-load");
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", Store = store }).Start();
        var run = await IngestAsync(server.Port, () => server.Associations.Count,
            uid => Path.Combine(store.Directory, FileStorageService.SafeFileName(uid) + ".dcm"));
        run.Record("load-ingest", "harness storage SCP (FileStorageService)", Directory.GetFiles(store.Directory, "*.dcm").Length);
        run.AssertWhole(Directory.GetFiles(store.Directory, "*.dcm").Length, Directory.GetFiles(store.Directory, "*.part"));
    }

    [Test]
    public async Task SixteenAssociationsIntoTheArchiveAreStoredIndexedAndByteForByte()
    {
        using var dir = new TempDirectory("ck-load-archive");
        var open = new AssociationCounter();
        await using var archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = "CK_SCP", Directory = dir.Combine("archive"), Durability = Durability.Synced, Observer = open,
        });
        var run = await IngestAsync(archive.Port, () => open.Open, uid =>
            archive.Store.Locate(QueryLevel.Image, new DicomDataset().With(DicomTags.SOPInstanceUID, uid)) is [var one] ? archive.Store.PathOf(one) : null);
        var files = Directory.GetFiles(Path.Combine(archive.Store.Root, "objects"), "*.dcm", SearchOption.AllDirectories).Length;
        run.Record("load-archive", "simulated Archive (synced files, SQLite index)", files, indexed: archive.Store.Count);
        run.AssertWhole(files, Directory.GetFiles(Path.Combine(archive.Store.Root, "tmp")));
        Assert.That(archive.Store.Count, Is.EqualTo(Associations * ImagesPerAssociation), "the index holds every object, once");
    }

    /// <summary>What one load run measured.</summary>
    private sealed record IngestRun(int Objects, int AnsweredSuccess, List<string> Mismatched, int Held, double Seconds, long TotalBytes, long PeakWorkingSet, long BaselineWorkingSet)
    {
        public void Record(string key, string target, int stored, int? indexed = null) => RobustnessFigures.Record(key, new
        {
            Target = target, Associations, ImagesPerAssociation, ImageSize = $"{ImageSize}x{ImageSize}",
            Objects, AnsweredSuccess, Stored = stored, Indexed = indexed,
            Verified = Objects - Mismatched.Count, Lost = Objects - Math.Min(stored, Objects - Mismatched.Count),
            ConcurrentAssociationsHeld = Held, Seconds = Math.Round(Seconds, 2),
            ImagesPerSecond = Math.Round(Objects / Seconds, 0), MegabytesPerSecond = Math.Round(TotalBytes / 1e6 / Seconds, 1),
            PeakWorkingSetMiB = PeakWorkingSet >> 20, WorkingSetGrowthMiB = (PeakWorkingSet - BaselineWorkingSet) >> 20,
        });

        public void AssertWhole(int stored, string[] temporaryFiles) => Assert.Multiple(() =>
        {
            Assert.That(AnsweredSuccess, Is.EqualTo(Associations * ImagesPerAssociation), "every C-STORE answered with success");
            Assert.That(Mismatched, Is.Empty, "every object stored byte for byte");
            Assert.That(stored, Is.EqualTo(Objects), "no object lost, none extra");
            Assert.That(temporaryFiles, Is.Empty, "no temporary file left");
            Assert.That(Held, Is.EqualTo(Associations), "all 16 associations were open at once");
            Assert.That(PeakWorkingSet - BaselineWorkingSet, Is.LessThan(MaxWorkingSetGrowth), "memory bounded");
        });
    }

    /// <summary>
    /// Stores 16 series of 200 images at once over 16 associations; then checks that every object is where
    /// <paramref name="pathOf"/> says, holding exactly the dataset bytes sent.
    /// </summary>
    private static async Task<IngestRun> IngestAsync(int port, Func<int> openAssociations, Func<string, string?> pathOf)
    {
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

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true); // a baseline without earlier tests' garbage
        var answeredSuccess = new ConcurrentBag<string>();
        var held = 0;
        using var sampler = new Timer(_ => InterlockedMax(ref held, openAssociations()), null, 0, 20);
        var clock = Stopwatch.StartNew();
        using var probe = new WorkingSetProbe();
        await Task.WhenAll(series.Select(items => Task.Run(async () =>
        {
            await using var association = await DicomClient.AssociateAsync(
                new DicomClientOptions { Port = port, CalledAeTitle = "CK_SCP", CallingAeTitle = "LOAD_SCU" },
                new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax));
            foreach (var item in items)
            {
                var response = await association.StoreAsync(item);
                if (response.Status.IsSuccess) answeredSuccess.Add(item.SopInstanceUid);
            }
        })));
        clock.Stop();
        await WaitAsync(() => openAssociations() == 0);
        var (peak, baseline) = (probe.Peak, probe.Baseline); // the ingest's memory, not the verification's below

        // Every object answered with success is stored under its name and holds exactly the bytes sent.
        var mismatched = new List<string>();
        foreach (var (uid, hash) in sentHashes)
        {
            var path = pathOf(uid);
            if (path is null || !File.Exists(path)) { mismatched.Add($"{uid}: missing"); continue; }
            var file = await File.ReadAllBytesAsync(path);
            var offset = (int)DicomFileReader.Read(file).DatasetOffset;
            if (Convert.ToHexString(SHA256.HashData(file.AsSpan(offset))) != hash) mismatched.Add($"{uid}: bytes differ");
        }
        return new IngestRun(sentHashes.Count, answeredSuccess.Count, mismatched, held, clock.Elapsed.TotalSeconds, totalBytes, peak, baseline);
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

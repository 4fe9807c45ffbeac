using ConformanceKit.Fuzz;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Fuzzing;

/// <summary>
/// The bounded smoke run of every fuzz target (about a minute in total; the longer run is bench/fuzz.sh,
/// docs/fuzzing.md). Seeds are real: pydicom's files and phantom objects made by code, PDUs recorded from real
/// associations (the harness's SCU and dcmtk's), the scenario library. Every input must end as a clear error, a
/// finding, an A-ABORT or an A-ASSOCIATE-RJ: no crash, no hang past the target's limit, bounded memory.
/// </summary>
[NonParallelizable]
public class FuzzSmokeTests
{
    /// <summary>Seconds per target: five targets, about a minute together.</summary>
    private static readonly TimeSpan PerTarget = TimeSpan.FromSeconds(12);

    /// <summary>
    /// Most bytes one input may cause to be allocated. Inputs are at most 1 MiB; the readers slice rather than
    /// copy, so even the validators' work stays within a small multiple of that. An allocation sized by an
    /// untrusted length field (up to 4 GiB) would break this at once.
    /// </summary>
    private const long MaxAllocatedPerInput = 256L << 20;

    /// <summary>Working set the test host may reach while a campaign runs (the host alone is about 100 MiB).</summary>
    private const long MaxPeakWorkingSet = 1L << 30;

    /// <summary>The GC heap cap of this test host (the project's System.GC.HeapHardLimit): an input needing more live memory fails with OutOfMemory.</summary>
    private const long HeapHardLimit = 768L << 20;

    [Test]
    public void TheTestHostRunsUnderTheHeapCap() =>
        Assert.That(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, Is.LessThanOrEqualTo(HeapHardLimit));

    [TestCase("pdu")]
    [TestCase("association")]
    [TestCase("archive")]
    [TestCase("part10")]
    [TestCase("yaml")]
    public void EveryInputEndsAsAClearOutcome(string name)
    {
        // Each campaign starts from a collected heap: the working-set bound is per target, not what earlier tests left.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var target = FuzzTargets.Create(name);
        var failures = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-failures");
        var report = FuzzCampaign.Run(target, PerTarget, seed: Environment.TickCount, failureDirectory: failures);

        foreach (var (kind, count) in report.Outcomes.OrderByDescending(o => o.Value)) TestContext.Out.WriteLine($"{count,8}  {kind}");
        RobustnessFigures.Record($"fuzz-{name}", new
        {
            report.Target, report.Description, report.Inputs, report.Seeds, report.CorpusSize, report.Crashes, report.Hangs,
            Seconds = Math.Round(report.Seconds, 1), SlowestInputMs = Math.Round(report.SlowestInputMs, 1),
            PeakWorkingSetMiB = report.PeakWorkingSetBytes >> 20, MaxAllocatedForOneInputMiB = report.MaxAllocatedForOneInput >> 20,
            OutcomeKinds = report.Outcomes.Count,
        });

        Assert.Multiple(() =>
        {
            Assert.That(report.Failures.Select(f => $"{f.Kind}: {f.Message} (input saved as {f.SavedAs})"), Is.Empty);
            Assert.That(report.AfterCampaignProblem, Is.Null);
            Assert.That(report.Inputs, Is.GreaterThan(report.Seeds), "mutants were tried after the seeds");
            Assert.That(report.Outcomes.Keys, Has.Some.Not.StartWith("read").And.Not.StartWith("decoded").And.Not.StartWith("loaded"),
                "some mutants were refused (the mutator reaches the error paths)");
            Assert.That(report.MaxAllocatedForOneInput, Is.LessThan(MaxAllocatedPerInput));
            Assert.That(report.PeakWorkingSetBytes, Is.LessThan(MaxPeakWorkingSet));
        });
    }
}

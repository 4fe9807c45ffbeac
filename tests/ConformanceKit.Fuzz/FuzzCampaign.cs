using System.Diagnostics;

namespace ConformanceKit.Fuzz;

/// <summary>A crash or hang: what happened and the input that did it (saved for replay).</summary>
public sealed record FuzzFailure(string Kind, string Message, byte[] Input, string? SavedAs);

/// <summary>What one campaign did, for the test's assertions and the robustness figures.</summary>
public sealed record FuzzReport(
    string Target,
    string Description,
    long Inputs,
    int Seeds,
    int CorpusSize,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<FuzzFailure> Failures,
    double Seconds,
    double SlowestInputMs,
    long MaxAllocatedForOneInput,
    long PeakWorkingSetBytes,
    string? AfterCampaignProblem)
{
    public int Crashes => Failures.Count(f => f.Kind == "crash");
    public int Hangs => Failures.Count(f => f.Kind == "hang");
    public double InputsPerSecond => Inputs / Math.Max(Seconds, 1e-9);
}

/// <summary>
/// A bounded fuzzing campaign over one target: every seed first, then mutants of corpus entries until the time
/// or input budget is spent. Inputs whose outcome signature is new join the corpus (cheap behavioural feedback
/// that needs no instrumentation; the AFL mode in docs/fuzzing.md adds coverage feedback). A watchdog reports
/// an input that runs past the target's hang limit without waiting for it to finish.
/// </summary>
public static class FuzzCampaign
{
    private const int MaxCorpus = 4096;

    public static FuzzReport Run(FuzzTarget target, TimeSpan duration, int seed, long maxInputs = long.MaxValue, string? failureDirectory = null)
    {
        var seeds = target.Seeds();
        if (seeds.Count == 0) throw new InvalidOperationException($"target {target.Name} has no seeds");
        var corpus = new List<byte[]>(seeds);
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        var failures = new List<FuzzFailure>();
        var mutator = new Mutator(seed, target.Dictionary);
        var random = new Random(seed ^ 0x5EED);
        long inputs = 0, maxAllocated = 0;
        double slowest = 0;
        var clock = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();

        // The current input and when it started, for the watchdog.
        byte[]? current = null;
        long startedTicks = 0;
        var hung = new ManualResetEventSlim();
        var done = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            try
            {
                for (var i = 0; !hung.IsSet && inputs < maxInputs && (i < seeds.Count || clock.Elapsed < duration); i++)
                {
                    var input = i < seeds.Count ? seeds[i] : mutator.Mutate(corpus[random.Next(corpus.Count)], corpus);
                    Volatile.Write(ref current, input);
                    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    var started = Stopwatch.GetTimestamp();
                    Volatile.Write(ref startedTicks, started);
                    string outcome;
                    try
                    {
                        outcome = target.Run(input);
                    }
                    catch (OutOfMemoryException e)
                    {
                        // Under the test host's heap cap one input asked for more memory than any input may: an
                        // allocation sized by untrusted data. Recorded with the input, not left to end the process.
                        lock (failures) failures.Add(Save("memory", $"{e.Message}\n{e.StackTrace}", input, target, failureDirectory, failures.Count));
                        outcome = "MEMORY";
                    }
                    catch (Exception e)
                    {
                        lock (failures) failures.Add(Save("crash", $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}", input, target, failureDirectory, failures.Count));
                        outcome = $"CRASH {e.GetType().Name}";
                    }
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Volatile.Write(ref startedTicks, 0);
                    slowest = Math.Max(slowest, ms);
                    maxAllocated = Math.Max(maxAllocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
                    inputs++;
                    var signature = FuzzTarget.Signature(outcome);
                    var kind = signature.Split(':')[0];
                    outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
                    if (signatures.Add(signature) && i >= seeds.Count && corpus.Count < MaxCorpus) corpus.Add(input);
                }
            }
            finally
            {
                done.Set();
            }
        }) { IsBackground = true, Name = $"fuzz {target.Name}" };
        worker.Start();

        long peak = 0;
        while (!done.Wait(200))
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            var started = Volatile.Read(ref startedTicks);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > target.HangLimit)
            {
                var input = Volatile.Read(ref current)!;
                lock (failures) failures.Add(Save("hang", $"one input ran longer than {target.HangLimit.TotalSeconds:0.#} s", input, target, failureDirectory, failures.Count));
                hung.Set();
                break; // the stuck worker is abandoned (a background thread); the report says why
            }
        }
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        var after = hung.IsSet ? "not checked: a hang stopped the campaign" : target.AfterCampaign();
        List<FuzzFailure> found;
        lock (failures) found = [.. failures];
        return new FuzzReport(target.Name, target.Description, inputs, seeds.Count, corpus.Count, outcomes, found,
            clock.Elapsed.TotalSeconds, slowest, maxAllocated, peak, after);
    }

    private static FuzzFailure Save(string kind, string message, byte[] input, FuzzTarget target, string? directory, int index)
    {
        string? path = null;
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            path = Path.Combine(directory, $"{kind}-{target.Name}-{index:D3}.bin");
            File.WriteAllBytes(path, input);
        }
        return new FuzzFailure(kind, message, input, path);
    }
}

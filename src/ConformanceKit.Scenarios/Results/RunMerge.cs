using ConformanceKit.Scenarios.Engine;

namespace ConformanceKit.Scenarios.Results;

/// <summary>
/// Combines the runs of parallel CI shards into one result (<c>ck merge</c>). File paths inside are
/// rewritten to stay valid from the merged run's folder; a scenario present in two runs, or shards of
/// different selections, are errors.
/// </summary>
public static class RunMerge
{
    public sealed record Outcome(RunResult Merged, IReadOnlyList<string> Warnings);

    public static Outcome Merge(IReadOnlyList<(string Directory, RunResult Run)> runs, string mergedDirectory, string mergedRunId)
    {
        if (runs.Count == 0) throw new ArgumentException("nothing to merge");
        var warnings = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var scenarios = new List<ScenarioResult>();
        foreach (var (dir, run) in runs)
        {
            var prefix = Path.GetRelativePath(mergedDirectory, dir).Replace('\\', '/');
            foreach (var s in run.Scenarios)
            {
                if (!seen.TryAdd(s.Id, run.RunId))
                    throw new InvalidDataException($"scenario {s.Id} is in both run {seen[s.Id]} and run {run.RunId}");
                scenarios.Add(Rebase(s, prefix));
            }
        }
        var shards = runs.Select(r => r.Run.Selection.Shard).Where(s => s is not null).Distinct().ToList();
        var befores = runs.Select(r => r.Run.Selection.SelectedBeforeSharding).Distinct().ToList();
        if (shards.Count > 0 && befores.Count > 1)
            warnings.Add($"the shards come from different selections ({string.Join(", ", befores)} scenarios before sharding)");
        if (shards.Count > 0 && befores.Count == 1 && scenarios.Count != befores[0])
            warnings.Add($"the merged shards hold {scenarios.Count} of the {befores[0]} selected scenarios: a shard is missing");
        var suts = runs.Select(r => (r.Run.Sut.Mode, r.Run.Sut.Product, r.Run.Sut.AeTitle)).Distinct().ToList();
        if (suts.Count > 1) warnings.Add("the runs tested different SUTs");
        // Shards may run on different machines; the merged run records the first shard's environment and says so.
        var environments = runs.Select(r => r.Run.Environment).Where(e => e is not null).Select(e => Describe(e!)).Distinct().ToList();
        if (environments.Count > 1) warnings.Add($"the runs ran in different environments ({string.Join("; ", environments)}); the merged run records the first");

        var first = runs[0].Run;
        var cancelled = runs.Any(r => r.Run.Cancelled);
        var loadErrors = runs.SelectMany(r => r.Run.LoadErrors).Distinct().ToList();
        var incomplete = cancelled || loadErrors.Count > 0 || warnings.Any(w => w.Contains("missing", StringComparison.Ordinal));
        var started = runs.Min(r => r.Run.StartedAt);
        var finished = runs.Select(r => r.Run.FinishedAt).Any(f => f is null) ? null : runs.Max(r => r.Run.FinishedAt);
        var merged = new RunResult
        {
            RunId = mergedRunId, HarnessVersion = first.HarnessVersion, StartedAt = started, FinishedAt = finished,
            DurationMs = finished is { } f ? (f - started).TotalMilliseconds : runs.Sum(r => r.Run.DurationMs),
            Cancelled = cancelled, Sut = first.Sut,
            Selection = new SelectionInfo
            {
                Paths = first.Selection.Paths, Only = first.Selection.Only, Shard = null,
                SelectedBeforeSharding = befores.Count == 1 ? befores[0] : scenarios.Count,
            },
            Summary = ScenarioEngine.Summarise(scenarios, incomplete),
            Scenarios = scenarios.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(),
            LoadErrors = loadErrors,
            MergedFrom = runs.Select(r => r.Run.RunId).ToList(),
            Environment = runs.Select(r => r.Run.Environment).FirstOrDefault(e => e is not null),
        };
        return new Outcome(merged, warnings);
    }

    private static ScenarioResult Rebase(ScenarioResult s, string prefix) => s with
    {
        Steps = s.Steps.Select(t => t with
        {
            Objects = t.Objects.Select(o => o with { File = Join(prefix, o.File) }).ToList(),
            Findings = t.Findings.Select(x => x with { File = Join(prefix, x.File) }).ToList(),
            Transcripts = t.Transcripts.Select(x => Join(prefix, x)!).ToList(),
        }).ToList(),
    };

    private static string Describe(EnvironmentInfo e) =>
        $"{e.Os}, {e.Runtime}, {e.Architecture}, {e.ProcessorCount} processors, {string.Join(" ", e.Components.Select(c => $"{c.Key} {c.Value}"))}";

    private static string? Join(string prefix, string? path) => path is null ? null : $"{prefix}/{path}";
}

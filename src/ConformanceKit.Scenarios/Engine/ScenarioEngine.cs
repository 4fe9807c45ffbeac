using System.Diagnostics;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>What to run and where to write it.</summary>
public sealed record RunPlan
{
    public required IReadOnlyList<SelectedScenario> Scenarios { get; init; }
    /// <summary>The reports root (reports/); the run writes reports/RUN_ID and points reports/latest at it.</summary>
    public required string ReportsRoot { get; init; }
    public required string RunId { get; init; }
    public SutPreset? Preset { get; init; }
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Only { get; init; } = [];
    public Shard? Shard { get; init; }
    public int SelectedBeforeSharding { get; init; }
    public IReadOnlyList<string> LoadErrors { get; init; } = [];
}

/// <summary>
/// Runs a plan scenario by scenario, writing results.json and junit.xml after each one (so Ctrl-C, or
/// even a kill, leaves the results collected so far) and pointing reports/latest at the run.
/// </summary>
public sealed class ScenarioEngine(Steps.HarnessServices services)
{
    public static string HarnessVersion => typeof(ScenarioEngine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public async Task<RunResult> RunAsync(RunPlan plan, IRunObserver observer, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var runDirectory = RunFolder.Create(plan.ReportsRoot, plan.RunId);
        RunFolder.PointLatest(plan.ReportsRoot, plan.RunId);
        var runner = new ScenarioRunner(services, plan.RunId, Path.GetFullPath(runDirectory), plan.Preset);
        var results = new List<ScenarioResult>();
        RunResult Snapshot(bool finished) => Build(plan, results, started, clock, finished ? DateTimeOffset.UtcNow : null, cancel.IsCancellationRequested);

        ResultsJson.Write(runDirectory, Snapshot(false));
        for (var i = 0; i < plan.Scenarios.Count; i++)
        {
            var (scenario, skip) = plan.Scenarios[i];
            observer.ScenarioStarted(scenario, i + 1, plan.Scenarios.Count);
            var r = await runner.RunAsync(scenario, skip, observer, cancel);
            results.Add(r);
            observer.ScenarioFinished(r);
            ResultsJson.Write(runDirectory, Snapshot(false));
            JUnitReport.Write(runDirectory, Snapshot(false));
        }
        var final = Snapshot(true);
        ResultsJson.Write(runDirectory, final);
        JUnitReport.Write(runDirectory, final);
        return final;
    }

    public static RunResult Build(RunPlan plan, IReadOnlyList<ScenarioResult> scenarios, DateTimeOffset started, Stopwatch clock,
        DateTimeOffset? finished, bool cancelled)
    {
        var preset = plan.Preset;
        var sut = preset is null
            ? new SutInfo { Mode = "reference" }
            : new SutInfo
            {
                Mode = "product", Product = preset.Product, PresetFile = preset.SourceFile,
                Actors = preset.Actors.Select(ScenarioNames.Of).ToList(), Profiles = preset.Profiles.Select(ScenarioNames.Of).ToList(),
                AeTitle = preset.Inputs.Sut?.AeTitle, Host = preset.Inputs.Sut?.Host, Port = preset.Inputs.Sut?.Port,
                Tls = preset.Inputs.Tls?.Enabled == true,
            };
        return new RunResult
        {
            RunId = plan.RunId, HarnessVersion = HarnessVersion, StartedAt = started, FinishedAt = finished,
            DurationMs = clock.Elapsed.TotalMilliseconds, Cancelled = cancelled, Sut = sut,
            Selection = new SelectionInfo
            {
                Paths = [.. plan.Paths], Only = [.. plan.Only], Shard = plan.Shard?.ToString(),
                SelectedBeforeSharding = plan.SelectedBeforeSharding,
            },
            Summary = Summarise(scenarios, cancelled || plan.LoadErrors.Count > 0),
            Scenarios = [.. scenarios],
            LoadErrors = [.. plan.LoadErrors],
            Environment = EnvironmentInfo.Current(),
        };
    }

    /// <summary>Counts and the run verdict; exit code by rules E1-E3 (<see cref="VerdictRules.ExitCode"/>).</summary>
    public static SummaryInfo Summarise(IReadOnlyCollection<ScenarioResult> scenarios, bool incomplete)
    {
        var verdicts = scenarios.Select(s => VerdictNames.Parse(s.Verdict)).ToList();
        var run = VerdictRules.Combine(verdicts);
        if (incomplete && run != Verdict.Fail) run = Verdict.Inconclusive;
        return new SummaryInfo
        {
            Verdict = VerdictNames.Of(run),
            ExitCode = VerdictRules.ExitCode(verdicts, incomplete),
            Total = scenarios.Count,
            Pass = verdicts.Count(v => v == Verdict.Pass),
            Fail = verdicts.Count(v => v == Verdict.Fail),
            Inconclusive = verdicts.Count(v => v == Verdict.Inconclusive),
            Skipped = verdicts.Count(v => v == Verdict.Skipped),
        };
    }
}

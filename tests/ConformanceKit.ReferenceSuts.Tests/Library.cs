using ConformanceKit.Scenarios.Actors;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.ReferenceSuts;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Testing;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>Runs scenarios of the library in scenarios/ against the reference SUTs, as <c>ck run [--fault NAME]</c> does.</summary>
internal static class Library
{
    /// <summary>One phantom source for every run of the assembly: each preset is generated once.</summary>
    public static readonly GeometryPhantomSource Phantoms = new();

    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ConformanceKit.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    private static readonly Lazy<ScenarioLibrary> Loaded = new(() =>
        ScenarioLibrary.Load([Path.Combine(RepositoryRoot(), "scenarios")], new ScenarioLoader(StepRegistry.Default)));

    public static ScenarioLibrary Scenarios => Loaded.Value;

    public static async Task<RunResult> RunAsync(string? fault, IReadOnlyList<string> only)
    {
        using var reports = new TempDirectory("ck-refsut-run");
        var selection = ScenarioSelection.Select(Scenarios.Scenarios, only, null, null);
        Assert.That(selection.UnknownIds, Is.Empty);
        var actors = new NetworkActorFactory();
        var services = new HarnessServices
        {
            Phantoms = Phantoms,
            Actors = actors,
            ReferenceSuts = new ReferenceSutRegistry(actors.Directory, fault),
        };
        var plan = new RunPlan
        {
            Scenarios = selection.Selected, ReportsRoot = reports.Path, RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow, null),
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        return await new ScenarioEngine(services).RunAsync(plan, SilentObserver.Instance, limit.Token);
    }

    /// <summary>Every finding rule of a scenario's steps.</summary>
    public static IEnumerable<string> RulesOf(ScenarioResult s) =>
        s.Steps.SelectMany(t => t.Findings).Where(f => f.Severity == "error" && f.RuleId is not null).Select(f => f.RuleId!);

    public static string Describe(ScenarioResult s) =>
        $"{s.Id} {s.Verdict}: {s.Reason}\n  " + string.Join("\n  ", s.Steps.Select(t => $"{t.Id} {t.Verdict}: {t.Reason}" +
            string.Concat(t.Findings.Where(f => f.Severity == "error").Take(3).Select(f => $"\n      [{f.RuleId}] {f.Message}"))));
}

using ConformanceKit.Scenarios.Actors;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Testing;

namespace ConformanceKit.Actors.Tests.RealPeers;

/// <summary>
/// Runs the library's Archive scenarios (scenarios/archive) against a real archive product, as `ck run --sut` does: a
/// product preset with the SUT's address and fixed ports for the harness actors the product must know (its storage
/// destinations and the AEs allowed to query it).
/// </summary>
internal sealed class ArchiveLibraryRun
{
    /// <summary>The harness identities the Archive scenarios use (send as registrator; query, retrieve and receive as display, registrator, dose-display).</summary>
    public static readonly IReadOnlyList<string> Identities = ["display", "registrator", "dose-display"];

    /// <summary>The Archive scenarios of the library (scenarios/archive); a run must report every one.</summary>
    public static int ScenarioCount => Directory.GetFiles(Path.Combine(ScenarioLibrary.FindDefaultFolder()!, "archive"), "*.yaml").Length;

    public ArchiveLibraryRun()
    {
        Harness = Identities.ToDictionary(n => n, n => new HarnessEndpoint(StartActorKindAe(n), FreePort.Pick()), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, HarnessEndpoint> Harness { get; }

    private static string StartActorKindAe(string name) => Scenarios.Steps.Kinds.StartActorKind.DefaultAeTitle(name);

    public async Task<RunResult> RunAsync(string product, SutEndpoint sut, string reportsRoot)
    {
        var folder = ScenarioLibrary.FindDefaultFolder();
        if (folder is null) Assert.Ignore("the scenario library (scenarios/schema.json) is not above the test's folder");
        var library = ScenarioLibrary.Load([Path.Combine(folder!, "archive")]);
        Assert.That(library.Errors, Is.Empty);
        var preset = new SutPreset(product, [SutActor.Archive], [ProfileMode.Gen, ProfileMode.MmroII, ProfileMode.MmroIII],
            new ScenarioInputs(sut, Harness, null), null, 1.0, product + ".sut.yaml");
        var selection = ScenarioSelection.Select(library.Scenarios, [], preset, null);
        var plan = new RunPlan
        {
            Scenarios = selection.Selected, ReportsRoot = reportsRoot, RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow), Preset = preset,
        };
        var services = new HarnessServices { Phantoms = new GeometryPhantomSource(), Actors = new NetworkActorFactory() };
        return await new ScenarioEngine(services).RunAsync(plan, SilentObserver.Instance, CancellationToken.None);
    }

    /// <summary>Every scenario and its steps with verdicts, reasons and error findings, for failure messages.</summary>
    public static string Describe(RunResult run) => string.Join("\n", run.Scenarios.Select(s =>
        $"{s.Id} {s.Verdict}: {s.Reason}\n" + string.Join("\n", s.Steps.Where(t => t.Verdict != "PASS").Select(t =>
            $"   {t.Id} {t.Verdict}: {t.Reason}" + string.Concat(t.Findings.Where(f => f.Severity == "error").Take(5).Select(f =>
                $"\n      [{f.RuleId}] {f.Message} {f.Path} expected={f.Expected} found={f.Found}"))))));
}

using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Tests;

/// <summary>
/// A temporary root per test with the sample data folder in data/, and runs of the scenario engine that write
/// their reports under reports/ there.
/// </summary>
public abstract class ScenarioRunFixture
{
    protected string Root { get; private set; } = "";

    [SetUp]
    public void CreateRoot()
    {
        Root = TestObjects.TempDirectory();
        TestObjects.WriteFolder(Path.Combine(Root, "data"));
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(Root, recursive: true);

    /// <summary>Runs the scenarios as a new run under reports/, with a silent observer.</summary>
    protected Task<RunResult> RunEngineAsync(IReadOnlyList<SelectedScenario> scenarios, HarnessServices services, SutPreset? preset,
        int selectedBeforeSharding = 0, CancellationToken cancel = default)
    {
        var plan = new RunPlan
        {
            Scenarios = scenarios, ReportsRoot = Path.Combine(Root, "reports"), RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow),
            Preset = preset, SelectedBeforeSharding = selectedBeforeSharding,
        };
        return new ScenarioEngine(services).RunAsync(plan, SilentObserver.Instance, cancel);
    }
}

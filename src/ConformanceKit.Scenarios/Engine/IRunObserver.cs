using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>Progress of a run, for the terminal (the engine never writes to the console itself).</summary>
public interface IRunObserver
{
    void ScenarioStarted(Scenario scenario, int number, int total) { }
    void StepFinished(Scenario scenario, StepResult step) { }
    void ScenarioFinished(ScenarioResult result) { }
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentObserver : IRunObserver
{
    public static readonly SilentObserver Instance = new();
}

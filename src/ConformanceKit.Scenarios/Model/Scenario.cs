using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Model;

/// <summary>
/// One scenario: what the SUT plays, which requirements it verifies, the data it uses and the steps
/// the harness takes (docs/scenarios.md, "Format").
/// </summary>
public sealed record Scenario(
    string Id,
    string Title,
    string Description,
    SutActor Actor,
    ProfileMode Profile,
    IReadOnlyList<string> Verifies,
    DataSpec Data,
    ScenarioInputs Inputs,
    IReadOnlyList<ScenarioStep> Steps,
    SourceLocation Location)
{
    /// <summary>The IHE-RO test tool scenario this one is modelled on, if any (reg-profile.md section 5.2).</summary>
    public string? ModelledOn { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    public string SourceFile => Location.File;

    /// <summary>Why this scenario cannot run to a verdict today (kinds and data whose layer has not landed).</summary>
    public IEnumerable<string> Unavailable(HarnessServices services)
    {
        if (Data.Phantom is not null && services.Phantoms is null)
            yield return "data: phantom generator (geometry layer)";
        else if (Data.Phantom is { } p && services.Phantoms!.UnavailableReason(p) is { } why)
            yield return $"data: {why} (geometry layer)";
        foreach (var s in Steps.Where(s => s.Kind.UnavailableReason is not null))
            yield return $"{s.Kind.Name}: {s.Kind.UnavailableReason}";
    }
}

/// <summary>What to do after a step ends FAIL or INCONCLUSIVE (<see cref="Verdicts.VerdictRules.StopsScenario"/>).</summary>
public enum OnFail
{
    Stop,
    Continue,
}

/// <summary>A step as written in a scenario, bound to its kind.</summary>
public sealed record ScenarioStep(
    int Index,
    string Id,
    string Name,
    StepKind Kind,
    IStep Step,
    SourceLocation Location)
{
    public OnFail OnFail { get; init; } = OnFail.Stop;
    /// <summary>Runs even after an earlier step ended the scenario (clean-up).</summary>
    public bool Always { get; init; }
    public TimeSpan? Timeout { get; init; }
    public IReadOnlyList<string> Verifies { get; init; } = [];
}

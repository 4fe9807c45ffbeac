namespace ConformanceKit.Scenarios.Verdicts;

/// <summary>
/// How a step, a scenario or a run ended (docs/scenarios.md, "Verdicts"). Declared in order of
/// precedence when combining: a later value outranks an earlier one.
/// </summary>
public enum Verdict
{
    /// <summary>Not run: filtered out, not applicable to the SUT's claims, or an earlier step ended the scenario.</summary>
    Skipped,
    /// <summary>Ran and met every pass criterion.</summary>
    Pass,
    /// <summary>Could not decide: the SUT did not answer, something needed is not available, or the harness failed.</summary>
    Inconclusive,
    /// <summary>The SUT was shown not to conform (a gating finding).</summary>
    Fail,
}

/// <summary>Severity of a finding; only <see cref="Error"/> gates the verdict.</summary>
public enum Severity
{
    Info,
    Warning,
    Error,
}

public static class VerdictNames
{
    public static string Of(Verdict v) => v switch
    {
        Verdict.Pass => "PASS",
        Verdict.Fail => "FAIL",
        Verdict.Inconclusive => "INCONCLUSIVE",
        _ => "SKIPPED",
    };

    public static Verdict Parse(string s) => s switch
    {
        "PASS" => Verdict.Pass,
        "FAIL" => Verdict.Fail,
        "INCONCLUSIVE" => Verdict.Inconclusive,
        "SKIPPED" => Verdict.Skipped,
        _ => throw new FormatException($"unknown verdict '{s}'"),
    };

    public static string Of(Severity s) => s switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" };

    public static Severity ParseSeverity(string s) => s switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        _ => throw new FormatException($"unknown severity '{s}'"),
    };
}

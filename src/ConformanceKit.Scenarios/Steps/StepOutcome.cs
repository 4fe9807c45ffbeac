using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>What a step reports: its verdict and why, plus its findings, numbers, objects and records.</summary>
public sealed record StepOutcome(Verdict Verdict, string Reason)
{
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];
    public IReadOnlyList<ObjectReference> Objects { get; init; } = [];
    public AttestationRecord? Attestation { get; init; }
    /// <summary>Association transcripts written by the step, relative to the run folder.</summary>
    public IReadOnlyList<string> Transcripts { get; init; } = [];

    public static StepOutcome Pass(string reason) => new(Verdict.Pass, reason);
    public static StepOutcome Fail(string reason) => new(Verdict.Fail, reason);
    public static StepOutcome Inconclusive(string reason) => new(Verdict.Inconclusive, reason);

    /// <summary>PASS when no finding is an error, else FAIL, with the reason saying how many errors.</summary>
    public static StepOutcome FromFindings(IReadOnlyList<Finding> findings, string passReason)
    {
        var errors = findings.Count(f => f.Severity == Severity.Error);
        return errors == 0
            ? new StepOutcome(Verdict.Pass, passReason) { Findings = findings }
            : new StepOutcome(Verdict.Fail, $"{errors} error finding(s)") { Findings = findings };
    }
}

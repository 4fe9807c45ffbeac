namespace ConformanceKit.Scenarios.Verdicts;

/// <summary>
/// The written rules that turn what happened into verdicts (after Gazelle Maestro's verdict algebra:
/// an unexpected error makes a result undefined, never passed). docs/scenarios.md quotes them.
/// </summary>
public static class VerdictRules
{
    /// <summary>
    /// S1-S3, the verdict of one step:
    /// S1 a harness error (an exception the step did not expect) gives INCONCLUSIVE, whatever the step said;
    /// S2 a step that reports an error-severity finding cannot PASS: PASS becomes FAIL;
    /// S3 otherwise the step's own verdict stands.
    /// </summary>
    public static Verdict ForStep(Verdict reported, bool hasErrorFinding, bool harnessError)
    {
        if (harnessError) return Verdict.Inconclusive;
        if (reported == Verdict.Pass && hasErrorFinding) return Verdict.Fail;
        return reported;
    }

    /// <summary>
    /// C1-C4, combining step verdicts into a scenario verdict (and scenario verdicts into a run verdict):
    /// C1 any FAIL gives FAIL (a proven non-conformance stays proven whatever else happened);
    /// C2 else any INCONCLUSIVE gives INCONCLUSIVE (so a harness error is never PASS);
    /// C3 else any PASS gives PASS (SKIPPED parts do not spoil a pass);
    /// C4 else (nothing, or everything SKIPPED) gives SKIPPED.
    /// </summary>
    public static Verdict Combine(IEnumerable<Verdict> verdicts)
    {
        var result = Verdict.Skipped;
        foreach (var v in verdicts) if (v > result) result = v;
        return result;
    }

    /// <summary>
    /// E1-E3, the exit code of `ck run` and `ck merge`:
    /// E1 any scenario FAIL gives 1;
    /// E2 else any INCONCLUSIVE scenario, a harness error, or a cancelled run gives 2;
    /// E3 else 0 (every scenario PASS or SKIPPED).
    /// </summary>
    public static int ExitCode(IEnumerable<Verdict> scenarioVerdicts, bool cancelled)
    {
        var v = Combine(scenarioVerdicts);
        if (v == Verdict.Fail) return 1;
        if (v == Verdict.Inconclusive || cancelled) return 2;
        return 0;
    }

    /// <summary>
    /// R1-R2, what happens after a step ends:
    /// R1 after FAIL or INCONCLUSIVE the remaining steps are SKIPPED ("an earlier step ended the scenario"),
    ///    unless that step is marked <c>on-fail: continue</c> (an independent check), or a later step is
    ///    marked <c>always: true</c> (clean-up, still run);
    /// R2 after PASS or SKIPPED the next step runs.
    /// </summary>
    public static bool StopsScenario(Verdict v, bool continueOnFail) =>
        (v is Verdict.Fail or Verdict.Inconclusive) && !continueOnFail;
}

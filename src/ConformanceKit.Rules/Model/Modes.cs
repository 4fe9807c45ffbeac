namespace ConformanceKit.Rules;

/// <summary>
/// Compact construction of a rule's per-mode behaviour: <c>Modes.Of(gen: E, mmroII: E, mmroIII: W)</c>;
/// null leaves the rule out of that mode. Errors gate unless <c>gates: false</c>; warnings and info never gate.
/// </summary>
public static class Modes
{
    public const Severity E = Severity.Error;
    public const Severity W = Severity.Warning;
    public const Severity I = Severity.Info;

    public static IReadOnlyDictionary<ProfileMode, RuleBehaviour> Of(Severity? gen, Severity? mmroII, Severity? mmroIII, bool gates = true)
    {
        var d = new Dictionary<ProfileMode, RuleBehaviour>();
        Add(d, ProfileMode.Gen, gen, gates);
        Add(d, ProfileMode.MmroII, mmroII, gates);
        Add(d, ProfileMode.MmroIII, mmroIII, gates);
        return d;
    }

    /// <summary>The same severity in every mode.</summary>
    public static IReadOnlyDictionary<ProfileMode, RuleBehaviour> All(Severity s, bool gates = true) => Of(s, s, s, gates);

    /// <summary>Only in the IHE-RO profile modes (MMRO-II and MMRO-III).</summary>
    public static IReadOnlyDictionary<ProfileMode, RuleBehaviour> Profile(Severity s, bool gates = true) => Of(null, s, s, gates);

    private static void Add(Dictionary<ProfileMode, RuleBehaviour> d, ProfileMode mode, Severity? s, bool gates)
    {
        if (s is { } sev) d[mode] = new RuleBehaviour(sev, gates && sev == Severity.Error);
    }
}

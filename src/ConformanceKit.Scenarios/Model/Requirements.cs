using System.Text.RegularExpressions;

namespace ConformanceKit.Scenarios.Model;

/// <summary>
/// The requirement IDs a scenario may list under <c>verifies:</c>: the harness rule IDs of
/// reg-profile.md section 7 and the transactions of section 2.1. A typo in a verifies list would
/// silently hide a coverage gap, so unknown IDs are load errors.
/// </summary>
public static partial class Requirements
{
    // Highest number of each rule family in reg-profile.md section 7 (7.1 SRO, 7.2 IMG, 7.3 RT, 7.4 ARC, 7.5 DSP).
    private static readonly Dictionary<string, int> RuleFamilies = new(StringComparer.Ordinal)
    {
        ["SRO"] = 35, ["IMG"] = 9, ["RT"] = 6, ["ARC"] = 4, ["DSP"] = 6,
    };

    /// <summary>Transactions of reg-profile.md section 2.1 (the IHE-RO test tool's IDs).</summary>
    public static readonly IReadOnlyList<string> Transactions =
    [
        "MMRO-1", "MMRO-2", "MMRO-II-1", "MMRO-II-2", "MMRO-3", "MMRO-4", "MMRO-5",
        "RAD-8", "RAD-18", "RO-4", "RO-5",
    ];

    public static bool IsTransaction(string id) => Transactions.Contains(id, StringComparer.Ordinal);

    public static bool IsRule(string id)
    {
        var m = RulePattern().Match(id);
        return m.Success && RuleFamilies.TryGetValue(m.Groups[1].Value, out var max) &&
               int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 1 && n <= max;
    }

    public static bool IsKnown(string id) => IsRule(id) || IsTransaction(id);

    /// <summary>Every known rule ID, in catalogue order.</summary>
    public static IEnumerable<string> AllRules() =>
        RuleFamilies.SelectMany(f => Enumerable.Range(1, f.Value).Select(n => $"REG-{f.Key}-{n:000}"));

    [GeneratedRegex(@"^REG-([A-Z]+)-([0-9]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex RulePattern();
}

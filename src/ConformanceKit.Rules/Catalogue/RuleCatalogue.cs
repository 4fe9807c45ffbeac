namespace ConformanceKit.Rules.Catalogue;

/// <summary>Every rule the harness knows, in catalogue order (docs/rules.md is checked against this list).</summary>
public static class RuleCatalogue
{
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        .. DicomRules.Rules, .. SroRules.Rules, .. ImageRules.Rules, .. RtRules.Rules, .. ArchiveRules.Rules, .. DisplayRules.Rules,
    ];

    public static RuleDefinition? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}

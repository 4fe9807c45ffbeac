namespace ConformanceKit.Rules;

/// <summary>How a rule behaves in one profile mode: its severity and whether an error from it gates the verdict.</summary>
public sealed record RuleBehaviour(Severity Severity, bool Gates);

/// <summary>What a rule judges: one object, a set of objects, an exchange with an actor, or a display's output.</summary>
public enum RuleScope
{
    Object,
    Set,
    Exchange,
    Display,
}

/// <summary>
/// A conformance rule: stable ID, title, the modes it applies to with a severity in each, citations, and
/// what it judges. The mechanical check lives in code that reports findings against this definition.
/// </summary>
public sealed class RuleDefinition
{
    private readonly Dictionary<ProfileMode, RuleBehaviour> _modes;

    public RuleDefinition(string id, string title, RuleScope scope, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] citations)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("a rule needs an ID", nameof(id));
        if (citations.Length == 0) throw new ArgumentException($"rule {id} needs a citation", nameof(citations));
        if (modes.Count == 0) throw new ArgumentException($"rule {id} applies to no profile mode", nameof(modes));
        Id = id;
        Title = title;
        Scope = scope;
        _modes = new Dictionary<ProfileMode, RuleBehaviour>(modes);
        Citations = citations;
    }

    public string Id { get; }
    public string Title { get; }
    public RuleScope Scope { get; }
    public IReadOnlyList<Citation> Citations { get; }
    public IReadOnlyDictionary<ProfileMode, RuleBehaviour> Modes => _modes;

    public bool AppliesTo(ProfileMode mode) => _modes.ContainsKey(mode);

    public RuleBehaviour? In(ProfileMode mode) => _modes.TryGetValue(mode, out var b) ? b : null;

    public string CitationText => string.Join("; ", Citations);

    public override string ToString() => $"{Id} {Title}";
}

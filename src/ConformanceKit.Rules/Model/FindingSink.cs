namespace ConformanceKit.Rules;

/// <summary>
/// Collects findings for one profile mode. A rule that does not apply in the mode reports nothing;
/// the severity is the rule's severity in the mode unless a check gives a lower tier explicitly
/// (for example REG-SRO-025, a warning below its error threshold).
/// </summary>
public sealed class FindingSink(ProfileMode mode)
{
    private readonly List<Finding> _findings = [];

    public ProfileMode Mode { get; } = mode;

    public IReadOnlyList<Finding> Findings => _findings;

    public bool Applies(RuleDefinition rule) => rule.AppliesTo(Mode);

    public void Report(RuleDefinition rule, ObjectRef obj, AttributePath path, string message,
        string? found = null, string? expected = null, Severity? severity = null) =>
        Report(rule, obj, path.ToString(), message, found, expected, severity);

    public void Report(RuleDefinition rule, ObjectRef obj, string path, string message,
        string? found = null, string? expected = null, Severity? severity = null)
    {
        if (rule.In(Mode) is not { } behaviour) return;
        var sev = severity is { } s && s < behaviour.Severity ? s : behaviour.Severity;
        _findings.Add(new Finding(rule, sev, behaviour.Gates && sev == Severity.Error, obj, path, message, found, expected));
    }

    public void AddRange(IEnumerable<Finding> findings) => _findings.AddRange(findings);
}

/// <summary>The findings of one object, bound to it so checks need not repeat the object reference.</summary>
public sealed class ObjectFindings(FindingSink sink, ObjectRef obj)
{
    public ObjectRef Object { get; } = obj;
    public FindingSink Sink { get; } = sink;
    public ProfileMode Mode => Sink.Mode;

    public void Report(RuleDefinition rule, AttributePath path, string message, string? found = null, string? expected = null, Severity? severity = null) =>
        Sink.Report(rule, Object, path, message, found, expected, severity);

    public void Report(RuleDefinition rule, string path, string message, string? found = null, string? expected = null, Severity? severity = null) =>
        Sink.Report(rule, Object, path, message, found, expected, severity);
}

namespace ConformanceKit.Rules;

/// <summary>
/// One thing wrong (or worth knowing): the rule, the object, the attribute path (keywords with 1-based
/// item numbers, for example RegistrationSequence[2]/MatrixRegistrationSequence[1]/MatrixSequence[1]/
/// FrameOfReferenceTransformationMatrix), what was found and what was expected.
/// </summary>
public sealed record Finding(
    RuleDefinition Rule,
    Severity Severity,
    bool Gates,
    ObjectRef Object,
    string Path,
    string Message,
    string? Found = null,
    string? Expected = null)
{
    public string RuleId => Rule.Id;

    public override string ToString() =>
        $"{Severity.Name()} {Rule.Id} {Path}: {Message}" +
        (Found is null ? "" : $" (found {Found}") + (Expected is null ? (Found is null ? "" : ")") : $"{(Found is null ? " (" : "; ")}expected {Expected})");
}

namespace ConformanceKit.Scenarios.Yaml;

/// <summary>A place in a source file: 1-based line and column, as editors show them.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One problem found in a scenario, preset or answers file, at a precise place.</summary>
public sealed record ScenarioError(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>A file that cannot be used; carries every problem found, each with file, line and column.</summary>
public sealed class ScenarioFormatException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}

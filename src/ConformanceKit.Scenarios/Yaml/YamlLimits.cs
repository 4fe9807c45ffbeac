namespace ConformanceKit.Scenarios.Yaml;

/// <summary>
/// Bounds on what the YAML reader accepts. Scenario, preset and answers files are small hand-written
/// documents; these limits keep a hostile or runaway file from costing more than a moment.
/// </summary>
public sealed record YamlLimits
{
    public static readonly YamlLimits Default = new();

    /// <summary>Largest file read (the biggest library scenario is a few kilobytes).</summary>
    public long MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest nesting of lists and mappings (a scenario needs about 6).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most nodes in one document.</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>Longest single scalar (descriptions are paragraphs, not books).</summary>
    public int MaxScalarLength { get; init; } = 64 * 1024;
}

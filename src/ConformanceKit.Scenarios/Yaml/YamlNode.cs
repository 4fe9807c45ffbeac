namespace ConformanceKit.Scenarios.Yaml;

/// <summary>
/// A node of a parsed YAML document with the place it came from. The tree holds only text, lists and
/// mappings: nothing in a document can make the harness create an object of a type it names.
/// </summary>
public abstract record YamlNode(SourceLocation Location)
{
    /// <summary>How the node is named in an error message ("a mapping", "a list", "a text value").</summary>
    public abstract string KindName { get; }
}

/// <summary>A scalar. <see cref="Quoted"/> is true for single/double-quoted and block scalars (always text).</summary>
public sealed record YamlScalar(SourceLocation Location, string Value, bool Quoted) : YamlNode(Location)
{
    /// <summary>A plain null (YAML 1.2 core schema: empty, "~", "null").</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "an empty value" : $"the value '{Value}'";
}

/// <summary>A list (YAML sequence).</summary>
public sealed record YamlList(SourceLocation Location, IReadOnlyList<YamlNode> Items) : YamlNode(Location)
{
    public override string KindName => "a list";
}

/// <summary>A mapping with text keys, in document order; duplicate keys are rejected by the reader.</summary>
public sealed record YamlMap(SourceLocation Location, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Location)
{
    public override string KindName => "a mapping";

    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}

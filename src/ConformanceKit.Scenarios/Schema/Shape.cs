using System.Text.Json.Nodes;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Schema;

/// <summary>
/// The declared form of a value in a scenario file. One set of shapes does two jobs: it checks a YAML
/// node (reporting every mismatch with file, line and column) and it writes the JSON Schema in
/// scenarios/schema.json, so the loader and the published schema cannot drift apart.
/// </summary>
public abstract class Shape
{
    public string? Description { get; init; }

    /// <summary>What the value must be, for error messages ("a whole number from 1 to 65535").</summary>
    public abstract string Expected { get; }

    /// <summary>The checked value (text, long, double, bool, TimeSpan, list, map or object), or null after recording errors.</summary>
    public abstract object? Bind(YamlNode node, BindContext cx);

    public JsonObject ToJsonSchema()
    {
        var schema = Schema();
        if (Description is not null) schema.Insert(0, "description", Description);
        return schema;
    }

    protected abstract JsonObject Schema();

    protected object? Mismatch(YamlNode node, BindContext cx)
    {
        cx.Error(node.Location, $"expected {Expected}, found {node.KindName}");
        return null;
    }
}

using System.Text.Json.Nodes;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>A step as written: its kind's key, the common keys and the kind's arguments, all shape-checked.</summary>
public sealed record StepSyntax(StepKind Kind, BoundObject Common, BoundObject Arguments, SourceLocation Location, SourceLocation KindLocation);

/// <summary>
/// The <c>steps:</c> list. Each item is a mapping with exactly one step-kind key (its value holds the
/// kind's arguments) plus optional common keys: <c>id</c>, <c>name</c>, <c>verifies</c>,
/// <c>on-fail</c>, <c>always</c>, <c>timeout</c>.
/// </summary>
public sealed class StepListShape(StepRegistry registry) : Shape
{
    public static readonly ObjectShape Common = new(
        new Property("id", new TextShape
        {
            Pattern = "^[a-z0-9][a-z0-9-]{0,39}$",
            PatternMeaning = "a step ID (lower-case letters, digits and '-', at most 40)",
            Description = "Names the step in results and answers files (default: its number and kind, e.g. 3-send).",
        }),
        new Property("name", new TextShape { MaxLength = 200, Description = "What the step does, in words." }),
        new Property("verifies", new ListShape(CommonShapes.Requirement("A requirement this step checks.")) { Description = "Requirement IDs this step checks (beyond the scenario's)." }),
        new Property("on-fail", new TextShape { OneOf = ["stop", "continue"], Description = "After FAIL or INCONCLUSIVE: stop the scenario (default) or continue with the next step." }),
        new Property("always", new BooleanShape { Description = "Run even when an earlier step stopped the scenario (clean-up)." }),
        new Property("timeout", new DurationShape { Description = "Longest the step may take; past it the step is INCONCLUSIVE." }));

    public override string Expected => "a list of steps";

    public override object? Bind(YamlNode node, BindContext cx)
    {
        if (node is not YamlList list) return Mismatch(node, cx);
        if (list.Items.Count == 0) { cx.Error(node.Location, "a scenario needs at least one step"); return null; }
        var result = new List<StepSyntax>();
        var ok = true;
        foreach (var item in list.Items)
        {
            var s = BindStep(item, cx);
            if (s is null) ok = false; else result.Add(s);
        }
        return ok ? result : null;
    }

    private StepSyntax? BindStep(YamlNode node, BindContext cx)
    {
        if (node is not YamlMap map)
        {
            cx.Error(node.Location, $"expected a step (a mapping with one of: {KindList()}), found {node.KindName}");
            return null;
        }
        var kinds = map.Entries.Where(e => registry.Contains(e.Key.Value)).ToList();
        if (kinds.Count != 1)
        {
            var unknown = map.Entries.FirstOrDefault(e => !registry.Contains(e.Key.Value) && Common.Find(e.Key.Value) is null).Key;
            if (kinds.Count == 0 && unknown is not null)
                cx.Error(unknown.Location, ObjectShape.UnknownKey(unknown.Value, registry.Kinds.Select(k => k.Name).Concat(Common.Properties.Select(p => p.Name))));
            else
                cx.Error(map.Location, kinds.Count == 0
                    ? $"a step needs one step kind key: {KindList()}"
                    : $"a step has exactly one step kind key, found {string.Join(" and ", kinds.Select(k => k.Key.Value))}");
            return null;
        }
        var (kindKey, argsNode) = kinds[0];
        var kind = registry.Find(kindKey.Value)!;
        var common = Common.BindObject(map, cx, new HashSet<string>(StringComparer.Ordinal) { kind.Name });
        var args = kind.Arguments.BindObject(argsNode, cx);
        return common is null || args is null ? null : new StepSyntax(kind, common, args, map.Location, kindKey.Location);
    }

    private string KindList() => string.Join(", ", registry.Kinds.Select(k => k.Name));

    protected override JsonObject Schema()
    {
        var variants = new JsonArray();
        foreach (var kind in registry.Kinds)
        {
            var props = new JsonObject();
            foreach (var p in Common.Properties) props[p.Name] = p.Shape.ToJsonSchema();
            var args = kind.Arguments.ToJsonSchema();
            args.Remove("description");
            args.Insert(0, "description", kind.Summary + (kind.UnavailableReason is { } r ? $" (not yet available: {r})" : ""));
            props[kind.Name] = args;
            variants.Add((JsonNode)new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = props,
                ["required"] = new JsonArray(kind.Name),
            });
        }
        return new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["oneOf"] = variants } };
    }
}

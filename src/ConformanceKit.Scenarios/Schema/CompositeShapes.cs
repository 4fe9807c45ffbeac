using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Schema;

/// <summary>A declared key of an <see cref="ObjectShape"/>.</summary>
public sealed record Property(string Name, Shape Shape, bool Required = false);

/// <summary>A mapping with a fixed set of keys; unknown keys and missing required keys are errors.</summary>
public sealed class ObjectShape(params Property[] properties) : Shape
{
    public IReadOnlyList<Property> Properties { get; } = properties;

    public override string Expected => "a mapping";

    public Property? Find(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public ObjectShape With(params Property[] more) => new([.. Properties, .. more]) { Description = Description };

    public override object? Bind(YamlNode node, BindContext cx) => BindObject(node, cx);

    public BoundObject? BindObject(YamlNode node, BindContext cx, ISet<string>? alsoAllowed = null)
    {
        if (node is not YamlMap map)
        {
            cx.Error(node.Location, $"expected a mapping with keys {KeyList()}, found {node.KindName}");
            return null;
        }
        var values = new Dictionary<string, Bound>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (key, value) in map.Entries)
        {
            var p = Find(key.Value);
            if (p is null)
            {
                if (alsoAllowed?.Contains(key.Value) == true) continue;
                cx.Error(key.Location, UnknownKey(key.Value, Properties.Select(x => x.Name)));
                ok = false;
                continue;
            }
            var v = p.Shape.Bind(value, cx);
            if (v is null) { ok = false; continue; }
            values[p.Name] = new Bound(v, value.Location);
        }
        foreach (var p in Properties.Where(p => p.Required && map[p.Name] is null))
        {
            cx.Error(map.Location, $"missing required key '{p.Name}' ({p.Shape.Expected})");
            ok = false;
        }
        return ok ? new BoundObject(map.Location, values) : null;
    }

    private string KeyList() => string.Join(", ", Properties.Select(p => p.Name));

    internal static string UnknownKey(string key, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        var near = list.Select(a => (a, d: EditDistance(key, a))).Where(x => x.d <= Math.Max(2, x.a.Length / 3)).OrderBy(x => x.d).FirstOrDefault().a;
        return $"unknown key '{key}'" + (near is not null ? $" (did you mean '{near}'?)" : "") + $"; allowed here: {string.Join(", ", list)}";
    }

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    protected override JsonObject Schema()
    {
        var props = new JsonObject();
        foreach (var p in Properties) props[p.Name] = p.Shape.ToJsonSchema();
        var o = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = props };
        var required = Properties.Where(p => p.Required).Select(p => (JsonNode)JsonValue.Create(p.Name)!).ToArray();
        if (required.Length > 0) o["required"] = new JsonArray(required);
        return o;
    }
}

/// <summary>A list whose items all have one shape.</summary>
public sealed class ListShape(Shape item, int minItems = 0, int maxItems = int.MaxValue) : Shape
{
    public Shape Item { get; } = item;

    public override string Expected => $"a list of {Item.Expected}" + (minItems > 0 ? $" (at least {minItems})" : "");

    public override object? Bind(YamlNode node, BindContext cx)
    {
        if (node is not YamlList list) return Mismatch(node, cx);
        if (list.Items.Count < minItems) { cx.Error(node.Location, $"expected at least {minItems} item(s), found {list.Items.Count}"); return null; }
        if (list.Items.Count > maxItems) { cx.Error(node.Location, $"expected at most {maxItems} item(s), found {list.Items.Count}"); return null; }
        var result = new List<Bound>(list.Items.Count);
        var ok = true;
        foreach (var n in list.Items)
        {
            var v = Item.Bind(n, cx);
            if (v is null) ok = false; else result.Add(new Bound(v, n.Location));
        }
        return ok ? result : null;
    }

    protected override JsonObject Schema()
    {
        var o = new JsonObject { ["type"] = "array", ["items"] = Item.ToJsonSchema() };
        if (minItems > 0) o["minItems"] = minItems;
        if (maxItems != int.MaxValue) o["maxItems"] = maxItems;
        return o;
    }
}

/// <summary>A mapping with free keys (matching a pattern) and values of one shape, in document order.</summary>
public sealed class MapShape(string keyPattern, string keyMeaning, Shape value) : Shape
{
    public Shape Value { get; } = value;

    public override string Expected => $"a mapping from {keyMeaning} to {Value.Expected}";

    public override object? Bind(YamlNode node, BindContext cx)
    {
        if (node is not YamlMap map) return Mismatch(node, cx);
        var result = new List<KeyValuePair<string, Bound>>();
        var ok = true;
        foreach (var (key, value) in map.Entries)
        {
            if (!Regex.IsMatch(key.Value, keyPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                cx.Error(key.Location, $"key '{key.Value}' is not {keyMeaning}");
                ok = false;
                continue;
            }
            var v = Value.Bind(value, cx);
            if (v is null) ok = false; else result.Add(new(key.Value, new Bound(v, value.Location)));
        }
        return ok ? result : null;
    }

    protected override JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["propertyNames"] = new JsonObject { ["pattern"] = keyPattern },
        ["additionalProperties"] = Value.ToJsonSchema(),
    };
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Schema;

/// <summary>Text: any non-null scalar, optionally limited to a list of values, a pattern or a length.</summary>
public sealed class TextShape : Shape
{
    public IReadOnlyList<string>? OneOf { get; init; }
    /// <summary>An anchored .NET/ECMAScript-compatible regular expression.</summary>
    public string? Pattern { get; init; }
    public string? PatternMeaning { get; init; }
    public int MaxLength { get; init; }
    public int MinLength { get; init; } = 1;

    public override string Expected =>
        OneOf is not null ? $"one of {string.Join(", ", OneOf)}" :
        PatternMeaning ?? (Pattern is not null ? $"text matching {Pattern}" : "text");

    public override object? Bind(YamlNode node, BindContext cx)
    {
        if (node is not YamlScalar s || s.IsNull) return Mismatch(node, cx);
        var v = s.Value;
        if (OneOf is not null && !OneOf.Contains(v, StringComparer.Ordinal)) return Mismatch(node, cx);
        if (v.Length < MinLength) { cx.Error(node.Location, $"expected {Expected}, found empty text"); return null; }
        if (MaxLength > 0 && v.Length > MaxLength) { cx.Error(node.Location, $"'{v}' is longer than {MaxLength} characters"); return null; }
        if (Pattern is not null && !Regex.IsMatch(v, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))) return Mismatch(node, cx);
        return v;
    }

    protected override JsonObject Schema()
    {
        var o = new JsonObject { ["type"] = "string" };
        if (OneOf is not null) o["enum"] = new JsonArray(OneOf.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());
        if (MinLength > 0) o["minLength"] = MinLength;
        if (MaxLength > 0) o["maxLength"] = MaxLength;
        if (Pattern is not null) o["pattern"] = Pattern;
        return o;
    }
}

/// <summary>A whole number written plainly (a quoted "104" is text, as in JSON).</summary>
public sealed class IntegerShape(long min = long.MinValue, long max = long.MaxValue) : Shape
{
    public long Min { get; } = min;
    public long Max { get; } = max;

    public override string Expected =>
        Min == long.MinValue && Max == long.MaxValue ? "a whole number" :
        Max == long.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"a whole number of at least {Min}") :
        string.Create(CultureInfo.InvariantCulture, $"a whole number from {Min} to {Max}");

    public override object? Bind(YamlNode node, BindContext cx) =>
        node is YamlScalar { Quoted: false } s &&
        long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= Min && v <= Max
            ? v : Mismatch(node, cx);

    protected override JsonObject Schema()
    {
        var o = new JsonObject { ["type"] = "integer" };
        if (Min != long.MinValue) o["minimum"] = Min;
        if (Max != long.MaxValue) o["maximum"] = Max;
        return o;
    }
}

/// <summary>A decimal number written plainly, invariant culture ("0.5", never "0,5").</summary>
public sealed class NumberShape(double min = double.NegativeInfinity, double max = double.PositiveInfinity) : Shape
{
    public override string Expected =>
        double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max) ? "a number" :
        double.IsPositiveInfinity(max) ? string.Create(CultureInfo.InvariantCulture, $"a number of at least {min}") :
        string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}");

    public override object? Bind(YamlNode node, BindContext cx) =>
        node is YamlScalar { Quoted: false } s &&
        double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) &&
        double.IsFinite(v) && v >= min && v <= max
            ? v : Mismatch(node, cx);

    protected override JsonObject Schema()
    {
        var o = new JsonObject { ["type"] = "number" };
        if (!double.IsNegativeInfinity(min)) o["minimum"] = min;
        if (!double.IsPositiveInfinity(max)) o["maximum"] = max;
        return o;
    }
}

/// <summary>true or false (YAML 1.2: "yes", "no", "on" and "off" are text, not booleans).</summary>
public sealed class BooleanShape : Shape
{
    public override string Expected => "true or false";

    public override object? Bind(YamlNode node, BindContext cx) => node switch
    {
        YamlScalar { Quoted: false, Value: "true" or "True" or "TRUE" } => true,
        YamlScalar { Quoted: false, Value: "false" or "False" or "FALSE" } => false,
        _ => Mismatch(node, cx),
    };

    protected override JsonObject Schema() => new() { ["type"] = "boolean" };
}

/// <summary>A duration: "250ms", "30s", "2m", "1h", or a plain number of seconds.</summary>
public sealed partial class DurationShape(TimeSpan? max = null) : Shape
{
    /// <summary>Longest duration any step may ask for: a scenario that waits longer is a typo.</summary>
    public static readonly TimeSpan DefaultMax = TimeSpan.FromHours(2);

    private readonly TimeSpan _max = max ?? DefaultMax;

    public override string Expected => $"a duration such as 500ms, 30s, 2m (at most {Format(_max)})";

    public override object? Bind(YamlNode node, BindContext cx)
    {
        if (node is not YamlScalar s || s.IsNull || !TryParse(s.Value, out var d) || d > _max) return Mismatch(node, cx);
        return d;
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var m = DurationPattern().Match(text.Trim());
        if (!m.Success) return false;
        var n = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var ms = m.Groups[2].Value switch { "ms" => n, "" or "s" => n * 1000, "m" => n * 60_000, "h" => n * 3_600_000, _ => double.NaN };
        if (!double.IsFinite(ms) || ms > TimeSpan.MaxValue.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static string Format(TimeSpan d) =>
        d.TotalMilliseconds < 1000 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0.###}ms") :
        d.TotalSeconds < 120 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.###}s") :
        d.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalMinutes:0.###}m") :
        string.Create(CultureInfo.InvariantCulture, $"{d.TotalHours:0.###}h");

    internal const string PatternText = @"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$";

    [GeneratedRegex(PatternText, RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    protected override JsonObject Schema() => new()
    {
        ["oneOf"] = new JsonArray(
            new JsonObject { ["type"] = "string", ["pattern"] = PatternText },
            new JsonObject { ["type"] = "number", ["minimum"] = 0 }),
    };
}

using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Schema;

/// <summary>A value checked against its <see cref="Shape"/>, with where it was written.</summary>
public sealed record Bound(object? Value, SourceLocation Location);

/// <summary>A mapping checked against an <see cref="ObjectShape"/>: only declared keys, each of the declared type.</summary>
public sealed class BoundObject(SourceLocation location, IReadOnlyDictionary<string, Bound> values)
{
    public SourceLocation Location { get; } = location;
    public IReadOnlyDictionary<string, Bound> Values { get; } = values;

    public bool Has(string key) => Values.ContainsKey(key);

    /// <summary>Where a key's value was written (the mapping itself when the key is absent).</summary>
    public SourceLocation LocationOf(string key) => Values.TryGetValue(key, out var b) ? b.Location : Location;

    public T? Get<T>(string key) where T : class => Values.TryGetValue(key, out var b) ? b.Value as T : null;

    public string? Text(string key) => Get<string>(key);
    public string Text(string key, string fallback) => Text(key) ?? fallback;

    public long? Integer(string key) => Values.TryGetValue(key, out var b) && b.Value is long v ? v : null;
    public double? Number(string key) => Values.TryGetValue(key, out var b) && b.Value is double v ? v : null;
    public bool? Flag(string key) => Values.TryGetValue(key, out var b) && b.Value is bool v ? v : null;
    public TimeSpan? Duration(string key) => Values.TryGetValue(key, out var b) && b.Value is TimeSpan v ? v : null;

    public BoundObject? Object(string key) => Get<BoundObject>(key);
    public IReadOnlyList<Bound> List(string key) => Get<IReadOnlyList<Bound>>(key) ?? [];
    public IReadOnlyList<string> Texts(string key) => List(key).Select(b => (string)b.Value!).ToList();
    public IReadOnlyList<KeyValuePair<string, Bound>> Map(string key) => Get<IReadOnlyList<KeyValuePair<string, Bound>>>(key) ?? [];
}

/// <summary>Collects errors while binding a document, so one pass reports every problem.</summary>
public sealed class BindContext
{
    private readonly List<ScenarioError> _errors = [];

    public IReadOnlyList<ScenarioError> Errors => _errors;
    public bool HasErrors => _errors.Count > 0;

    public void Error(SourceLocation at, string message) => _errors.Add(new ScenarioError(at, message));

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new ScenarioFormatException(_errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList());
    }
}

using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// What a step kind sees while binding: the scenario's header, and the object sets and simulated actors
/// that exist at this point of the step list. References to a set or actor that does not exist yet are
/// load errors, so a scenario cannot fail at run time on a misspelt name.
/// </summary>
public sealed class StepBindContext(BindContext errors, SutActor actor, ProfileMode profile, IEnumerable<string> dataSets, IEnumerable<string> truths, IEnumerable<string>? markers = null)
{
    private readonly HashSet<string> _sets = new(dataSets, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _actors = new(StringComparer.Ordinal);

    public BindContext Errors { get; } = errors;
    public SutActor Actor { get; } = actor;
    public ProfileMode Profile { get; } = profile;

    public IReadOnlyCollection<string> Sets => _sets;

    /// <summary>True transforms the scenario's phantom knows (MOVING-to-BASE names).</summary>
    public IReadOnlyCollection<string> Truths { get; } = truths.ToList();

    /// <summary>Point markers the scenario's phantom knows.</summary>
    public IReadOnlyCollection<string> Markers { get; } = (markers ?? []).ToList();

    public void UsesMarker(string name, SourceLocation at)
    {
        if (!Markers.Contains(name))
            Error(at, $"no marker '{name}' in this scenario's data (known: {(Markers.Count == 0 ? "none: use a phantom preset with markers" : string.Join(", ", Markers))})");
    }

    public void UsesTruth(string name, SourceLocation at)
    {
        if (!Truths.Contains(name))
            Error(at, $"no true transform '{name}' in this scenario's data (known: {(Truths.Count == 0 ? "none: use a phantom preset" : string.Join(", ", Truths))})");
    }

    public void Error(SourceLocation at, string message) => Errors.Error(at, message);

    public void UsesSet(string name, SourceLocation at)
    {
        if (!_sets.Contains(name))
            Error(at, $"no object set '{name}' at this point (known: {(_sets.Count == 0 ? "none" : string.Join(", ", _sets.Order(StringComparer.Ordinal)))})");
    }

    public void DefinesSet(string name, SourceLocation at) => _sets.Add(name);

    /// <summary>Records a simulated actor started under <paramref name="name"/> with <paramref name="role"/>.</summary>
    public void DefinesActor(string name, string role, SourceLocation at)
    {
        if (!_actors.TryAdd(name, role)) Error(at, $"an actor named '{name}' is already running");
    }

    /// <summary>Checks that an actor is running here; returns its role, or null after an error.</summary>
    public string? UsesActor(string name, SourceLocation at)
    {
        if (_actors.TryGetValue(name, out var role)) return role;
        Error(at, $"no running actor '{name}' at this point (running: {(_actors.Count == 0 ? "none" : string.Join(", ", _actors.Keys.Order(StringComparer.Ordinal)))})");
        return null;
    }

    public void EndsActor(string name, SourceLocation at)
    {
        if (UsesActor(name, at) is not null) _actors.Remove(name);
    }
}

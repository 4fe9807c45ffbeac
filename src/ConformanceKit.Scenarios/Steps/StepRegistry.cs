using ConformanceKit.Scenarios.Steps.Kinds;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// The step kinds a scenario may use, by YAML key. Adding a kind: write its file under Steps/Kinds and
/// list it here; the loader, the JSON Schema and docs/scenarios.md's step table follow.
/// </summary>
public sealed class StepRegistry
{
    private readonly Dictionary<string, StepKind> _kinds;

    public StepRegistry(IEnumerable<StepKind> kinds)
    {
        _kinds = new Dictionary<string, StepKind>(StringComparer.Ordinal);
        foreach (var k in kinds)
            if (!_kinds.TryAdd(k.Name, k)) throw new ArgumentException($"step kind '{k.Name}' registered twice");
    }

    public static StepRegistry Default { get; } = new(
    [
        new StartActorKind(),
        new StopActorKind(),
        new SendKind(),
        new ReceiveKind(),
        new QueryKind(),
        new RetrieveKind(),
        new CompareKind(),
        new ValidateKind(),
        new CheckTreKind(),
        new CheckResampledKind(),
        new CheckContoursKind(),
        new AttestKind(),
        new DelayKind(),
    ]);

    public IReadOnlyCollection<StepKind> Kinds => _kinds.Values;

    public StepKind? Find(string name) => _kinds.GetValueOrDefault(name);

    public bool Contains(string name) => _kinds.ContainsKey(name);
}

using ConformanceKit.Actors.Network;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>
/// The reference SUTs by actor: every <see cref="IReferenceSutRole"/> of this assembly (or the ones given). The
/// <see cref="ActorDirectory"/> must be the one the harness actors register in (NetworkActorFactory.Directory), so
/// that the reference SUTs find them (the reference Archive's C-MOVE destinations).
/// </summary>
public sealed class ReferenceSutRegistry : IReferenceSutFactory
{
    private readonly ActorDirectory _directory;
    private readonly Dictionary<SutActor, IReferenceSutRole> _roles = [];

    public ReferenceSutRegistry(ActorDirectory directory) : this(directory, Discover()) { }

    public ReferenceSutRegistry(ActorDirectory directory, IEnumerable<IReferenceSutRole> roles)
    {
        _directory = directory;
        foreach (var r in roles)
            if (!_roles.TryAdd(r.Actor, r))
                throw new ArgumentException($"two reference SUTs play {ScenarioNames.Title(r.Actor)}: {_roles[r.Actor].GetType().Name} and {r.GetType().Name}");
    }

    /// <summary>The actors a reference SUT exists for.</summary>
    public IReadOnlyCollection<SutActor> Actors => _roles.Keys;

    public string? UnavailableReason(SutActor actor) =>
        _roles.ContainsKey(actor) ? null : $"no reference {ScenarioNames.Title(actor)} is built in yet";

    public Task<IReferenceSut> StartAsync(SutActor actor, ScenarioInputs inputs, CancellationToken cancel) =>
        _roles.TryGetValue(actor, out var role)
            ? role.StartAsync(new ReferenceSutContext(inputs, _directory), cancel)
            : throw new NotSupportedException(UnavailableReason(actor));

    private static IEnumerable<IReferenceSutRole> Discover() =>
        typeof(ReferenceSutRegistry).Assembly.GetTypes()
            .Where(t => typeof(IReferenceSutRole).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IReferenceSutRole)Activator.CreateInstance(t)!);
}

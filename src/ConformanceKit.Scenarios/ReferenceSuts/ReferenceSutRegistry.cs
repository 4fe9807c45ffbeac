using ConformanceKit.Actors.Faults;
using ConformanceKit.Actors.Network;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>
/// The harness's reference SUTs by actor (<see cref="IReferenceSutFactory"/>): every <see cref="IReferenceSutRole"/>
/// of this assembly (<see cref="AllRoles"/>), each started per scenario on loopback with the run's fault (<c>ck run --fault NAME</c>), so
/// that the library can be proven against a conformant SUT and against each known mistake. The
/// <see cref="ActorDirectory"/> must be the one the harness actors register in (NetworkActorFactory.Directory),
/// so that the reference SUTs find them.
/// </summary>
public sealed class ReferenceSutRegistry : IReferenceSutFactory
{
    private readonly Dictionary<SutActor, IReferenceSutRole> _roles = [];
    private readonly ActorDirectory _directory;

    public ReferenceSutRegistry(ActorDirectory directory, string? fault = null, IEnumerable<IReferenceSutRole>? roles = null)
    {
        _directory = directory;
        if (fault is not null && !FaultCatalogue.IsKnown(fault))
            throw new ArgumentException($"unknown fault '{fault}' (one of {string.Join(", ", FaultCatalogue.All)})");
        Fault = fault;
        foreach (var role in roles ?? AllRoles())
            foreach (var actor in role.Actors)
                if (!_roles.TryAdd(actor, role))
                    throw new InvalidOperationException($"two reference SUTs play {ScenarioNames.Of(actor)}: {_roles[actor].GetType().Name} and {role.GetType().Name}");
    }

    /// <summary>The fault every reference SUT of the run injects, or null.</summary>
    public string? Fault { get; }

    public IReadOnlyCollection<SutActor> Actors => _roles.Keys;

    /// <summary>
    /// Every role of this assembly, ordered by class name. Listed, not found by reflection, so that ck can be compiled
    /// ahead of time; RoleListTests fails when a role class is missing here.
    /// </summary>
    public static IReadOnlyList<IReferenceSutRole> AllRoles() =>
        [new ContourerRole(), new DisplayRole(), new ReferenceArchive(), new RegistratorRole()];

    public string? UnavailableReason(SutActor actor) =>
        _roles.ContainsKey(actor) ? null : $"no reference implementation of the {ScenarioNames.Title(actor)} yet";

    public Task<IReferenceSut> StartAsync(SutActor actor, ScenarioInputs inputs, CancellationToken cancel) =>
        _roles.TryGetValue(actor, out var role)
            ? role.StartAsync(new ReferenceSutStart(actor, inputs, Fault, _directory), cancel)
            : throw new NotSupportedException(UnavailableReason(actor));
}

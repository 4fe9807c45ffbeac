using ConformanceKit.Actors.Network;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>
/// What starting a reference SUT needs: the actor it plays, the scenario's inputs, the fault it injects (or null),
/// and the directory where the harness's own actors listen (the reference Archive's C-MOVE destinations).
/// </summary>
public sealed record ReferenceSutStart(SutActor Actor, ScenarioInputs Inputs, string? Fault, ActorDirectory Directory);

/// <summary>
/// One built-in reference implementation of an actor. Each role is one class in this folder with a public
/// parameterless constructor; <see cref="ReferenceSutRegistry"/> finds them all, so roles are added without
/// touching a shared list.
/// </summary>
public interface IReferenceSutRole
{
    /// <summary>The actor (or actors) it plays.</summary>
    IReadOnlyList<SutActor> Actors { get; }

    Task<IReferenceSut> StartAsync(ReferenceSutStart start, CancellationToken cancel);
}

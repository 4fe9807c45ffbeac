using ConformanceKit.Actors.Network;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>What a reference SUT is started with: the scenario's inputs, and where the harness's own actors listen.</summary>
public sealed record ReferenceSutContext(ScenarioInputs Inputs, ActorDirectory Directory);

/// <summary>
/// The built-in reference implementation of one actor (issue 6: for every role a product can play, the harness
/// has one). <see cref="ReferenceSutRegistry"/> finds every non-abstract implementation in this assembly with a
/// parameterless constructor, so a new actor's reference SUT is one new class and no shared list changes.
/// </summary>
public interface IReferenceSutRole
{
    SutActor Actor { get; }

    /// <summary>Starts it (listening on loopback); the scenario's steps reach it at the returned endpoint.</summary>
    Task<IReferenceSut> StartAsync(ReferenceSutContext context, CancellationToken cancel);
}

using ConformanceKit.Actors.Contourer;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>The reference Registered Contourer (<see cref="ReferenceContourer"/>).</summary>
public sealed class ContourerRole : IReferenceSutRole
{
    public IReadOnlyList<SutActor> Actors => [SutActor.Contourer];

    public Task<IReferenceSut> StartAsync(ReferenceSutStart start, CancellationToken cancel) =>
        Task.FromResult<IReferenceSut>(HostedReferenceSut.Start(start, "REF_CONTOURER", o => new ReferenceContourer(o)));
}

using ConformanceKit.Actors.Registrator;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>The reference Registrator (<see cref="ReferenceRegistrator"/>).</summary>
public sealed class RegistratorRole : IReferenceSutRole
{
    public IReadOnlyList<SutActor> Actors => [SutActor.Registrator];

    public Task<IReferenceSut> StartAsync(ReferenceSutStart start, CancellationToken cancel) =>
        Task.FromResult<IReferenceSut>(HostedReferenceSut.Start(start, "REF_REGISTRATOR", o => new ReferenceRegistrator(o)));
}

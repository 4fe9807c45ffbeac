using ConformanceKit.Actors.Display;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>The reference Registered Display and Registered Dose Display (<see cref="ReferenceDisplay"/>).</summary>
public sealed class DisplayRole : IReferenceSutRole
{
    public IReadOnlyList<SutActor> Actors => [SutActor.Display, SutActor.DoseDisplay];

    public Task<IReferenceSut> StartAsync(ReferenceSutStart start, CancellationToken cancel) =>
        Task.FromResult<IReferenceSut>(HostedReferenceSut.Start(start, start.Actor == SutActor.DoseDisplay ? "REF_DOSE_DISPLAY" : "REF_DISPLAY", o => new ReferenceDisplay(o)));
}

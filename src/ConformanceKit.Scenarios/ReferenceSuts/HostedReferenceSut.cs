using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>
/// A reference SUT of the Actors layer (<see cref="ReferenceSutHost"/>) seen as the scenario engine sees a SUT:
/// where it listens, and an operator that answers attestation steps carrying a <c>reference-sut</c> task.
/// </summary>
public sealed class HostedReferenceSut(ReferenceSutHost host) : IReferenceSut, IOperatedSut
{
    /// <summary>
    /// Wait windows are scaled by this much: a reference SUT has sent everything before it answers the attestation
    /// that precedes a receive, so a 10 min window becomes 12 s and a 2 min "expect none" window 2.4 s.
    /// </summary>
    public const double ReferenceWindowScale = 0.02;

    public ReferenceSutHost Host => host;

    public SutEndpoint Endpoint => new(host.AeTitle, "127.0.0.1", host.Port);

    public double WindowScale => ReferenceWindowScale;

    public Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel) => host.PerformAsync(task, cancel);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>Starts a host with the scenario's SUT AE title (or <paramref name="defaultAeTitle"/>) on any free loopback port.</summary>
    public static HostedReferenceSut Start(ReferenceSutStart start, string defaultAeTitle, Func<ReferenceSutOptions, ReferenceSutHost> create)
    {
        var options = new ReferenceSutOptions { AeTitle = start.Inputs.Sut?.AeTitle ?? defaultAeTitle, Port = 0, Fault = start.Fault };
        return new HostedReferenceSut(create(options).Start());
    }
}

using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps.Kinds;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// How a step reaches its peer: the SUT (inputs.sut: from the product preset, or the reference SUT the run
/// started) or a running harness actor, calling as one of the harness's identities (inputs.harness.NAME, default
/// AE CK_NAME), over TLS when the inputs say so. Timeouts are the defaults below times the preset's window-scale,
/// which lengthens them for a slow product but never shortens them: the reference SUTs' 0.02 scale is for wait
/// windows, and a 0.2 s association timeout made a loopback peer on a loaded machine look unreachable.
/// </summary>
internal static class SutConnection
{
    /// <summary>Longest wait for one DIMSE response: a loopback peer answers in milliseconds, a busy product within seconds.</summary>
    public static readonly TimeSpan DimseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for a connection and for the A-ASSOCIATE answer.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Client options for the exchange, or the reason there is no peer to talk to.</summary>
    public static (DicomClientOptions? Client, string? Problem) Resolve(StepContext context, string? toActor, string asName, INetworkObserver observer)
    {
        string host, calledAe;
        int port;
        if (toActor is not null && toActor != "sut")
        {
            var actor = context.Actors[toActor];
            (host, port, calledAe) = ("127.0.0.1", actor.Endpoint.Port, actor.Endpoint.AeTitle);
        }
        else if (context.Inputs.Sut is { } sut) (host, port, calledAe) = (sut.Host, sut.Port, sut.AeTitle);
        else return (null, "no SUT endpoint: give the product's ae-title, host and port in the preset (--sut FILE) or in inputs.sut");
        var tls = context.Inputs.Tls is { Enabled: true } t ? HarnessTlsOf(t).Client(host) : null;
        var connect = Lengthened(context, ConnectTimeout);
        return (new DicomClientOptions
        {
            Host = host,
            Port = port,
            CalledAeTitle = calledAe,
            CallingAeTitle = CallingAeTitle(context, asName),
            Tls = tls,
            ConnectTimeout = connect,
            Settings = new AssociationSettings { DimseTimeout = Lengthened(context, DimseTimeout), AssociationTimeout = connect },
            Observer = observer,
        }, null);
    }

    /// <summary>A protocol timeout under the window-scale, never below its default.</summary>
    public static TimeSpan Lengthened(StepContext context, TimeSpan timeout) => context.WindowScale > 1 ? context.Scale(timeout) : timeout;

    /// <summary>The AE title the harness uses for an identity: inputs.harness.NAME, else CK_NAME (as <c>start</c> does).</summary>
    public static string CallingAeTitle(StepContext context, string name) =>
        context.Inputs.Harness.TryGetValue(name, out var e) ? e.AeTitle : StartActorKind.DefaultAeTitle(name);

    public static HarnessTls HarnessTlsOf(TlsSettings t) => new(t.Certificate, t.PrivateKey, t.Trusted, t.VerifyPeer);
}

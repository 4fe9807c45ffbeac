using ConformanceKit.Actors.Faults;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>
/// What every reference SUT shares: a Storage SCP on loopback that keeps what the harness sends
/// (<see cref="ReceivedObjects"/>), a sender for what it makes, and its fault. A SUT that only consumes
/// (<see cref="AssociationFaultsOnReceive"/>) plays association faults on the associations it accepts:
/// slow answers each C-STORE after <see cref="ReferenceSutOptions.SlowDelay"/>, aborted sends A-ABORT at the
/// first C-STORE.
/// </summary>
public abstract class ReferenceSutHost : IOperatedSut, IAsyncDisposable
{
    private DicomServer? _server;
    private StudyCache? _study;

    protected ReferenceSutHost(ReferenceSutOptions options)
    {
        if (options.Fault is { } f && !FaultCatalogue.IsKnown(f))
            throw new ArgumentException($"unknown fault '{f}' (one of {string.Join(", ", FaultCatalogue.All)})");
        Options = options;
        Sender = new ObjectSender(options);
    }

    public ReferenceSutOptions Options { get; }
    public ReceivedObjects Received { get; } = new();
    protected ObjectSender Sender { get; }

    public string AeTitle => Options.AeTitle;
    public int Port => _server?.Port ?? throw new InvalidOperationException("the reference SUT is not started");

    /// <summary>True for SUTs that make nothing to send in the usual case (displays): association faults apply to what they receive.</summary>
    protected virtual bool AssociationFaultsOnReceive => false;

    /// <summary>What has been received, grouped (rebuilt when more arrived, so volumes are read once).</summary>
    protected ReceivedStudy Study
    {
        get
        {
            var objects = Received.Snapshot();
            var cache = _study;
            if (cache is null || cache.Count != objects.Count) _study = cache = new StudyCache(objects.Count, new ReceivedStudy(objects));
            return cache.Study;
        }
    }

    public ReferenceSutHost Start()
    {
        if (AssociationFaultsOnReceive && Options.Fault is { } fault && FaultCatalogue.IsAssociationFault(fault))
            Received.BeforeStore = fault == FaultCatalogue.SlowAssociation
                ? (_, cancel) => new ValueTask(Task.Delay(Options.SlowDelay, cancel))
                : async (request, _) =>
                {
                    await request.Association.AbortAsync($"fault {FaultCatalogue.AbortedAssociation}").ConfigureAwait(false);
                    throw new DimseStatusException(DimseStatus.ProcessingFailure, "association aborted (fault injection)");
                };
        _server = new DicomServer(new DicomServerOptions
        {
            AeTitle = Options.AeTitle,
            Port = Options.Port,
            Store = Received,
            Acceptance = new AcceptancePolicy { AcceptUnknownStorageClasses = true },
        }).Start();
        return this;
    }

    public abstract Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        await Sender.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private sealed record StudyCache(int Count, ReceivedStudy Study);
}

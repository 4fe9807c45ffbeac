using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Actors;

/// <summary>
/// What every network actor of the harness shares: its identity and address, its inbox, the hub its server reports
/// network events to (steps listen there for transcripts) and its entry in the actor directory.
/// </summary>
internal abstract class HarnessActor : IActorInstance, INetworkObservable
{
    private IDisposable? _listing;

    protected HarnessActor(string name, string role)
    {
        (Name, Role) = (name, role);
        Network.Attach(Inbox!); // the inbox keeps what peers did, for the diagnosis of a receive that finds nothing
    }

    public string Name { get; }
    public string Role { get; }
    public HarnessEndpoint Endpoint { get; protected set; } = new("", 0);
    public ObjectInbox? Inbox { get; } = new();
    public ObserverHub Network { get; } = new();

    public IDisposable Observe(INetworkObserver listener) => Network.Attach(listener);

    public void Listed(IDisposable listing) => _listing = listing;

    /// <summary>Hands a stored object to the inbox; called once it is on disk, before the sender gets success.</summary>
    protected void Deliver(string path, string sopClassUid, string sopInstanceUid, string callingAeTitle) =>
        Inbox!.Deliver(Received(path, sopClassUid, sopInstanceUid, "received from SUT", callingAeTitle));

    /// <summary>
    /// An object a peer sent, read from where it was stored. Garbage that passed the DIMSE layer is still evidence:
    /// it becomes a dataset naming the object, with the file (the checks that follow report it).
    /// </summary>
    public static ScenarioObject Received(string path, string sopClassUid, string sopInstanceUid, string origin, string fromAeTitle)
    {
        DicomFile file;
        try { file = DicomFileReader.Read(path); }
        catch (DicomReadException)
        {
            file = new DicomFile(new DicomDataset(), new DicomDataset().With(DicomTags.SOPInstanceUID, sopInstanceUid)
                .With(DicomTags.SOPClassUID, sopClassUid), DicomTransferSyntax.ExplicitVRLittleEndian) { Path = path };
        }
        return new ScenarioObject(file, origin) { ReceivedAt = DateTimeOffset.UtcNow, FromAeTitle = fromAeTitle };
    }

    protected abstract ValueTask StopAsync();

    public async ValueTask DisposeAsync()
    {
        _listing?.Dispose();
        await StopAsync();
        Inbox!.Close();
    }
}

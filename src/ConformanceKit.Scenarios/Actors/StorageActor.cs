using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Actors;

/// <summary>
/// The <c>storage</c> actor: the network layer's Storage SCP for any SOP class, keeping each object as received
/// (temporary file, flush, rename, then success) and delivering it to the inbox.
/// </summary>
internal sealed class StorageActor : HarnessActor
{
    private DicomServer? _server;

    private StorageActor(string name) : base(name, "storage") { }

    public static StorageActor Start(ActorStartRequest request, string folder, HarnessTls? tls)
    {
        var storage = new FileStorageService(folder);
        var actor = new StorageActor(request.Name);
        storage.Stored += f => actor.Deliver(f.Path, f.SopClassUid, f.SopInstanceUid, f.CallingAeTitle);
        actor._server = new DicomServer(new DicomServerOptions
        {
            AeTitle = request.Endpoint.AeTitle,
            Port = request.Endpoint.Port,
            Store = storage,
            Acceptance = new AcceptancePolicy { AcceptUnknownStorageClasses = true },
            Tls = tls?.Server(),
            Observer = actor.Network,
        }).Start();
        actor.Endpoint = new HarnessEndpoint(request.Endpoint.AeTitle, actor._server.Port);
        return actor;
    }

    protected override async ValueTask StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

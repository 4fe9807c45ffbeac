using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Actors;

/// <summary>
/// Starts the harness's simulated actors on the network layer. <c>storage</c>: a Storage SCP (PS3.4
/// Annex B) that keeps every object as received (temporary file, flush, rename, then success) and delivers
/// it to the actor's inbox for <c>receive</c> steps. Listens on loopback unless told otherwise.
/// </summary>
public sealed class NetworkActorFactory : IActorFactory
{
    public static readonly IReadOnlyList<string> Roles = ["storage"];

    public Task<IActorInstance> StartAsync(ActorStartRequest request, string runDirectory, CancellationToken cancel)
    {
        if (request.Role != "storage")
            throw new NotSupportedException($"the harness cannot play '{request.Role}' yet (the Archive actor's Query/Retrieve SCP is not wired)");
        if (request.Tls.Enabled)
            throw new NotSupportedException("TLS for harness actors is not wired yet");
        var directory = Path.Combine(runDirectory, "actors", request.Name, Guid.NewGuid().ToString("N")[..8]);
        var storage = new FileStorageService(directory);
        var actor = new StorageActor(request.Name, storage);
        var server = new DicomServer(new DicomServerOptions
        {
            AeTitle = request.Endpoint.AeTitle,
            Port = request.Endpoint.Port,
            Store = storage,
            Acceptance = new AcceptancePolicy { AcceptUnknownStorageClasses = true },
        });
        server.Start();
        cancel.ThrowIfCancellationRequested();
        actor.Attach(server, new HarnessEndpoint(request.Endpoint.AeTitle, server.Port));
        return Task.FromResult<IActorInstance>(actor);
    }

    private sealed class StorageActor : IActorInstance
    {
        private DicomServer? _server;

        public StorageActor(string name, FileStorageService storage)
        {
            Name = name;
            storage.Stored += Deliver;
        }

        public string Name { get; }
        public string Role => "storage";
        public HarnessEndpoint Endpoint { get; private set; } = new("", 0);
        public ObjectInbox? Inbox { get; } = new();

        public void Attach(DicomServer server, HarnessEndpoint endpoint)
        {
            _server = server;
            Endpoint = endpoint;
        }

        // Called by the Storage SCP after the object is safely on disk, before it answers success.
        private void Deliver(StoredFile stored)
        {
            DicomFile file;
            try { file = DicomFileReader.Read(stored.Path); }
            catch (DicomReadException)
            {
                // Garbage that passed the DIMSE layer is still evidence: deliver a dataset naming the object and its file.
                file = new DicomFile(new DicomDataset(), new DicomDataset().With(DicomTags.SOPInstanceUID, stored.SopInstanceUid)
                    .With(DicomTags.SOPClassUID, stored.SopClassUid), DicomTransferSyntax.ExplicitVRLittleEndian) { Path = stored.Path };
            }
            Inbox!.Deliver(new ScenarioObject(file, "received from SUT") { ReceivedAt = DateTimeOffset.UtcNow, FromAeTitle = stored.CallingAeTitle });
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null) await _server.DisposeAsync();
            Inbox!.Close();
        }
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Reports.Tests.Support;

/// <summary>
/// The harness-side actors of the report tests' runs, plugged into the engine's public <see cref="IActorFactory"/>
/// (the Actors layer's network actors take this place once they are on main). An archive that was given objects
/// to serve hands them back through its inbox as a SUT would return them, with the SRO's Content Label and every
/// object's Series Description changed (hostile text, so compare findings carry it); other actors receive nothing.
/// </summary>
internal sealed class StoreAndReturnActors : IActorFactory
{
    public Task<IActorInstance> StartAsync(ActorStartRequest request, string runDirectory, CancellationToken cancel)
    {
        var actor = new Actor(request.Name, request.Role, request.Endpoint with { Port = 11112 });
        foreach (var o in request.Serve)
        {
            var ds = o.Dataset.Clone();
            if (ds.GetString(DicomTags.Modality) == "REG") ds.SetString(DicomTags.ContentLabel, Hostile.ReturnedContentLabel);
            var file = new DicomFile(o.File.FileMetaInformation, ds, o.File.TransferSyntax);
            actor.Inbox!.Deliver(new ScenarioObject(file, "received") { ReceivedAt = DateTimeOffset.UtcNow, FromAeTitle = "SUT" });
        }
        return Task.FromResult<IActorInstance>(actor);
    }

    private sealed class Actor(string name, string role, HarnessEndpoint endpoint) : IActorInstance
    {
        public string Name => name;
        public string Role => role;
        public HarnessEndpoint Endpoint => endpoint;
        public ObjectInbox? Inbox { get; } = new();
        public ValueTask DisposeAsync() { Inbox!.Close(); return ValueTask.CompletedTask; }
    }
}

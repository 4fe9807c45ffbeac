using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Actors;

/// <summary>
/// Starts the harness's simulated actors on the network layer, listening on loopback: <c>storage</c>, a Storage SCP
/// (PS3.4 Annex B) that keeps every object as received; <c>archive</c>, the simulated Archive (Storage plus Study
/// Root Query/Retrieve SCP) holding the <c>serve</c> sets from the start. Both answer success only once an object is
/// on disk, deliver it to the actor's inbox for <c>receive</c> steps, and listen with TLS when the inputs ask. Each
/// running actor is in <see cref="Directory"/> (AE title to address) for reference SUTs to find.
/// </summary>
public sealed class NetworkActorFactory(ActorDirectory? directory = null) : IActorFactory
{
    public static readonly IReadOnlyList<string> Roles = ["storage", "archive"];

    /// <summary>Where the running actors listen, by AE title (the reference SUTs' table of known AEs and move destinations).</summary>
    public ActorDirectory Directory { get; } = directory ?? new ActorDirectory();

    public Task<IActorInstance> StartAsync(ActorStartRequest request, string runDirectory, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var folder = Path.Combine(runDirectory, "actors", request.Name, Guid.NewGuid().ToString("N")[..8]);
        var tls = request.Tls.Enabled ? SutConnection.HarnessTlsOf(request.Tls) : null;
        HarnessActor actor = request.Role switch
        {
            "storage" => StorageActor.Start(request, folder, tls),
            "archive" => ArchiveActor.Start(request, folder, tls, Directory),
            _ => throw new NotSupportedException($"the harness cannot play '{request.Role}' (it plays {string.Join(", ", Roles)})"),
        };
        actor.Listed(Directory.Register(new MoveDestination(actor.Endpoint.AeTitle, "127.0.0.1", actor.Endpoint.Port) { Tls = tls?.Client("127.0.0.1") }));
        return Task.FromResult<IActorInstance>(actor);
    }
}

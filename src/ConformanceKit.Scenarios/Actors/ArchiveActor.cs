using ConformanceKit.Actors.Archive;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Actors;

/// <summary>
/// The <c>archive</c> actor: the simulated Archive holding the scenario's <c>serve</c> sets, which a consumer SUT
/// (Registrator, Display, Contourer) queries and retrieves from. C-MOVE destinations are the SUT itself (so a
/// consumer can retrieve to its own AE) and every running harness actor; objects the SUT stores go to the inbox.
/// </summary>
internal sealed class ArchiveActor : HarnessActor
{
    private SimulatedArchive? _archive;

    private ArchiveActor(string name) : base(name, "archive") { }

    public static ArchiveActor Start(ActorStartRequest request, string folder, HarnessTls? tls, ActorDirectory directory)
    {
        var known = new Dictionary<string, MoveDestination>(StringComparer.Ordinal);
        if (request.Sut is { } sut)
            known[sut.AeTitle] = new MoveDestination(sut.AeTitle, sut.Host, sut.Port) { Tls = tls?.Client(sut.Host) };
        var actor = new ArchiveActor(request.Name);
        var archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = request.Endpoint.AeTitle,
            Port = request.Endpoint.Port,
            Directory = folder,
            // A scenario's archive is thrown away with the run: flushed and renamed before success is enough.
            Durability = Durability.Flushed,
            Destinations = new DestinationTables(known, directory),
            Tls = tls?.Server(),
            Observer = actor.Network,
        });
        actor._archive = archive;
        try
        {
            foreach (var o in request.Serve) archive.Store.Store(o.File);
        }
        catch
        {
            archive.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        archive.Stored += o => actor.Deliver(o.Path, o.Instance.SopClassUid, o.Instance.SopInstanceUid, o.CallingAeTitle);
        actor.Endpoint = new HarnessEndpoint(request.Endpoint.AeTitle, archive.Port);
        return actor;
    }

    protected override async ValueTask StopAsync()
    {
        if (_archive is not null) await _archive.DisposeAsync();
    }
}

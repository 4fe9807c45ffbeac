using ConformanceKit.Actors.Archive;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.ReferenceSuts;

/// <summary>
/// The reference Archive: the simulated Archive (Storage SCP, Study Root FIND/MOVE/GET) in a throw-away folder,
/// listening on a free loopback port, with every running harness actor as a C-MOVE destination (as a product's
/// administrator would configure the harness's AEs). TLS when the scenario's inputs ask for it.
/// </summary>
public sealed class ReferenceArchive : IReferenceSutRole
{
    public const string AeTitle = "CK_REF_ARCHIVE";

    public IReadOnlyList<SutActor> Actors { get; } = [SutActor.Archive];

    public Task<IReferenceSut> StartAsync(ReferenceSutStart context, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var folder = Path.Combine(Path.GetTempPath(), "ck-ref-archive-" + Guid.NewGuid().ToString("N")[..12]);
        var tls = context.Inputs.Tls is { Enabled: true } t ? SutConnection.HarnessTlsOf(t) : null;
        var archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = AeTitle,
            Directory = folder,
            Durability = Durability.Flushed, // thrown away with the scenario; see Durability.Flushed
            Destinations = context.Directory,
            Tls = tls?.Server(),
        });
        return Task.FromResult<IReferenceSut>(new Running(archive, folder));
    }

    private sealed class Running(SimulatedArchive archive, string folder) : IReferenceSut
    {
        public SutEndpoint Endpoint { get; } = new(AeTitle, "127.0.0.1", archive.Port);

        public async ValueTask DisposeAsync()
        {
            await archive.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

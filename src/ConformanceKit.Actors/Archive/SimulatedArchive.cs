using System.Net;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Actors.Archive;

/// <summary>How the simulated Archive is reached and where it keeps its objects.</summary>
public sealed record ArchiveOptions
{
    public required string AeTitle { get; init; }

    /// <summary>TCP port; 0 picks a free one (see <see cref="SimulatedArchive.Port"/>).</summary>
    public int Port { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The archive's folder: objects/, the SQLite index, tmp/.</summary>
    public required string Directory { get; init; }

    public Durability Durability { get; init; } = Durability.Synced;

    /// <summary>C-MOVE destinations by AE title (looked up at each C-MOVE, so the table may change while the archive runs).</summary>
    public IReadOnlyDictionary<string, MoveDestination> Destinations { get; init; } = new Dictionary<string, MoveDestination>();

    /// <summary>Answer whatever Called AE Title a peer uses (else a different one is rejected).</summary>
    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Calling AE Titles allowed to associate; null allows any (others are rejected, PS3.8 Table 9-21 reason 3).</summary>
    public IReadOnlySet<string>? AllowedCallingAeTitles { get; init; }

    public TlsServerOptions? Tls { get; init; }
    public INetworkObserver? Observer { get; init; }
    public AssociationSettings Settings { get; init; } = new() { IdleTimeout = TimeSpan.FromMinutes(5) };
}

/// <summary>
/// The simulated Archive actor (reg-profile.md section 1): a Storage SCP for every storage SOP class (CT, MR, PET,
/// Spatial Registration, RT Structure Set, RT Dose, RT Plan and the rest, in any transfer syntax, kept as received)
/// and a Study Root Query/Retrieve SCP (FIND, MOVE, GET) over an <see cref="ArchiveStore"/>. `ck archive`, the
/// `archive` actor of scenarios and the reference Archive SUT are all this class.
/// </summary>
public sealed class SimulatedArchive : IAsyncDisposable
{
    private readonly DicomServer _server;

    private SimulatedArchive(ArchiveStore store, ArchiveStorageService storage, DicomServer server)
    {
        Store = store;
        _server = server;
        storage.Stored += o => Stored?.Invoke(o);
    }

    public ArchiveStore Store { get; }
    public string AeTitle => _server.Options.AeTitle;
    public int Port => _server.Port;

    /// <summary>Raised for each object stored over the network, after it is on disk and before success is answered.</summary>
    public event Action<ArchivedObject>? Stored;

    /// <summary>
    /// What it accepts (PS3.8 7.1.1.13): Verification, the Study Root FIND, MOVE and GET models (PS3.4 C.6.2; the
    /// Patient Root model is not offered) and every storage SOP class the UID registry knows.
    /// </summary>
    public static IReadOnlySet<string> AbstractSyntaxes { get; } = new HashSet<string>(
        [DicomUids.Verification, DicomUids.StudyRootQueryRetrieveInformationModelFind, DicomUids.StudyRootQueryRetrieveInformationModelMove,
         DicomUids.StudyRootQueryRetrieveInformationModelGet, .. SopClassGroups.StorageClasses], StringComparer.Ordinal);

    /// <summary>Opens (and repairs) the store, then listens; returns once the port is bound.</summary>
    public static SimulatedArchive Start(ArchiveOptions options)
    {
        var store = ArchiveStore.Open(options.Directory, options.Durability);
        try
        {
            var storage = new ArchiveStorageService(store);
            var server = new DicomServer(new DicomServerOptions
            {
                AeTitle = options.AeTitle,
                AcceptAnyCalledAeTitle = options.AcceptAnyCalledAeTitle,
                AllowedCallingAeTitles = options.AllowedCallingAeTitles,
                BindAddress = options.BindAddress,
                Port = options.Port,
                Settings = options.Settings,
                Acceptance = new AcceptancePolicy { AbstractSyntaxes = AbstractSyntaxes },
                Store = storage,
                Query = new ArchiveQueryService(store),
                Retrieve = new ArchiveRetrieveService(store),
                MoveDestinations = options.Destinations,
                Tls = options.Tls,
                Observer = options.Observer,
            });
            var archive = new SimulatedArchive(store, storage, server);
            server.Start();
            return archive;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Serves until <paramref name="cancel"/> fires, then lets running associations finish for up to <paramref name="grace"/>.</summary>
    public Task RunAsync(CancellationToken cancel, TimeSpan grace) => _server.RunAsync(cancel, grace);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }
}

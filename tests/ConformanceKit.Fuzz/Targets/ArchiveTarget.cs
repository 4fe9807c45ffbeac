using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Testing;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// The simulated Archive (`ck archive`) as a peer meets it (see <see cref="AcceptorTarget"/>): storage into its
/// synced files and SQLite index, Study Root C-FIND with whatever keys the input carries, C-MOVE (to itself, the one
/// configured destination) and C-GET. A query or retrieve service that throws instead of answering a status is a crash.
/// </summary>
public sealed class ArchiveTarget : AcceptorTarget
{
    private readonly TempDirectory _folder = new("ck-fuzz-archive");
    private readonly SimulatedArchive _archive;

    public ArchiveTarget()
    {
        var destinations = new Dictionary<string, MoveDestination>(StringComparer.Ordinal);
        _archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = CapturedAssociations.ArchiveAeTitle, Directory = _folder.Combine("archive"), Durability = Durability.Flushed,
            Destinations = destinations, Observer = Defects,
            Settings = new AssociationSettings { ArtimTimeout = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(2) },
        });
        destinations[CapturedAssociations.ArchiveAeTitle] = new MoveDestination(CapturedAssociations.ArchiveAeTitle, "127.0.0.1", _archive.Port);
        foreach (var ds in SyntheticCt.Series(3, 8, 8, seed: "fuzz-archive", patientId: "FUZZ")) _archive.Store.Store(DicomFile.Create(ds));
    }

    public override string Name => "archive";
    public override string Description => "simulated Archive over loopback: storage and index, C-FIND keys, C-MOVE, C-GET";

    protected override int Port => _archive.Port;

    public override IReadOnlyList<byte[]> Seeds() => CapturedAssociations.GetArchive();

    protected override int LeftoverTemporaryFiles() => Directory.GetFiles(Path.Combine(_archive.Store.Root, "tmp"), "*.part").Length;

    public override void Dispose()
    {
        _archive.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _folder.Dispose();
    }
}

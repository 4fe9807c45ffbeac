using System.Globalization;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Testing;

namespace ConformanceKit.Actors.Tests.Archive;

/// <summary>A simulated Archive in a temporary folder, and dcmtk's SCUs pointed at it (started with TCP_NODELAY=1 by PeerProcess).</summary>
internal sealed class ArchiveUnderTest : IAsyncDisposable
{
    public const string Ae = "CK_ARCHIVE";
    private readonly TempDirectory _temp = new("ck-arc");

    private ArchiveUnderTest(IReadOnlyDictionary<string, MoveDestination> destinations)
    {
        Archive = SimulatedArchive.Start(new ArchiveOptions { AeTitle = Ae, Directory = _temp.Combine("archive"), Destinations = destinations });
    }

    public SimulatedArchive Archive { get; }
    public string Port => Archive.Port.ToString(CultureInfo.InvariantCulture);
    public string Folder(string name) => Directory.CreateDirectory(_temp.Combine(name)).FullName;

    public static ArchiveUnderTest Start(IReadOnlyDictionary<string, MoveDestination>? destinations = null) =>
        new(destinations ?? new Dictionary<string, MoveDestination>());

    /// <summary>Runs a dcmtk tool (storescu, findscu, movescu, getscu) against the archive: options, peer, port, files; ignored when the tool is missing.</summary>
    public Task<PeerRun> Dcmtk(string tool, IEnumerable<string> options, string? workingDirectory = null, IEnumerable<string>? files = null)
    {
        var path = PeerTools.Require(tool, "dcmtk");
        return PeerProcess.RunAsync(path, [.. options, "127.0.0.1", Port, .. files ?? []], TimeSpan.FromSeconds(60), workingDirectory);
    }

    /// <summary>Writes Part 10 files for datasets into a folder and returns their paths.</summary>
    public string[] Write(string folder, IEnumerable<DicomDataset> datasets) =>
        datasets.Select((d, i) =>
        {
            var path = Path.Combine(Folder(folder), $"o{i:D3}.dcm");
            DicomFileWriter.Write(path, DicomFile.Create(d));
            return path;
        }).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Archive.DisposeAsync();
        _temp.Dispose();
    }
}

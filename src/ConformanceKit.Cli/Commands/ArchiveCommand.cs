using System.Net;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck archive --aet AE --port N --dir DIR [--dest AE=HOST:PORT]...`: the simulated Archive on its own, as a plain DICOM
/// archive: Storage SCP for every storage class (kept byte for byte as received; success only once the object is
/// synced to disk) and Study Root Query/Retrieve FIND, MOVE (to the --dest AEs) and GET. docs/scenarios.md.
/// Runs until SIGINT or SIGTERM, then stops gracefully.
/// </summary>
public sealed class ArchiveCommand : ICommand
{
    public string Name => "archive";
    public string Summary => "run the simulated Archive: storage, Study Root C-FIND, C-MOVE and C-GET over a folder";
    public string Usage => "archive --aet AE --port N --dir DIR [--dest AE=HOST:PORT]... [--allow AE]... [--bind ADDRESS] [--any-aec] [--no-fsync] " +
                           "[--tls --tls-cert PEM --tls-key PEM [--tls-ca PEM]] [--quiet] [--verbose]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var p = ParsedArgs.Parse(args, new HashSet<string> { "--tls", "--any-aec", "--no-fsync", "--quiet", "--verbose" }, NetworkOptions.Aliases);
        var aeTitle = NetworkOptions.AeTitleOption(p, "--aet", "CK_ARCHIVE");
        var port = NetworkOptions.Port(p, 104);
        var directory = p.Require("--dir");
        var bindText = p.Get("--bind", "0.0.0.0");
        if (!IPAddress.TryParse(bindText, out var bind)) throw new UsageException($"--bind {bindText} is not an IP address");
        IReadOnlyDictionary<string, MoveDestination> destinations;
        try { destinations = DestinationSpecs.Parse(p.GetAll("--dest")); }
        catch (FormatException e) { throw new UsageException(e.Message); }
        var allowed = p.GetAll("--allow");
        var tls = StoreScpCommand.ServerTls(p);
        var quiet = p.Has("--quiet");
        var verbose = p.Has("--verbose");
        var durability = p.Has("--no-fsync") ? Durability.Flushed : Durability.Synced;
        var anyCalled = p.Has("--any-aec");
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");

        SimulatedArchive archive;
        try
        {
            archive = SimulatedArchive.Start(new ArchiveOptions
            {
                AeTitle = aeTitle, Port = port, BindAddress = bind, Directory = directory, Durability = durability,
                Destinations = destinations, AcceptAnyCalledAeTitle = anyCalled, Tls = tls, Observer = new ConsoleLog(verbose),
                AllowedCallingAeTitles = allowed.Count > 0 ? allowed.ToHashSet(StringComparer.Ordinal) : null,
            });
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"ck archive: cannot listen on {bind}:{port}: {e.Message}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"ck archive: cannot open the archive in {directory}: {e.Message}");
            return ExitCodes.Error;
        }
        await using (archive)
        {
            var repair = archive.Store.Repair;
            if (!repair.Clean)
                Console.WriteLine($"ck archive: start-up repair: {repair.TemporaryFilesRemoved} unfinished file(s) removed, {repair.MissingFilesUnindexed} lost file(s) unindexed, " +
                                  $"{repair.FilesIndexed} file(s) indexed, {repair.FilesQuarantined} unreadable file(s) quarantined{(repair.IndexRebuilt ? ", index rebuilt" : "")}");
            if (!quiet) archive.Stored += o => Console.WriteLine($"stored {o.Instance.SopInstanceUid} from {o.CallingAeTitle} -> {o.Path}");
            Console.WriteLine($"ck archive: {aeTitle} listening on {bind}:{archive.Port}{(tls is null ? "" : " (TLS)")}, {archive.Store.Count} object(s) in " +
                              $"{Path.GetFullPath(directory)}; move destinations: {(destinations.Count == 0 ? "none" : string.Join(", ", destinations.Values.Select(d => $"{d.AeTitle}={d.Host}:{d.Port}")))}");
            await archive.RunAsync(cancel, TimeSpan.FromSeconds(5));
        }
        Console.WriteLine("ck archive: stopped");
        return ExitCodes.Success;
    }

    /// <summary>Prints problems (refused moves, failed sub-associations) always, and associations opening (--verbose).</summary>
    private sealed class ConsoleLog(bool verbose) : INetworkObserver
    {
        public void OnEvent(NetworkEvent e)
        {
            switch (e)
            {
                case ProblemEvent:
                    Console.Error.WriteLine($"ck archive: {e}");
                    break;
                case ConnectionEvent or DimseEvent { Direction: Direction.Received } when verbose:
                    Console.WriteLine(e);
                    break;
            }
        }
    }
}

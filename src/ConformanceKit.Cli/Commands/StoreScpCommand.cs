using System.Net;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck storescp --aet AE --port N --dir DIR`: a plain Storage SCP (and Verification SCP). Each object becomes
/// DIR/SOPInstanceUID.dcm, answered only once written, flushed and renamed (--fsync: synced to disk too).
/// Runs until SIGINT or SIGTERM, then stops gracefully: running associations get a few seconds to finish.
/// </summary>
public sealed class StoreScpCommand : ICommand
{
    public string Name => "storescp";
    public string Summary => "receive objects with C-STORE into a folder (a storage SCP)";
    public string Usage => "storescp --port N --dir DIR [--aet AE] [--bind ADDRESS] [--allow AE...] [--any-aec] [--fsync] [--max-pdu BYTES] [--max-object BYTES] " +
                           "[--tls --tls-cert PEM --tls-key PEM [--tls-ca PEM]] [--idle SECONDS] [--quiet] [--verbose]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var p = ParsedArgs.Parse(args, new HashSet<string> { "--tls", "--any-aec", "--fsync", "--quiet", "--verbose" }, NetworkOptions.Aliases);
        var aeTitle = NetworkOptions.AeTitleOption(p, "--aet", "CK_STORESCP");
        var port = NetworkOptions.Port(p, 104);
        var directory = p.Require("--dir");
        var bindText = p.Get("--bind", "0.0.0.0");
        if (!IPAddress.TryParse(bindText, out var bind)) throw new UsageException($"--bind {bindText} is not an IP address");
        var allowed = p.GetAll("--allow");
        var quiet = p.Has("--quiet");
        var verbose = p.Has("--verbose");
        var tls = ServerTls(p);
        var settings = new AssociationSettings
        {
            MaxPduLength = (uint)p.GetInt("--max-pdu", 256 * 1024),
            IdleTimeout = TimeSpan.FromSeconds(p.GetInt("--idle", 300)),
            MaxDatasetLength = p.GetInt("--max-object", Array.MaxLength),
        };
        var store = new FileStorageService(directory, syncToDisk: p.Has("--fsync"));
        var anyCalled = p.Has("--any-aec");
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");
        if (store.RemoveAbandonedTransfers() is > 0 and var abandoned)
            Console.WriteLine($"ck storescp: removed {abandoned} unfinished transfer(s) left by an earlier run");
        if (!quiet) store.Stored += f => Console.WriteLine($"stored {f.SopInstanceUid} from {f.CallingAeTitle} ({f.DatasetLength} bytes) -> {f.Path}");

        var log = new ConsoleLog(verbose);
        await using var server = new DicomServer(new DicomServerOptions
        {
            AeTitle = aeTitle,
            AcceptAnyCalledAeTitle = anyCalled,
            AllowedCallingAeTitles = allowed.Count > 0 ? allowed.ToHashSet(StringComparer.Ordinal) : null,
            BindAddress = bind,
            Port = port,
            Store = store,
            Settings = settings,
            Tls = tls,
            Observer = log,
        });
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"ck storescp: cannot listen on {bind}:{port}: {e.Message}");
            return ExitCodes.Error;
        }
        Console.WriteLine($"ck storescp: {aeTitle} listening on {bind}:{server.Port}{(tls is null ? "" : " (TLS)")}, storing into {Path.GetFullPath(directory)}");
        await server.RunAsync(cancel, TimeSpan.FromSeconds(5));
        Console.WriteLine("ck storescp: stopped");
        return ExitCodes.Success;
    }

    /// <summary>Server TLS from --tls, --tls-cert, --tls-key, --tls-ca (a CA asks clients for certificates); shared by the listening commands.</summary>
    internal static TlsServerOptions? ServerTls(ParsedArgs p)
    {
        var cert = p.Get("--tls-cert");
        var key = p.Get("--tls-key");
        var ca = p.Get("--tls-ca");
        if (!p.Has("--tls"))
        {
            if (cert is not null || ca is not null) throw new UsageException("--tls-cert, --tls-key and --tls-ca need --tls");
            return null;
        }
        if (cert is null || key is null) throw new UsageException("--tls needs --tls-cert and --tls-key");
        return new TlsServerOptions
        {
            Certificate = NetworkOptions.LoadCertificate(cert, key),
            RequireClientCertificate = ca is not null,
            TrustedClientRoots = ca is null ? null : NetworkOptions.LoadRoots(ca),
        };
    }

    /// <summary>Prints problems (always) and associations opening and closing (--verbose) as they happen.</summary>
    private sealed class ConsoleLog(bool verbose) : INetworkObserver
    {
        public void OnEvent(NetworkEvent e)
        {
            switch (e)
            {
                case ProblemEvent:
                    Console.Error.WriteLine($"ck storescp: {e}");
                    break;
                case ConnectionEvent or PduEvent { Type: Dicom.Network.Pdus.PduType.AssociateRequest or Dicom.Network.Pdus.PduType.Abort } when verbose:
                    Console.WriteLine(e);
                    break;
            }
        }
    }
}

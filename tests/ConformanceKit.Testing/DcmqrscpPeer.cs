using System.Globalization;
using System.Text;

namespace ConformanceKit.Testing;

/// <summary>A node dcmqrscp may move to (an entry of its HostTable).</summary>
public sealed record DcmqrscpHost(string AeTitle, string Host, int Port);

/// <summary>
/// A throw-away dcmqrscp (dcmtk's image archive) with a temporary configuration file: one AE over a storage area in a
/// temporary folder, every peer allowed, the move destinations in its HostTable, a free port. Started
/// with TCP_NODELAY=1, stopped by PID.
/// </summary>
public sealed class DcmqrscpPeer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;

    private DcmqrscpPeer(TempDirectory directory, PeerProcess process, string aeTitle, int port)
    {
        _directory = directory;
        _process = process;
        AeTitle = aeTitle;
        Port = port;
    }

    public string AeTitle { get; }
    public int Port { get; }
    public int Pid => _process.Pid;
    public string Output => _process.Output;

    /// <summary>The configuration file's text (dcmqrscp.cfg format, see dcmtk's dcmqrcnf.txt).</summary>
    public static string BuildConfiguration(string storageArea, string aeTitle, int port, IEnumerable<DcmqrscpHost> hosts)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"NetworkTCPPort  = {port}");
        sb.AppendLine("MaxPDUSize      = 65536");
        sb.AppendLine("MaxAssociations = 16");
        sb.AppendLine("HostTable BEGIN");
        var n = 0;
        foreach (var h in hosts) sb.AppendLine(CultureInfo.InvariantCulture, $"peer{++n} = ({h.AeTitle}, {h.Host}, {h.Port})");
        sb.AppendLine("HostTable END");
        sb.AppendLine("VendorTable BEGIN");
        sb.AppendLine("VendorTable END");
        sb.AppendLine("AETable BEGIN");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{aeTitle} {storageArea} RW (500, 1024mb) ANY");
        sb.AppendLine("AETable END");
        return sb.ToString();
    }

    /// <summary>
    /// Starts dcmqrscp and waits until it listens; ignores the test when dcmtk is missing. It forks one child per
    /// association: Debian's dcmqrscp 3.6.7 in single-process mode dies with a segmentation fault after an
    /// association release (dcmtk's own echoscu triggers it), so that mode would serve a single association.
    /// </summary>
    public static async Task<DcmqrscpPeer> StartAsync(string aeTitle, IEnumerable<DcmqrscpHost> hosts)
    {
        var executable = PeerTools.Require("dcmqrscp", "dcmtk");
        var directory = new TempDirectory("ck-dcmqrscp");
        var port = FreePort.Pick();
        var storage = Directory.CreateDirectory(directory.Combine("db")).FullName;
        var config = directory.Combine("dcmqrscp.cfg");
        await File.WriteAllTextAsync(config, BuildConfiguration(storage, aeTitle, port, hosts));
        var process = PeerProcess.Start(executable, ["-c", config], directory.Path);
        var peer = new DcmqrscpPeer(directory, process, aeTitle, port);
        try
        {
            await process.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}

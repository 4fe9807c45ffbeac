using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace ConformanceKit.Testing;

/// <summary>
/// A loopback port where a TCP connect never completes, for connect-timeout tests without root or a firewall:
/// a listener that never accepts, whose accept queue is filled by plain connections. Linux then drops further
/// SYNs (net.ipv4.tcp_abort_on_overflow=0, the default), so the next connect waits for its SYN retransmissions
/// (more than a minute with the default tcp_syn_retries=6) instead of being refused.
/// </summary>
public sealed class UnansweredPort : IDisposable
{
    /// <summary>How long a filler connect may take before we take it as dropped (loopback completes in microseconds).</summary>
    private static readonly TimeSpan ConnectGrace = TimeSpan.FromMilliseconds(200);

    /// <summary>Far more than needed: with backlog 0, Linux queues one connection (full means longer than the backlog).</summary>
    private const int MaxFillers = 16;

    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private UnansweredPort(Socket listener) => _listener = listener;

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>
    /// Opens the listener and fills its accept queue until one more connect does not complete. Ignores the test
    /// (with the reason) when the kernel refuses or accepts instead of dropping, as other systems may.
    /// </summary>
    public static async Task<UnansweredPort> OpenAsync()
    {
        var port = new UnansweredPort(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            port._listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port._listener.Listen(0);
            for (var i = 0; i < MaxFillers; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var grace = new CancellationTokenSource(ConnectGrace);
                try
                {
                    await filler.ConnectAsync(IPAddress.Loopback, port.Port, grace.Token);
                    port._fillers.Add(filler);
                }
                catch (OperationCanceledException)
                {
                    filler.Dispose(); // this SYN was dropped: the queue is full
                    return port;
                }
                catch (SocketException e)
                {
                    filler.Dispose();
                    Assert.Ignore($"a connect to a full accept queue was refused ({e.SocketErrorCode}), not dropped: no loopback port that never answers here");
                }
            }
            Assert.Ignore($"{MaxFillers} connects to a listener with backlog 0 all completed: no loopback port that never answers here");
            return port;
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var filler in _fillers) filler.Dispose();
        _listener.Dispose();
    }
}

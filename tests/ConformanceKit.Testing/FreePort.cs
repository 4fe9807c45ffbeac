using System.Net;
using System.Net.Sockets;

namespace ConformanceKit.Testing;

/// <summary>Free TCP ports on loopback for peers a test starts.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that was free a moment ago (bound to port 0, then released). Peers such as storescp bind all
    /// interfaces, so the port is checked on the wildcard address too.
    /// </summary>
    public static int Pick()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Any, 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            probe.Close();
            if (IsFree(port)) return port;
        }
        throw new InvalidOperationException("no free TCP port found");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A loopback listener on a free port (for tests that play the peer's listening side).</summary>
    public static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}

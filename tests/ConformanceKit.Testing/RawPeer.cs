using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ConformanceKit.Testing;

/// <summary>
/// A scripted DICOM peer that speaks raw bytes over loopback TCP: it sends exactly the bytes a test gives it
/// (well-formed or not) and reads back whole PDUs (6-byte header, PS3.8 9.3.1). Used to drive the upper-layer
/// state machine into every state and to inject malformed PDUs.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawPeer(Socket socket)
    {
        socket.NoDelay = true;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connects to a listener on 127.0.0.1.</summary>
    public static async Task<RawPeer> ConnectAsync(int port, CancellationToken cancel = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
        return new RawPeer(socket);
    }

    /// <summary>Wraps a socket a test listener accepted.</summary>
    public static RawPeer FromAccepted(Socket socket) => new(socket);

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads one PDU; null when the other side closed the connection (or reset it) before one arrived.</summary>
    public async Task<(byte Type, byte[] Body)?> ReceivePduAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var header = new byte[6];
        try
        {
            if (!await ReadExactAsync(header, cts.Token)) return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
            if (length > 64 << 20) throw new InvalidDataException($"PDU length {length} is beyond what a test expects");
            var body = new byte[length];
            if (!await ReadExactAsync(body, cts.Token)) return null;
            return (header[0], body);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no PDU within {timeout.TotalSeconds} s");
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when nothing arrives within the wait and the connection stays open.</summary>
    public async Task<bool> StaysSilentAsync(TimeSpan wait)
    {
        var one = new byte[1];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var n = await _stream.ReadAsync(one, cts.Token);
            return false; // got a byte or EOF
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until the other side closes the connection, skipping whatever it still sends.</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0) { }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Closes this side of the connection.</summary>
    public void Close()
    {
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _stream.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReadExactAsync(byte[] buffer, CancellationToken cancel)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(got), cancel);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}

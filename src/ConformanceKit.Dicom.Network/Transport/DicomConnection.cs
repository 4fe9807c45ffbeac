using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace ConformanceKit.Dicom.Network.Transport;

/// <summary>
/// One TCP connection, plain or TLS (PS3.15 Annex B.1), carrying exactly one association (PS3.8 9.1.1).
/// Writes are serialized so that PDUs from different tasks never interleave; reads belong to one reader.
/// </summary>
public sealed class DicomConnection : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _closed;

    public DicomConnection(Socket? socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        LocalEndPoint = socket?.LocalEndPoint;
        RemoteEndPoint = socket?.RemoteEndPoint;
    }

    public EndPoint? LocalEndPoint { get; }
    public EndPoint? RemoteEndPoint { get; }
    public bool IsTls => _stream is SslStream;
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The TLS session, when the connection is secured.</summary>
    public SslStream? Tls => _stream as SslStream;

    /// <summary>Writes bytes as one unit (whole PDUs); concurrent writers queue.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel = default)
    {
        await _writeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            await _stream.WriteAsync(bytes, cancel).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads what is available (at least one byte); 0 means the peer closed the connection.</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancel = default) => _stream.ReadAsync(buffer, cancel);

    /// <summary>Closes the transport connection (PS3.8 9.1.4). Safe to call more than once and from any thread.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket?.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        try { _stream.Dispose(); } catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { }
        _socket?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}

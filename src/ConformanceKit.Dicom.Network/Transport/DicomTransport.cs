using System.Net.Security;
using System.Net.Sockets;

namespace ConformanceKit.Dicom.Network.Transport;

/// <summary>Opens transport connections for associations: TCP with Nagle off, optionally TLS (PS3.8 9.1, PS3.15 B.1).</summary>
public static class DicomTransport
{
    private const int SendBufferLength = 1 << 20;

    /// <summary>
    /// Connects to a peer. <c>NoDelay</c> is set because DIMSE exchanges are small request/response
    /// messages; with Nagle's algorithm on, each C-STORE waits for a delayed ACK (about 40 ms on Linux).
    /// </summary>
    public static async Task<DicomConnection> ConnectAsync(string host, int port, TlsClientOptions? tls, TimeSpan timeout, CancellationToken cancel)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(timeout);
        // A send buffer that holds a whole batch of PDUs lets most writes complete at once, without waiting on the socket engine.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = SendBufferLength };
        try
        {
            try
            {
                await socket.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"connection to {host}:{port} timed out: no answer to the TCP connect within {timeout.TotalSeconds:0.###} s");
            }
            catch (SocketException e)
            {
                throw new IOException(DescribeConnectFailure(host, port, e), e);
            }
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null)
            {
                try
                {
                    stream = await AuthenticateClientAsync(stream, tls, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    // The connect timeout covers the handshake too (PS3.15 B.1: TLS is set up before the association).
                    throw new TimeoutException($"TLS handshake with {host}:{port} timed out: no TLS answer within {timeout.TotalSeconds:0.###} s of connecting (is the peer using TLS on this port?)");
                }
            }
            return new DicomConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a socket a listener accepted; does the TLS handshake when configured.</summary>
    public static async Task<DicomConnection> AcceptAsync(Socket socket, TlsServerOptions? tls, TimeSpan handshakeTimeout, CancellationToken cancel)
    {
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls is not null)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            cts.CancelAfter(handshakeTimeout);
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false,
                (_, cert, _, errors) => !tls.RequireClientCertificate && cert is null || CertificateTrust.Validate(cert, errors & ~SslPolicyErrors.RemoteCertificateNotAvailable, tls.TrustedClientRoots, checkName: false));
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.Certificate,
                    ClientCertificateRequired = tls.RequireClientCertificate,
                    EnabledSslProtocols = tls.Protocols,
                }, cts.Token).ConfigureAwait(false);
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            stream = ssl;
        }
        return new DicomConnection(socket, stream);
    }

    private static async Task<Stream> AuthenticateClientAsync(Stream inner, TlsClientOptions tls, CancellationToken cancel)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false,
            (_, cert, _, errors) => tls.AcceptAnyServerCertificate || CertificateTrust.Validate(cert, errors, tls.TrustedRoots, checkName: true));
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = tls.TargetHost,
                ClientCertificates = tls.ClientCertificate is { } c ? [c] : null,
                EnabledSslProtocols = tls.Protocols,
            }, cancel).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Says in words why a connection attempt failed (a wrong port reads "connection refused").</summary>
    public static string DescribeConnectFailure(string host, int port, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connection to {host}:{port} refused: nothing listens on that port (wrong port, or the peer is not running)",
        SocketError.HostNotFound or SocketError.NoData => $"host '{host}' not found",
        SocketError.TimedOut => $"connection to {host}:{port} timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"{host}:{port} is unreachable",
        _ => $"cannot connect to {host}:{port}: {e.Message}",
    };
}

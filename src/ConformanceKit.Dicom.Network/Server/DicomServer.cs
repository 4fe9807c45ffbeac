using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Dicom.Network;

/// <summary>
/// An association acceptor (SCP): listens, serves any number of associations at once (each on its own
/// receive loop), and plugs the configured services in. A bad peer only ever costs its own association.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly AssociationNegotiator _negotiator;
    private readonly QueryRetrieveDispatcher _dispatcher;
    private readonly ConcurrentDictionary<long, Association> _active = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task? _acceptLoop;

    public DicomServer(DicomServerOptions options)
    {
        _options = options;
        _negotiator = new AssociationNegotiator(options);
        _dispatcher = new QueryRetrieveDispatcher(options);
    }

    public DicomServerOptions Options => _options;

    /// <summary>The port listened on (the one picked when the options asked for 0).</summary>
    public int Port { get; private set; }

    /// <summary>Associations currently open (established or being negotiated).</summary>
    public IReadOnlyCollection<Association> Associations => _active.Values.ToList();

    /// <summary>Starts listening; returns once the port is bound.</summary>
    public DicomServer Start()
    {
        if (_listener is not null) throw new InvalidOperationException("the server is already started");
        _ = SopClassGroups.IsStorage(DicomUids.CTImageStorage); // load the UID registry now, not during the first association
        var listener = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // No ReuseAddress: on Unix .NET maps it to SO_REUSEADDR *and* SO_REUSEPORT, and with SO_REUSEPORT a second
        // server binds the same port without error and the kernel splits the associations between the two. .NET
        // already sets SO_REUSEADDR alone on Unix TCP listeners, so a restart is not blocked by TIME_WAIT.
        try
        {
            listener.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
        return this;
    }

    /// <summary>Serves until <paramref name="cancel"/> fires (the CLI maps SIGINT/SIGTERM to it), then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancel, TimeSpan? grace = null)
    {
        if (_listener is null) Start();
        try { await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await StopAsync(grace ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops accepting, lets the associations in progress finish for up to <paramref name="grace"/> (their peers
    /// release them), then aborts what is left. Nothing half-received is kept (sinks of unfinished C-STOREs are discarded).
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Close();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        var remaining = _active.Values.ToList();
        try
        {
            await Task.WhenAll(remaining.Select(a => a.Completion)).WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var a in _active.Values) await a.AbortAsync("server stopping").ConfigureAwait(false);
            try { await Task.WhenAll(remaining.Select(a => a.Completion)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
            catch (TimeoutException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                continue;
            }
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint;
        DicomConnection connection;
        try
        {
            connection = await DicomTransport.AcceptAsync(socket, _options.Tls, _options.Settings.ArtimTimeout, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed TLS handshake never becomes an association (association ID 0 in the transcript).
            Report(0, $"connection from {remote} dropped before any association: {e.Message}");
            socket.Dispose();
            return;
        }
        Association? association = null;
        try
        {
            association = await Association.AcceptAsync(connection, _options.Settings, _options.Observer,
                (a, request) => ValueTask.FromResult(_negotiator.Answer(request, _active.Count - 1)),
                a =>
                {
                    a.StoreService = _options.Store;
                    a.RequestHandler = _dispatcher;
                    _active[a.Id] = a;
                    association = a;
                }).ConfigureAwait(false);
            await association.Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Report(association?.Id ?? 0, $"association from {remote} failed: {e.Message}");
            connection.Close();
        }
        finally
        {
            if (association is not null) _active.TryRemove(association.Id, out _);
        }
    }

    private void Report(long associationId, string problem)
    {
        try { _options.Observer?.OnEvent(new ProblemEvent(DateTimeOffset.UtcNow, associationId, problem)); }
        catch (Exception) { /* observation never breaks the server */ }
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Dicom.Network.UpperLayer;

/// <summary>Timers and limits of one upper-layer protocol machine.</summary>
public sealed record UpperLayerOptions
{
    /// <summary>ARTIM: how long to wait for an A-ASSOCIATE-RQ after a connection opens, and for the peer to close after a reject/release/abort (PS3.8 9.1.5).</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an association may go without receiving a PDU before it is aborted (a stalled peer); infinite by default.</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Largest A-ASSOCIATE-RQ/AC (and any PDU received before the association is established) accepted.</summary>
    public int MaxAssociatePduLength { get; init; } = 1 << 20;

    /// <summary>Cap on P-DATA-TF PDUs when this side announced Maximum Length 0 (no limit, PS3.8 D.1).</summary>
    public int MaxDataPduLengthWhenUnlimited { get; init; } = 64 << 20;
}

/// <summary>
/// The DICOM Upper Layer protocol machine for one association (PS3.8 section 9.2). Every event goes through
/// <see cref="StateTable"/>; the action found there is executed here, and every transition is reported to the
/// observer. Local primitives (the methods below) that the table does not allow in the current state throw
/// <see cref="InvalidOperationException"/>; PDUs the table does not expect lead to the table's abort actions.
/// </summary>
public sealed class UpperLayerProtocol
{
    private static long s_nextId;

    private readonly object _gate = new();
    private readonly IUpperLayerUser _user;
    private readonly UpperLayerOptions _options;
    private readonly INetworkObserver? _observer;
    private readonly Timer _artim;
    private readonly Timer _idle;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private UpperLayerState _state = UpperLayerState.Sta1;
    private DicomConnection? _connection;
    private CancellationTokenSource? _connecting;
    private uint _dataLimit;
    private int _closedNotified;

    public UpperLayerProtocol(IUpperLayerUser user, UpperLayerOptions? options = null, INetworkObserver? observer = null)
    {
        _user = user;
        _options = options ?? new UpperLayerOptions();
        _observer = observer;
        _artim = new Timer(_ => _ = OnTimerAsync(UpperLayerEvent.Evt18, null));
        _idle = new Timer(_ => _ = OnIdleAsync());
    }

    /// <summary>Unique in the process; ties every captured event of this association together.</summary>
    public long AssociationId { get; } = Interlocked.Increment(ref s_nextId);

    public UpperLayerState State { get { lock (_gate) return _state; } }

    public bool IsRequestor { get; private set; }

    public DicomConnection? Connection => _connection;

    /// <summary>Completes when the machine is back in Sta1 with its transport connection closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The observer this machine reports to (the association layer reports DIMSE messages to the same one).</summary>
    public INetworkObserver? Observer => _observer;

    // ---------------------------------------------------------------- local primitives (PS3.8 section 7)

    /// <summary>
    /// A-ASSOCIATE request (Evt1, AE-1): opens the transport with <paramref name="connect"/> (Evt2 on success, AE-2
    /// sends the request; Evt17 on failure). The outcome arrives as an indication on the user.
    /// </summary>
    public async Task RequestAssociationAsync(AssociateRequestPdu request, Func<CancellationToken, Task<DicomConnection>> connect,
        CancellationToken cancel = default)
    {
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        await RaiseLocalAsync(UpperLayerEvent.Evt1, new EventInput()).ConfigureAwait(false);
        IsRequestor = true;
        lock (_gate) _connecting = connecting;
        DicomConnection connection;
        try
        {
            connection = await connect(connecting.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            lock (_gate) _connecting = null;
            // Aborted while connecting (AA-2 already closed everything): nothing more to say.
            if (State == UpperLayerState.Sta4)
                await RaiseAsync(UpperLayerEvent.Evt17, new EventInput(Detail: $"transport connection failed: {e.Message}")).ConfigureAwait(false);
            return;
        }
        lock (_gate)
        {
            _connecting = null;
            if (_state != UpperLayerState.Sta4)
            {
                connection.Close(); // aborted while connecting (AA-2)
                return;
            }
            _connection = connection;
        }
        Observe(new ConnectionEvent(Now, AssociationId, true, true, connection.LocalEndPoint, connection.RemoteEndPoint, connection.IsTls ? "TLS" : ""));
        await RaiseAsync(UpperLayerEvent.Evt2, new EventInput(request)).ConfigureAwait(false);
        StartReceiving();
    }

    /// <summary>Transport connection indication (Evt5, AE-5): starts ARTIM and waits for the A-ASSOCIATE-RQ.</summary>
    public async Task AcceptTransportAsync(DicomConnection connection)
    {
        lock (_gate)
        {
            if (_state != UpperLayerState.Sta1 || _connection is not null) throw NotAllowed(UpperLayerEvent.Evt5, _state);
            _connection = connection;
        }
        Observe(new ConnectionEvent(Now, AssociationId, true, false, connection.LocalEndPoint, connection.RemoteEndPoint, connection.IsTls ? "TLS" : ""));
        await RaiseLocalAsync(UpperLayerEvent.Evt5, new EventInput()).ConfigureAwait(false);
        StartReceiving();
    }

    /// <summary>A-ASSOCIATE response, accept (Evt7, AE-7).</summary>
    public Task AcceptAssociationAsync(AssociateAcceptPdu accept) => RaiseLocalAsync(UpperLayerEvent.Evt7, new EventInput(accept));

    /// <summary>A-ASSOCIATE response, reject (Evt8, AE-8).</summary>
    public Task RejectAssociationAsync(AssociateRejectPdu reject) => RaiseLocalAsync(UpperLayerEvent.Evt8, new EventInput(reject));

    /// <summary>P-DATA request (Evt9, DT-1 or AR-7) for one P-DATA-TF PDU.</summary>
    public Task SendDataAsync(DataTransferPdu data, CancellationToken cancel = default) =>
        SendDataAsync(PduEncoder.Encode(data), 1, cancel);

    /// <summary>
    /// P-DATA requests for <paramref name="pduCount"/> whole P-DATA-TF PDUs already encoded back to back in
    /// <paramref name="encoded"/>: one Evt9 per PDU, written with one system call.
    /// </summary>
    public async Task SendDataAsync(ReadOnlyMemory<byte> encoded, int pduCount, CancellationToken cancel = default)
    {
        for (var i = 0; i < pduCount; i++)
        {
            lock (_gate)
            {
                var from = _state;
                var action = StateTable.Lookup(UpperLayerEvent.Evt9, from);
                if (action is null)
                {
                    ObserveTransition(from, UpperLayerEvent.Evt9, null, from);
                    throw NotAllowed(UpperLayerEvent.Evt9, from);
                }
                var to = StateTable.NextStates(action.Value)[0];
                _state = to;
                ObserveTransition(from, UpperLayerEvent.Evt9, action, to);
            }
        }
        var connection = _connection ?? throw new InvalidOperationException("no transport connection");
        if (_observer is not null) ObserveSentData(encoded);
        await connection.WriteAsync(encoded, cancel).ConfigureAwait(false);
        TouchIdle();
    }

    /// <summary>A-RELEASE request (Evt11, AR-1).</summary>
    public Task RequestReleaseAsync() => RaiseLocalAsync(UpperLayerEvent.Evt11, new EventInput());

    /// <summary>A-RELEASE response (Evt14, AR-4 or AR-9 in a release collision).</summary>
    public Task RespondReleaseAsync() => RaiseLocalAsync(UpperLayerEvent.Evt14, new EventInput());

    /// <summary>
    /// A-ABORT request (Evt15: AA-1, or AA-2 while the transport is still opening). Where the table has no
    /// Evt15 entry (Sta1, Sta2, Sta13) there is nothing to abort: in Sta2 the transport is simply closed, which
    /// the machine then sees as Evt17.
    /// </summary>
    public async Task AbortAsync(string reason)
    {
        UpperLayerState state;
        lock (_gate) state = _state;
        if (reason.Length > 0) Observe(new ProblemEvent(Now, AssociationId, $"local abort: {reason}"));
        if (StateTable.Lookup(UpperLayerEvent.Evt15, state) is null)
        {
            if (state == UpperLayerState.Sta2) _connection?.Close();
            return;
        }
        await RaiseAsync(UpperLayerEvent.Evt15, new EventInput(Detail: reason)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- the machine

    private readonly record struct EventInput(Pdu? Pdu = null, AbortReason Reason = AbortReason.NotSpecified, string? Detail = null);

    private async Task RaiseLocalAsync(UpperLayerEvent evt, EventInput input)
    {
        if (await RaiseAsync(evt, input).ConfigureAwait(false) is null) throw NotAllowed(evt, State);
    }

    private InvalidOperationException NotAllowed(UpperLayerEvent evt, UpperLayerState state) =>
        new($"{UpperLayerText.Describe(evt)} ({evt}) is not allowed in {state} ({UpperLayerText.Describe(state)}), PS3.8 Table 9-10");

    /// <summary>
    /// Looks the event up in the state table, moves to the next state and executes the action. The decision is
    /// made under a lock; sending, closing and indications happen after it, in the order the action lists them.
    /// </summary>
    private async Task<UpperLayerAction?> RaiseAsync(UpperLayerEvent evt, EventInput input)
    {
        UpperLayerAction action;
        UpperLayerState from, to;
        Pdu? send = null;
        var close = false;
        var closeDetail = input.Detail;
        CancellationTokenSource? cancelConnect = null;
        Func<ValueTask>? indicate = null;
        lock (_gate)
        {
            from = _state;
            if (StateTable.Lookup(evt, from) is not { } found)
            {
                ObserveTransition(from, evt, null, from);
                return null;
            }
            action = found;
            to = StateTable.NextStates(action)[0];
            switch (action)
            {
                case UpperLayerAction.AE1:
                    break; // the caller opens the transport
                case UpperLayerAction.AE2:
                    send = input.Pdu;
                    SetDataLimit(((AssociateRequestPdu)input.Pdu!).UserInformation.MaximumLength);
                    break;
                case UpperLayerAction.AE3:
                {
                    var ac = (AssociateAcceptPdu)input.Pdu!;
                    indicate = () => _user.OnAssociateAcceptedAsync(ac);
                    break;
                }
                case UpperLayerAction.AE4:
                {
                    var rj = (AssociateRejectPdu)input.Pdu!;
                    close = true;
                    indicate = () => _user.OnAssociateRejectedAsync(rj);
                    break;
                }
                case UpperLayerAction.AE5:
                    StartArtim();
                    break;
                case UpperLayerAction.AE6:
                {
                    StopArtim();
                    var rq = (AssociateRequestPdu)input.Pdu!;
                    // The only check PS3.8 leaves to the service provider: protocol version 1 (bit 0) supported.
                    if ((rq.ProtocolVersion & 1) != 0)
                        indicate = () => _user.OnAssociateIndicationAsync(rq);
                    else
                    {
                        to = UpperLayerState.Sta13;
                        send = new AssociateRejectPdu(RejectResult.RejectedPermanent, RejectSource.ServiceProviderAcse, AssociateRejectPdu.AcseProtocolVersionNotSupported);
                        StartArtim();
                    }
                    break;
                }
                case UpperLayerAction.AE7:
                    send = input.Pdu;
                    SetDataLimit(((AssociateAcceptPdu)input.Pdu!).UserInformation.MaximumLength);
                    break;
                case UpperLayerAction.AE8:
                    send = input.Pdu;
                    StartArtim();
                    break;
                case UpperLayerAction.DT1 or UpperLayerAction.AR7:
                    send = input.Pdu;
                    break;
                case UpperLayerAction.DT2 or UpperLayerAction.AR6:
                {
                    var data = (DataTransferPdu)input.Pdu!;
                    indicate = () => _user.OnDataAsync(data);
                    break;
                }
                case UpperLayerAction.AR1:
                    send = ReleaseRequestPdu.Instance;
                    break;
                case UpperLayerAction.AR2:
                    indicate = () => _user.OnReleaseIndicationAsync(false);
                    break;
                case UpperLayerAction.AR3:
                {
                    var collision = from == UpperLayerState.Sta11;
                    close = true;
                    closeDetail = "association released"; // input.Detail only describes the PDU for the case where it is unexpected
                    indicate = () => _user.OnReleaseConfirmationAsync(collision);
                    break;
                }
                case UpperLayerAction.AR4:
                    send = ReleaseResponsePdu.Instance;
                    StartArtim();
                    break;
                case UpperLayerAction.AR5:
                    StopArtim();
                    break;
                case UpperLayerAction.AR8:
                    to = IsRequestor ? UpperLayerState.Sta9 : UpperLayerState.Sta10;
                    indicate = () => _user.OnReleaseIndicationAsync(true);
                    break;
                case UpperLayerAction.AR9:
                    send = ReleaseResponsePdu.Instance;
                    break;
                case UpperLayerAction.AR10:
                    indicate = () => _user.OnReleaseConfirmationAsync(true);
                    break;
                case UpperLayerAction.AA1:
                    // PS3.8 Table 9-9 names the source of AA-1 "service-user" in every state it is used.
                    send = new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified);
                    StartArtim();
                    break;
                case UpperLayerAction.AA2:
                    StopArtim();
                    close = true;
                    cancelConnect = _connecting;
                    break;
                case UpperLayerAction.AA3:
                {
                    var abort = (AbortPdu)input.Pdu!;
                    close = true;
                    indicate = () => _user.OnAbortAsync(abort, $"association aborted {AbortPdu.DescribeCause(abort.Source, abort.Reason)}");
                    break;
                }
                case UpperLayerAction.AA4:
                {
                    var detail = input.Detail ?? "the transport connection closed";
                    indicate = () => _user.OnAbortAsync(null, detail);
                    break;
                }
                case UpperLayerAction.AA5:
                    StopArtim();
                    break;
                case UpperLayerAction.AA6:
                    break; // ignore the PDU
                case UpperLayerAction.AA7:
                    send = new AbortPdu(AbortSource.ServiceProvider, input.Reason);
                    break;
                case UpperLayerAction.AA8:
                {
                    send = new AbortPdu(AbortSource.ServiceProvider, input.Reason);
                    var detail = $"association aborted by this side's service provider: {AbortPdu.DescribeReason(input.Reason)}" +
                                 (input.Detail is { } d ? $" ({d})" : "");
                    indicate = () => _user.OnAbortAsync(null, detail);
                    StartArtim();
                    break;
                }
            }
            _state = to;
            if (to == UpperLayerState.Sta1)
            {
                StopArtim();
                _idle.Change(Timeout.Infinite, Timeout.Infinite);
                close = true;
            }
            ObserveTransition(from, evt, action, to);
        }

        if (cancelConnect is not null)
        {
            try { await cancelConnect.CancelAsync().ConfigureAwait(false); } catch (ObjectDisposedException) { }
        }
        if (send is not null) await SendPduAsync(send).ConfigureAwait(false);
        if (close) CloseTransport(closeDetail);
        if (indicate is not null)
        {
            try
            {
                await indicate().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Observe(new ProblemEvent(Now, AssociationId, $"the association user failed on {UpperLayerText.NameOf(action)}: {e.Message}"));
                await AbortAsync("").ConfigureAwait(false);
            }
        }
        if (to == UpperLayerState.Sta1) NotifyClosed();
        return action;
    }

    private async Task SendPduAsync(Pdu pdu)
    {
        var connection = _connection;
        if (connection is null || connection.IsClosed) return;
        var bytes = PduEncoder.Encode(pdu);
        // Observed before the write, so that a transcript never shows the peer's answer before the request.
        Observe(new PduEvent(Now, AssociationId, Direction.Sent, pdu.Type, bytes.Length, pdu, null,
            _observer?.CapturePayloads == true ? bytes : null));
        try
        {
            await connection.WriteAsync(bytes).ConfigureAwait(false);
            TouchIdle();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The receive loop sees the broken connection as Evt17.
            Observe(new ProblemEvent(Now, AssociationId, $"could not send {pdu.Describe()}: {e.Message}"));
            connection.Close();
        }
    }

    private void CloseTransport(string? detail)
    {
        var connection = _connection;
        if (connection is null || connection.IsClosed) return;
        connection.Close();
        Observe(new ConnectionEvent(Now, AssociationId, false, IsRequestor, connection.LocalEndPoint, connection.RemoteEndPoint, detail ?? ""));
    }

    private void NotifyClosed()
    {
        if (Interlocked.Exchange(ref _closedNotified, 1) != 0) return;
        _artim.Dispose();
        _idle.Dispose();
        try { _user.OnClosed(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Observe(new ProblemEvent(Now, AssociationId, $"the association user failed on close: {e.Message}"));
        }
        _closed.TrySetResult();
    }

    private void SetDataLimit(uint announced) =>
        _dataLimit = announced == 0 ? (uint)_options.MaxDataPduLengthWhenUnlimited : announced;

    private void StartArtim()
    {
        try { _artim.Change(_options.ArtimTimeout, Timeout.InfiniteTimeSpan); } catch (ObjectDisposedException) { }
    }

    private void StopArtim()
    {
        try { _artim.Change(Timeout.Infinite, Timeout.Infinite); } catch (ObjectDisposedException) { }
    }

    private void TouchIdle()
    {
        if (_options.IdleTimeout == Timeout.InfiniteTimeSpan) return;
        try { _idle.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan); } catch (ObjectDisposedException) { }
    }

    private async Task OnTimerAsync(UpperLayerEvent evt, string? detail)
    {
        Observe(new ProblemEvent(Now, AssociationId, $"ARTIM timer expired after {_options.ArtimTimeout.TotalSeconds:0.###} s in {State}"));
        await RaiseAsync(evt, new EventInput(Detail: detail ?? "ARTIM timer expired")).ConfigureAwait(false);
    }

    private Task OnIdleAsync()
    {
        var state = State;
        if (state is UpperLayerState.Sta1 or UpperLayerState.Sta2 or UpperLayerState.Sta13) return Task.CompletedTask;
        return AbortAsync($"no PDU received for {_options.IdleTimeout.TotalSeconds:0.###} s (idle timeout) in {state}");
    }

    // ---------------------------------------------------------------- receiving

    private void StartReceiving()
    {
        TouchIdle();
        _ = Task.Run(ReceiveLoopAsync);
    }

    private static UpperLayerEvent EventFor(PduType type) => type switch
    {
        PduType.AssociateAccept => UpperLayerEvent.Evt3,
        PduType.AssociateReject => UpperLayerEvent.Evt4,
        PduType.AssociateRequest => UpperLayerEvent.Evt6,
        PduType.DataTransfer => UpperLayerEvent.Evt10,
        PduType.ReleaseRequest => UpperLayerEvent.Evt12,
        PduType.ReleaseResponse => UpperLayerEvent.Evt13,
        PduType.Abort => UpperLayerEvent.Evt16,
        _ => UpperLayerEvent.Evt19,
    };

    private uint LimitFor(byte type)
    {
        lock (_gate)
        {
            // P-DATA-TF may be as long as this side announced (PS3.8 D.1), once the association exists.
            var established = _state is >= UpperLayerState.Sta6 and <= UpperLayerState.Sta12 && _dataLimit > 0;
            return type == (byte)PduType.DataTransfer && established ? _dataLimit : (uint)_options.MaxAssociatePduLength;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var connection = _connection!;
        var reader = new PduReader(connection);
        string detail = "the peer closed the transport connection";
        try
        {
            while (true)
            {
                var header = await reader.ReadHeaderAsync(CancellationToken.None).ConfigureAwait(false);
                if (header is null) break;
                TouchIdle();
                var (type, length) = header.Value;
                var limit = LimitFor(type);
                if (length > limit)
                {
                    // The body is never read: no allocation sized by an untrusted length. Framing is lost, so drain.
                    var name = PduDecoder.IsKnownType(type) ? Pdu.NameOf((PduType)type) : $"PDU of unrecognized type 0x{type:X2}";
                    await InvalidPduAsync(type, length, null,
                        PduDecoder.IsKnownType(type) ? AbortReason.InvalidPduParameterValue : AbortReason.UnrecognizedPdu,
                        $"{name} of {length} bytes exceeds the limit of {limit} bytes").ConfigureAwait(false);
                    await reader.DrainAsync(CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                var body = await reader.ReadBodyAsync((int)length, CancellationToken.None).ConfigureAwait(false);
                Pdu pdu;
                try
                {
                    pdu = PduDecoder.Decode(type, body);
                }
                catch (PduFormatException e)
                {
                    await InvalidPduAsync(type, length, body, e.Reason, e.Message).ConfigureAwait(false);
                    if (State == UpperLayerState.Sta1) break;
                    continue;
                }
                ObserveReceived(pdu, length, body);
                await RaiseAsync(EventFor(pdu.Type), new EventInput(pdu, AbortReason.UnexpectedPdu,
                    $"{Pdu.NameOf(pdu.Type)} is not expected in {State}")).ConfigureAwait(false);
                if (State == UpperLayerState.Sta1) break;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or EndOfStreamException
                                      or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            detail = $"transport connection lost: {e.Message}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            detail = $"internal error on the receive path: {e.Message}";
            Observe(new ProblemEvent(Now, AssociationId, detail));
        }
        if (State != UpperLayerState.Sta1)
            await RaiseAsync(UpperLayerEvent.Evt17, new EventInput(Detail: detail)).ConfigureAwait(false);
        else
            CloseTransport(null);
    }

    private async Task InvalidPduAsync(byte type, uint length, ReadOnlyMemory<byte>? body, AbortReason reason, string message)
    {
        Observe(new ProblemEvent(Now, AssociationId, $"invalid PDU received: {message}"));
        if (_observer is not null)
            Observe(new PduEvent(Now, AssociationId, Direction.Received, (PduType)type, length + PduEncoder.HeaderLength, null, null,
                _observer.CapturePayloads && body is { } b ? WithHeader(type, b.Span) : null));
        await RaiseAsync(UpperLayerEvent.Evt19, new EventInput(null, reason, message)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- observation

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private void Observe(NetworkEvent e)
    {
        if (_observer is null) return;
        try { _observer.OnEvent(e); }
        catch (Exception) { /* observation must never break an association */ }
    }

    private void ObserveTransition(UpperLayerState from, UpperLayerEvent evt, UpperLayerAction? action, UpperLayerState to)
    {
        if (_observer is not null) Observe(new TransitionEvent(Now, AssociationId, from, evt, action, to));
    }

    private void ObserveReceived(Pdu pdu, uint length, ReadOnlyMemory<byte> body)
    {
        if (_observer is null) return;
        var capture = _observer.CapturePayloads;
        byte[]? bytes = capture ? WithHeader((byte)pdu.Type, body.Span) : null;
        if (pdu is DataTransferPdu data)
        {
            var pdvs = data.Values.Select(v => new PdvHeader(v.PresentationContextId, v.IsCommand, v.IsLast, v.Data.Length)).ToArray();
            Observe(new PduEvent(Now, AssociationId, Direction.Received, pdu.Type, length + PduEncoder.HeaderLength,
                capture ? PduDecoder.Decode(bytes![0], bytes.AsMemory(PduEncoder.HeaderLength)) : null, pdvs, bytes));
        }
        else
            Observe(new PduEvent(Now, AssociationId, Direction.Received, pdu.Type, length + PduEncoder.HeaderLength, pdu, null, bytes));
    }

    private void ObserveSentData(ReadOnlyMemory<byte> encoded)
    {
        var pos = 0;
        while (encoded.Length - pos >= PduEncoder.HeaderLength)
        {
            var span = encoded.Span;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(span[(pos + 2)..]);
            var pdu = encoded.Slice(pos, PduEncoder.HeaderLength + length);
            var pdvs = new List<PdvHeader>();
            var p = PduEncoder.HeaderLength;
            var ps = pdu.Span;
            while (ps.Length - p >= PduEncoder.PdvHeaderLength)
            {
                var itemLength = (int)BinaryPrimitives.ReadUInt32BigEndian(ps[p..]);
                pdvs.Add(new PdvHeader(ps[p + 4], (ps[p + 5] & 1) != 0, (ps[p + 5] & 2) != 0, itemLength - 2));
                p += 4 + itemLength;
            }
            byte[]? bytes = _observer!.CapturePayloads ? pdu.ToArray() : null;
            Observe(new PduEvent(Now, AssociationId, Direction.Sent, PduType.DataTransfer, pdu.Length,
                bytes is null ? null : PduDecoder.Decode(bytes[0], bytes.AsMemory(PduEncoder.HeaderLength)), pdvs, bytes));
            pos += pdu.Length;
        }
    }

    private static byte[] WithHeader(byte type, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[PduEncoder.HeaderLength + body.Length];
        bytes[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)body.Length);
        body.CopyTo(bytes.AsSpan(PduEncoder.HeaderLength));
        return bytes;
    }
}

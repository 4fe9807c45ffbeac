using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Dicom.Network.Transport;
using ConformanceKit.Dicom.Network.UpperLayer;

namespace ConformanceKit.Dicom.Network;

/// <summary>Answers incoming requests other than C-STORE and C-ECHO (which every association handles itself).</summary>
internal interface IRequestHandler
{
    /// <summary>A whole request arrived (C-FIND, C-MOVE, C-GET, N-...); start working on it without blocking the receive path.</summary>
    ValueTask OnRequestAsync(Association association, DimseMessage request);

    /// <summary>C-CANCEL-RQ for a running operation.</summary>
    void OnCancel(Association association, ushort messageId);

    /// <summary>The association ended: stop everything running for it.</summary>
    void OnClosed(Association association);
}

/// <summary>
/// One DICOM association, on either side: the upper-layer machine underneath, the negotiated presentation
/// contexts, and DIMSE messaging on top (PS3.7 section 9/10, PS3.8 Annex E). The SCU operations are in
/// Association.Operations.cs; the SCP side plugs in through <see cref="DicomServer"/>.
/// </summary>
public sealed partial class Association : IUpperLayerUser, IMessageReceiver, IAsyncDisposable
{
    private readonly AssociationSettings _settings;
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _operationLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, Channel<DimseMessage>> _pending = new();
    private readonly MessageAssembler _assembler;
    private Func<Association, AssociateRequestPdu, ValueTask<Pdu>>? _negotiate;
    private Dictionary<byte, PresentationContext> _contexts = [];
    private int _nextMessageId;
    private volatile string? _endReason;
    private volatile bool _released;

    private Association(bool isRequestor, AssociationSettings settings, INetworkObserver? observer)
    {
        IsRequestor = isRequestor;
        _settings = settings;
        _assembler = new MessageAssembler(this, settings.MaxCommandLength, settings.MaxDatasetLength);
        Protocol = new UpperLayerProtocol(this, new UpperLayerOptions
        {
            ArtimTimeout = settings.ArtimTimeout,
            IdleTimeout = settings.IdleTimeout,
        }, observer);
    }

    /// <summary>The upper-layer machine of this association (state, transcript identity).</summary>
    public UpperLayerProtocol Protocol { get; }

    /// <summary>Process-unique identity shared with every captured event of this association.</summary>
    public long Id => Protocol.AssociationId;

    public bool IsRequestor { get; }
    public AssociateRequestPdu? Request { get; private set; }
    public AssociateAcceptPdu? Accept { get; private set; }
    public string CallingAeTitle => Request?.CallingAeTitle ?? "";
    public string CalledAeTitle => Request?.CalledAeTitle ?? "";
    public EndPoint? RemoteEndPoint => Protocol.Connection?.RemoteEndPoint;
    public bool IsTls => Protocol.Connection?.IsTls == true;

    /// <summary>All presentation contexts, accepted or not, by ID.</summary>
    public IReadOnlyCollection<PresentationContext> PresentationContexts => _contexts.Values;

    /// <summary>Maximum Length the peer announced (0: no limit).</summary>
    public uint PeerMaxPduLength => (IsRequestor ? Accept?.UserInformation : Request?.UserInformation)?.MaximumLength ?? 0;

    public UserInformation? PeerUserInformation => IsRequestor ? Accept?.UserInformation : Request?.UserInformation;

    public bool IsEstablished => Protocol.State == UpperLayerState.Sta6;

    /// <summary>Completes when the association is over and its connection closed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>How the association ended, in words (null while it lasts).</summary>
    public string? EndReason => _endReason;

    /// <summary>Whether it ended with an orderly A-RELEASE.</summary>
    public bool Released => _released;

    internal AssociationSettings Settings => _settings;
    internal INetworkObserver? Observer => Protocol.Observer;

    /// <summary>Where incoming C-STORE datasets go (the SCP's storage, or the SCU's during a C-GET); null refuses them.</summary>
    internal IStoreService? StoreService { get; set; }

    internal IRequestHandler? RequestHandler { get; set; }

    /// <summary>Arbitrary per-association state for the services (the Archive actor keeps its session here).</summary>
    public ConcurrentDictionary<string, object> Properties { get; } = new();

    public override string ToString() =>
        $"association #{Id} {CallingAeTitle} -> {CalledAeTitle}{(RemoteEndPoint is { } ep ? $" ({ep})" : "")}";

    // ------------------------------------------------------------------ establishment

    /// <summary>Requests an association and waits for the answer; throws <see cref="AssociationException"/> saying why it failed.</summary>
    internal static async Task<Association> RequestAsync(AssociateRequestPdu request, Func<CancellationToken, Task<DicomConnection>> connect,
        AssociationSettings settings, INetworkObserver? observer, CancellationToken cancel)
    {
        var association = new Association(true, settings, observer) { Request = request };
        await association.Protocol.RequestAssociationAsync(request, connect, cancel).ConfigureAwait(false);
        try
        {
            await association._established.Task.WaitAsync(settings.AssociationTimeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await association.AbortAsync("no A-ASSOCIATE-AC or -RJ").ConfigureAwait(false);
            throw new AssociationAbortedException($"no answer to the A-ASSOCIATE-RQ within {settings.AssociationTimeout.TotalSeconds:0.#} s; aborted");
        }
        catch (OperationCanceledException)
        {
            await association.AbortAsync("cancelled").ConfigureAwait(false);
            throw;
        }
        return association;
    }

    /// <summary>Starts the acceptor side on an accepted connection; <paramref name="negotiate"/> answers the A-ASSOCIATE-RQ.</summary>
    internal static async Task<Association> AcceptAsync(DicomConnection connection, AssociationSettings settings, INetworkObserver? observer,
        Func<Association, AssociateRequestPdu, ValueTask<Pdu>> negotiate, Action<Association>? configure = null)
    {
        var association = new Association(false, settings, observer) { _negotiate = negotiate };
        configure?.Invoke(association);
        await association.Protocol.AcceptTransportAsync(connection).ConfigureAwait(false);
        return association;
    }

    /// <summary>Waits until the association is established (acceptor side); throws when it was rejected or aborted first.</summary>
    public Task WaitEstablishedAsync(CancellationToken cancel = default) => _established.Task.WaitAsync(cancel);

    async ValueTask IUpperLayerUser.OnAssociateIndicationAsync(AssociateRequestPdu request)
    {
        Request = request;
        var answer = _negotiate is null
            ? new AssociateRejectPdu(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserNoReason)
            : await _negotiate(this, request).ConfigureAwait(false);
        if (answer is AssociateAcceptPdu accept)
        {
            Accept = accept;
            _contexts = BuildContexts(request, accept);
            await Protocol.AcceptAssociationAsync(accept).ConfigureAwait(false);
            _established.TrySetResult();
        }
        else
        {
            var reject = (AssociateRejectPdu)answer;
            _endReason = $"association {reject.DescribeCause()}";
            Observe(new ProblemEvent(Now, Id, $"rejected {request.CallingAeTitle} -> {request.CalledAeTitle}: {reject.DescribeCause()}"));
            await Protocol.RejectAssociationAsync(reject).ConfigureAwait(false);
            _established.TrySetException(new AssociationRejectedException(reject));
        }
    }

    ValueTask IUpperLayerUser.OnAssociateAcceptedAsync(AssociateAcceptPdu accept)
    {
        Accept = accept;
        _contexts = BuildContexts(Request!, accept);
        _established.TrySetResult();
        return ValueTask.CompletedTask;
    }

    ValueTask IUpperLayerUser.OnAssociateRejectedAsync(AssociateRejectPdu reject)
    {
        _endReason = $"association {reject.DescribeCause()}";
        _established.TrySetException(new AssociationRejectedException(reject));
        return ValueTask.CompletedTask;
    }

    /// <summary>Pairs each proposal with its result and the negotiated roles (PS3.7 D.3.3.4: default requestor SCU only).</summary>
    private static Dictionary<byte, PresentationContext> BuildContexts(AssociateRequestPdu request, AssociateAcceptPdu accept)
    {
        var contexts = new Dictionary<byte, PresentationContext>();
        foreach (var proposal in request.PresentationContexts)
        {
            var result = accept.PresentationContexts.FirstOrDefault(r => r.Id == proposal.Id);
            var proposedRole = request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposal.AbstractSyntax);
            var acceptedRole = accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposal.AbstractSyntax);
            var (scu, scp) = proposedRole is not null && acceptedRole is not null
                ? (proposedRole.ScuRole && acceptedRole.ScuRole, proposedRole.ScpRole && acceptedRole.ScpRole)
                : (true, false);
            contexts[proposal.Id] = result is null
                ? new PresentationContext(proposal.Id, proposal.AbstractSyntax, "", PresentationContextResultCode.NoReason)
                : new PresentationContext(proposal.Id, proposal.AbstractSyntax, result.TransferSyntax, result.Result, scu, scp);
        }
        return contexts;
    }

    // ------------------------------------------------------------------ release and abort

    /// <summary>Releases the association in order (A-RELEASE) once the running operation is done, and waits for the connection to close.</summary>
    public async Task ReleaseAsync(CancellationToken cancel = default)
    {
        await _operationLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (Protocol.State != UpperLayerState.Sta6)
            {
                if (Protocol.State != UpperLayerState.Sta1) await AbortAsync("release requested outside Sta6").ConfigureAwait(false);
                return;
            }
            await Protocol.RequestReleaseAsync().ConfigureAwait(false);
            try
            {
                await _completion.Task.WaitAsync(_settings.AssociationTimeout, cancel).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await AbortAsync($"no A-RELEASE-RP within {_settings.AssociationTimeout.TotalSeconds:0.#} s").ConfigureAwait(false);
                throw new AssociationAbortedException($"no A-RELEASE-RP within {_settings.AssociationTimeout.TotalSeconds:0.#} s; aborted");
            }
        }
        finally
        {
            _operationLock.Release();
        }
    }

    /// <summary>Aborts the association (A-ABORT, service-user source) and fails whatever is running.</summary>
    public async Task AbortAsync(string reason = "")
    {
        _endReason ??= reason.Length > 0 ? $"aborted by this side: {reason}" : "aborted by this side";
        FailPending(new AssociationAbortedException(_endReason));
        await Protocol.AbortAsync(reason).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Protocol.State == UpperLayerState.Sta6) await ReleaseAsync().ConfigureAwait(false);
            else if (Protocol.State != UpperLayerState.Sta1) await AbortAsync("disposed").ConfigureAwait(false);
        }
        catch (AssociationException) { }
        catch (InvalidOperationException) { }
    }

    async ValueTask IUpperLayerUser.OnReleaseIndicationAsync(bool collision)
    {
        // PS3.8 7.2: answer at once; in a collision the requestor answers first (Sta9), the acceptor after its confirmation (Sta12).
        _released = true;
        if (!collision || IsRequestor) await Protocol.RespondReleaseAsync().ConfigureAwait(false);
    }

    async ValueTask IUpperLayerUser.OnReleaseConfirmationAsync(bool collision)
    {
        _released = true;
        if (collision && !IsRequestor) await Protocol.RespondReleaseAsync().ConfigureAwait(false);
    }

    ValueTask IUpperLayerUser.OnAbortAsync(AbortPdu? received, string description)
    {
        _endReason ??= description;
        FailPending(new AssociationAbortedException(description, received));
        _established.TrySetException(new AssociationAbortedException(description, received));
        return ValueTask.CompletedTask;
    }

    void IUpperLayerUser.OnClosed()
    {
        _endReason ??= _released ? "released" : "connection closed";
        FailPending(new AssociationAbortedException($"association ended: {_endReason}"));
        _established.TrySetException(new AssociationAbortedException(_endReason));
        _ = _established.Task.Exception; // observed: nobody may be waiting
        var abandoning = _assembler.OpenSink is StoreSinkAdapter open ? open.AbandonAsync().AsTask() : Task.CompletedTask;
        try { RequestHandler?.OnClosed(this); } catch (Exception e) when (e is not OutOfMemoryException) { }
        // Completion waits until a half-received object is discarded, so that a finished association (a server
        // stopping, a process exiting after SIGTERM) never leaves its temporary file behind.
        if (abandoning.IsCompleted) Complete(abandoning);
        else abandoning.ContinueWith(Complete, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Complete(Task abandoning)
    {
        _ = abandoning.Exception; // a sink that failed to discard has said so itself; observed here
        _completion.TrySetResult();
    }

    private void FailPending(Exception error)
    {
        foreach (var (id, channel) in _pending)
            if (_pending.TryRemove(id, out _)) channel.Writer.TryComplete(error);
    }

    // ------------------------------------------------------------------ receiving DIMSE messages

    async ValueTask IUpperLayerUser.OnDataAsync(DataTransferPdu data)
    {
        try
        {
            foreach (var pdv in data.Values)
            {
                if (!_contexts.TryGetValue(pdv.PresentationContextId, out var context) || !context.Accepted)
                    throw new DimseFormatException($"PDV on presentation context {pdv.PresentationContextId}, which was not accepted (PS3.8 9.3.5.1)");
                await _assembler.AddAsync(pdv, context).ConfigureAwait(false);
            }
        }
        catch (DimseFormatException e)
        {
            Observe(new ProblemEvent(Now, Id, $"DIMSE protocol violation: {e.Message}"));
            await AbortAsync($"DIMSE protocol violation: {e.Message}").ConfigureAwait(false);
        }
    }

    ValueTask<IDatasetSink> IMessageReceiver.OpenDatasetAsync(DimseCommand command, PresentationContext context)
    {
        if (command.CommandField == DimseCommandField.CStoreRequest) return OpenStoreAsync(command, context);
        return ValueTask.FromResult<IDatasetSink>(new MemorySink(_settings.MaxInMemoryDatasetLength));
    }

    async ValueTask IMessageReceiver.OnMessageAsync(DimseCommand command, PresentationContext context, IDatasetSink? sink, long datasetLength)
    {
        var bytes = (sink as MemorySink)?.Bytes;
        var message = new DimseMessage(command, context, bytes);
        if (Observer is { } observer)
            Observe(new DimseEvent(Now, Id, Direction.Received, context.Id, command, datasetLength,
                observer.CapturePayloads && bytes is { } b ? b.ToArray() : null, context.TransferSyntax));

        if (command.IsResponse)
        {
            if (_pending.TryGetValue(command.MessageIdBeingRespondedTo, out var channel))
            {
                if (!command.Status.IsPending) _pending.TryRemove(command.MessageIdBeingRespondedTo, out _);
                channel.Writer.TryWrite(message);
                if (!command.Status.IsPending) channel.Writer.TryComplete();
            }
            else
                Observe(new ProblemEvent(Now, Id, $"{command.Describe()} answers no outstanding request; ignored"));
            return;
        }
        switch (command.CommandField)
        {
            case DimseCommandField.CStoreRequest when sink is StoreSinkAdapter store:
                await CompleteStoreAsync(message, store).ConfigureAwait(false);
                return;
            case DimseCommandField.CStoreRequest:
                // Command Data Set Type said "no dataset": there is nothing to store (PS3.7 9.3.1.1 requires one).
                await RespondAsync(message, new ServiceResult(DimseStatus.CannotUnderstand, "C-STORE-RQ without a dataset")).ConfigureAwait(false);
                return;
            case DimseCommandField.CEchoRequest:
                await RespondAsync(message, new ServiceResult(context.AbstractSyntax == DicomUids.Verification
                    ? DimseStatus.Success : DimseStatus.SopClassNotSupported)).ConfigureAwait(false);
                return;
            case DimseCommandField.CCancelRequest:
                RequestHandler?.OnCancel(this, command.MessageIdBeingRespondedTo);
                return;
        }
        if (RequestHandler is { } handler) await handler.OnRequestAsync(this, message).ConfigureAwait(false);
        else await RespondAsync(message, new ServiceResult(DimseStatus.UnrecognizedOperation, "this side offers no such service")).ConfigureAwait(false);
    }

    // C-STORE datasets stream straight into the store service's sink, fragment by fragment.
    private async ValueTask<IDatasetSink> OpenStoreAsync(DimseCommand command, PresentationContext context)
    {
        if (StoreService is not { } service)
            return new StoreSinkAdapter(null, new ServiceResult(DimseStatus.SopClassNotSupported, "this side does not accept C-STORE"));
        try
        {
            var sink = await service.BeginStoreAsync(new StoreRequest(this, command, context), CancellationToken.None).ConfigureAwait(false);
            return new StoreSinkAdapter(sink, null);
        }
        catch (DimseStatusException e)
        {
            return new StoreSinkAdapter(null, new ServiceResult(e.Status, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StoreSinkAdapter(null, new ServiceResult(DimseStatus.OutOfResources, $"cannot store: {e.Message}"));
        }
    }

    private async ValueTask CompleteStoreAsync(DimseMessage request, StoreSinkAdapter sink)
    {
        var result = await sink.CompleteAsync().ConfigureAwait(false);
        if (!result.Status.IsSuccess)
            Observe(new ProblemEvent(Now, Id, $"C-STORE of {request.Command.AffectedSopInstanceUid} answered {result.Status} {result.ErrorComment}"));
        await RespondAsync(request, result).ConfigureAwait(false);
    }

    /// <summary>Sends the response to a request, with the status and Error Comment of <paramref name="result"/>.</summary>
    internal Task RespondAsync(DimseMessage request, ServiceResult result, DicomDataset? dataset = null, Action<DimseCommand>? complete = null)
    {
        var response = DimseCommand.Response(request.Command, result.Status, dataset is not null, result.ErrorComment);
        complete?.Invoke(response);
        var bytes = dataset is null ? null : DatasetSource.FromMemory(DicomWriter.Encode(dataset, NativeSyntax(request.Context)));
        return SendAsync(request.Context, response, bytes, CancellationToken.None);
    }

    /// <summary>The syntax datasets are written in on a context (an encapsulated syntax's datasets are Explicit VR LE).</summary>
    internal static DicomTransferSyntax NativeSyntax(PresentationContext context) =>
        context.Syntax.Encapsulated ? DicomTransferSyntax.ExplicitVRLittleEndian : context.Syntax;

    // ------------------------------------------------------------------ sending DIMSE messages

    /// <summary>Batches of whole P-DATA-TF PDUs are written with one system call each (fewer round trips through the kernel).</summary>
    private const int SendBatchLength = 256 * 1024;

    internal ushort NextMessageId()
    {
        var id = (ushort)Interlocked.Increment(ref _nextMessageId);
        return id == 0 ? (ushort)Interlocked.Increment(ref _nextMessageId) : id;
    }

    /// <summary>Registers an outgoing request so its responses can be routed back; call before sending it.</summary>
    internal ChannelReader<DimseMessage> ExpectResponses(ushort messageId)
    {
        // The waiting operation continues on the receive path's thread (no extra thread-pool hop per response):
        // it only sends its next request, which never waits for the receive path, so this cannot deadlock.
        var channel = Channel.CreateUnbounded<DimseMessage>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
        if (!_pending.TryAdd(messageId, channel)) throw new InvalidOperationException($"message ID {messageId} is already outstanding");
        if (Protocol.State == UpperLayerState.Sta1 && _pending.TryRemove(messageId, out _))
            channel.Writer.TryComplete(new AssociationAbortedException($"association ended: {_endReason ?? "closed"}"));
        return channel.Reader;
    }

    internal void ForgetResponses(ushort messageId) => _pending.TryRemove(messageId, out _);

    /// <summary>
    /// Sends a message: the command set (Implicit VR LE) then the dataset, fragmented into PDVs no longer than the
    /// peer's Maximum Length allows (PS3.8 D.1), several PDUs per write. Whole messages never interleave.
    /// </summary>
    internal async Task SendAsync(PresentationContext context, DimseCommand command, DatasetSource? dataset, CancellationToken cancel)
    {
        var commandBytes = command.Encode();
        if (Observer is { } observer)
        {
            // Observed before sending, so that a transcript never shows the answer before the request.
            byte[]? payload = observer.CapturePayloads && dataset is not null ? (await dataset.ReadAllAsync(cancel).ConfigureAwait(false)).ToArray() : null;
            Observe(new DimseEvent(Now, Id, Direction.Sent, context.Id, command, dataset?.Length ?? 0, payload, context.TransferSyntax));
        }
        var peerMax = PeerMaxPduLength == 0 ? _settings.MaxSendPduLengthWhenUnlimited : (int)Math.Min(PeerMaxPduLength, int.MaxValue);
        var maxFragment = Math.Max(1, peerMax - PduEncoder.PdvHeaderLength);
        var batchLength = Math.Max(SendBatchLength, PduEncoder.HeaderLength + PduEncoder.PdvHeaderLength + maxFragment);
        await _sendLock.WaitAsync(cancel).ConfigureAwait(false);
        var batch = ArrayPool<byte>.Shared.Rent(batchLength);
        try
        {
            var used = 0;
            var pdus = 0;
            async Task FlushAsync()
            {
                if (pdus == 0) return;
                await Protocol.SendDataAsync(batch.AsMemory(0, used), pdus, cancel).ConfigureAwait(false);
                used = 0;
                pdus = 0;
            }
            // Reserves room for one PDU with one PDV of `length` bytes and writes its headers; returns the data offset.
            async Task<int> BeginPduAsync(int length, bool isCommand, bool isLast)
            {
                var total = PduEncoder.HeaderLength + PduEncoder.PdvHeaderLength + length;
                if (used + total > batchLength) await FlushAsync().ConfigureAwait(false);
                var span = batch.AsSpan(used);
                PduEncoder.WritePduHeader(span, PduType.DataTransfer, PduEncoder.PdvHeaderLength + length);
                BinaryPrimitives.WriteUInt32BigEndian(span[PduEncoder.HeaderLength..], (uint)(length + 2));
                span[PduEncoder.HeaderLength + 4] = context.Id;
                span[PduEncoder.HeaderLength + 5] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
                var dataOffset = used + PduEncoder.HeaderLength + PduEncoder.PdvHeaderLength;
                used += total;
                pdus++;
                return dataOffset;
            }

            for (var offset = 0; offset < commandBytes.Length; offset += maxFragment)
            {
                var length = Math.Min(maxFragment, commandBytes.Length - offset);
                var at = await BeginPduAsync(length, true, offset + length == commandBytes.Length).ConfigureAwait(false);
                commandBytes.AsSpan(offset, length).CopyTo(batch.AsSpan(at));
            }
            if (dataset is not null)
            {
                var total = dataset.Length;
                if (total == 0) await BeginPduAsync(0, false, true).ConfigureAwait(false);
                for (long offset = 0; offset < total;)
                {
                    var length = (int)Math.Min(maxFragment, total - offset);
                    var at = await BeginPduAsync(length, false, offset + length == total).ConfigureAwait(false);
                    var got = 0;
                    while (got < length)
                        got += await dataset.ReadAsync(offset + got, batch.AsMemory(at + got, length - got), cancel).ConfigureAwait(false);
                    offset += length;
                }
            }
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            _sendLock.Release();
        }
    }

    // ------------------------------------------------------------------ observation

    internal static DateTimeOffset Now => DateTimeOffset.UtcNow;

    internal void Observe(NetworkEvent e)
    {
        if (Observer is not { } observer) return;
        try { observer.OnEvent(e); }
        catch (Exception) { /* observation must never break an association */ }
    }

    internal void Report(string problem) => Observe(new ProblemEvent(Now, Id, problem));
}

/// <summary>Feeds an incoming C-STORE dataset to a store service's sink; remembers a write failure and answers it at the end.</summary>
internal sealed class StoreSinkAdapter(IStoreSink? sink, ServiceResult? refusal) : IDatasetSink
{
    private ServiceResult? _failure = refusal;
    private IStoreSink? _sink = sink;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
    {
        if (_sink is null || _failure is not null) return; // refused: the rest of the dataset is read and dropped
        try
        {
            await _sink.WriteAsync(fragment, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DimseStatusException)
        {
            _failure = e is DimseStatusException s ? new ServiceResult(s.Status, s.Message) : new ServiceResult(DimseStatus.OutOfResources, $"cannot write: {e.Message}");
            await AbandonAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask<ServiceResult> CompleteAsync()
    {
        if (_failure is { } failure || _sink is null) return _failure ?? ServiceResult.Success;
        var sink = _sink;
        _sink = null;
        try
        {
            return await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ServiceResult(DimseStatus.OutOfResources, $"cannot store: {e.Message}");
        }
        catch (DimseStatusException e)
        {
            return new ServiceResult(e.Status, e.Message);
        }
        finally
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The transfer stopped (write failure or association aborted): the sink discards what it has.</summary>
    public async ValueTask AbandonAsync()
    {
        var sink = _sink;
        _sink = null;
        if (sink is not null) await sink.DisposeAsync().ConfigureAwait(false);
    }
}

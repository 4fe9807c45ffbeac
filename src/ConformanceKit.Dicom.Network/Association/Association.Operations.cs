using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Dicom.Network;

/// <summary>The final (or a pending) response to a request, with its status in words.</summary>
public sealed record DimseResponse(DimseCommand Command)
{
    public DimseStatus Status => Command.Status;
    public string? ErrorComment => Command.ErrorComment;
    public string Describe() => Command.Describe();
}

/// <summary>A request ended with a failure (or cancel) status; the message gives the status in words.</summary>
public sealed class DimseFailureException(DimseCommandField request, DimseStatus status, string? comment)
    : AssociationException($"{DimseCommandFieldText.NameOf(request)} {status.Meaning(request)} (status {status.Code:X4}H){(string.IsNullOrEmpty(comment) ? "" : $": {comment}")}")
{
    public DimseStatus Status { get; } = status;
    public string? ErrorComment { get; } = comment;
}

/// <summary>How a C-MOVE or C-GET went (PS3.4 C.4.2.3.1/C.4.3.3.1): final status, sub-operation counts, failed instances.</summary>
public sealed record RetrieveResult(DimseStatus Status, int Remaining, int Completed, int Failed, int Warning, string? ErrorComment,
    IReadOnlyList<string> FailedSopInstanceUids)
{
    public string Describe(DimseCommandField field) =>
        $"{Status.Meaning(field)} (status {Status.Code:X4}H): {Completed} completed, {Failed} failed, {Warning} warning" +
        (Remaining > 0 ? $", {Remaining} remaining" : "") + (string.IsNullOrEmpty(ErrorComment) ? "" : $"; {ErrorComment}");

    internal static RetrieveResult From(DimseMessage message)
    {
        var c = message.Command;
        IReadOnlyList<string> failed = [];
        if (!c.Status.IsPending && message.DatasetBytes is not null)
        {
            try { failed = message.Dataset?.GetStrings(DicomTags.FailedSOPInstanceUIDList) ?? []; }
            catch (DicomReadException) { }
        }
        return new RetrieveResult(c.Status, c.RemainingSubOperations ?? 0, c.CompletedSubOperations ?? 0, c.FailedSubOperations ?? 0,
            c.WarningSubOperations ?? 0, c.ErrorComment, failed);
    }
}

public sealed partial class Association
{
    // ------------------------------------------------------------------ C-ECHO (PS3.7 9.1.5)

    public async Task<DimseResponse> EchoAsync(CancellationToken cancel = default)
    {
        var context = ContextFor(DicomUids.Verification, "Verification");
        var message = await SingleResponseAsync(context, DimseCommand.EchoRequest, null, cancel).ConfigureAwait(false);
        return new DimseResponse(message.Command);
    }

    // ------------------------------------------------------------------ C-STORE (PS3.7 9.1.1)

    /// <summary>Sends one object; returns the C-STORE-RSP (check its status). Throws when no presentation context can carry it.</summary>
    public Task<DimseResponse> StoreAsync(StoreItem item, CancellationToken cancel = default) => StoreAsync(item, null, null, cancel);

    internal async Task<DimseResponse> StoreAsync(StoreItem item, string? moveOriginatorAeTitle, ushort? moveOriginatorMessageId, CancellationToken cancel)
    {
        var (context, source) = await ContextForStoreAsync(item, cancel).ConfigureAwait(false);
        var message = await SingleResponseAsync(context,
            id => DimseCommand.StoreRequest(id, item.SopClassUid, item.SopInstanceUid, DimsePriority.Medium, moveOriginatorAeTitle, moveOriginatorMessageId),
            source, cancel).ConfigureAwait(false);
        return new DimseResponse(message.Command);
    }

    /// <summary>
    /// The context to send an object on: one for its SOP class in its own transfer syntax (sent byte for byte),
    /// else one in another uncompressed syntax (the dataset is re-encoded). Explains in words when there is none.
    /// </summary>
    internal async Task<(PresentationContext, DatasetSource)> ContextForStoreAsync(StoreItem item, CancellationToken cancel)
    {
        var candidates = _contexts.Values.Where(c => c.Accepted && c.AbstractSyntax == item.SopClassUid && c.CanInvoke(IsRequestor)).ToList();
        if (candidates.FirstOrDefault(c => c.TransferSyntax == item.TransferSyntax.Uid) is { } exact) return (exact, item.Dataset);
        var source = item.TransferSyntax;
        if (!source.Encapsulated && !source.Deflated &&
            candidates.FirstOrDefault(c => c.Syntax is { Encapsulated: false, Deflated: false, LittleEndian: true }) is { } native)
        {
            var bytes = await item.Dataset.ReadAllAsync(cancel).ConfigureAwait(false);
            var dataset = DicomDatasetReader.Parse(bytes, source);
            return (native, DatasetSource.FromMemory(DicomWriter.Encode(dataset, native.Syntax)));
        }
        throw MissingContext(item.SopClassUid, item.TransferSyntax);
    }

    private PresentationContextException MissingContext(string sopClassUid, DicomTransferSyntax? syntax, string? what = null)
    {
        var name = what ?? DicomUidRegistry.NameOf(sopClassUid);
        var proposed = _contexts.Values.Where(c => c.AbstractSyntax == sopClassUid).ToList();
        if (proposed.Count == 0)
            return new($"no presentation context was proposed for {name}", $"no context for {name}");
        if (proposed.All(c => !c.Accepted))
            return new($"the peer rejected the presentation context for {name}: {PresentationContextResult.DescribeResult(proposed[0].Result)}",
                $"rejected context: {name}");
        if (!proposed.Any(c => c.Accepted && c.CanInvoke(IsRequestor)))
            return new($"the presentation context for {name} does not give this side the SCU role (SCP/SCU role selection, PS3.7 D.3.3.4)",
                $"no SCP role for {name}");
        return new($"the peer accepted {name} only with {string.Join(", ", proposed.Where(c => c.Accepted).Select(c => DicomUidRegistry.NameOf(c.TransferSyntax)))}, " +
                   $"and the object in {syntax?.Name} cannot be re-encoded to it", $"no usable transfer syntax for {name}");
    }

    private PresentationContext ContextFor(string abstractSyntax, string what)
    {
        var context = _contexts.Values.FirstOrDefault(c => c.Accepted && c.AbstractSyntax == abstractSyntax && c.CanInvoke(IsRequestor)
                                                           && c.Syntax is { Encapsulated: false, Deflated: false });
        return context ?? throw MissingContext(abstractSyntax, null, what);
    }

    // ------------------------------------------------------------------ C-FIND (PS3.7 9.1.2)

    /// <summary>
    /// Queries; yields each match as it arrives. Cancelling the token sends C-CANCEL and ends the query (PS3.7
    /// 9.3.2.3). A final failure status throws <see cref="DimseFailureException"/>.
    /// </summary>
    public async IAsyncEnumerable<DicomDataset> FindAsync(string sopClassUid, DicomDataset identifier,
        [EnumeratorCancellation] CancellationToken cancel = default)
    {
        var context = ContextFor(sopClassUid, DicomUidRegistry.NameOf(sopClassUid));
        var encoded = DatasetSource.FromMemory(DicomWriter.Encode(identifier, NativeSyntax(context)));
        await _operationLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var id = NextMessageId();
            var reader = await StartAsync(context, DimseCommand.FindRequest(id, sopClassUid), encoded, cancel).ConfigureAwait(false);
            var operation = new RunningOperation(this, context, id, "C-FIND-RQ");
            while (await operation.NextAsync(reader, cancel).ConfigureAwait(false) is { } message)
            {
                var status = message.Command.Status;
                if (status.IsPending)
                {
                    if (message.Dataset is { } match) yield return match;
                    continue;
                }
                if (status.IsSuccess) yield break;
                if (status.Category == DimseStatusCategory.Cancel && operation.CancelSent) throw new OperationCanceledException(cancel);
                throw new DimseFailureException(DimseCommandField.CFindRequest, status, message.Command.ErrorComment);
            }
        }
        finally
        {
            _operationLock.Release();
        }
    }

    // ------------------------------------------------------------------ C-MOVE (PS3.7 9.1.4) and C-GET (PS3.7 9.1.3)

    /// <summary>Asks the peer to send the matching objects to <paramref name="destinationAeTitle"/> on a sub-association.</summary>
    public Task<RetrieveResult> MoveAsync(string sopClassUid, string destinationAeTitle, DicomDataset identifier,
        IProgress<RetrieveResult>? progress = null, CancellationToken cancel = default) =>
        RetrieveAsync(sopClassUid, id => DimseCommand.MoveRequest(id, sopClassUid, destinationAeTitle), identifier, progress, cancel);

    /// <summary>
    /// Asks the peer to send the matching objects over this association; they arrive as C-STORE sub-operations
    /// handled by <paramref name="store"/>. Needs storage contexts negotiated with the SCP role for this side.
    /// </summary>
    public async Task<RetrieveResult> GetAsync(string sopClassUid, DicomDataset identifier, IStoreService store,
        IProgress<RetrieveResult>? progress = null, CancellationToken cancel = default)
    {
        var previous = StoreService;
        StoreService = store;
        try
        {
            return await RetrieveAsync(sopClassUid, id => DimseCommand.GetRequest(id, sopClassUid), identifier, progress, cancel).ConfigureAwait(false);
        }
        finally
        {
            StoreService = previous;
        }
    }

    private async Task<RetrieveResult> RetrieveAsync(string sopClassUid, Func<ushort, DimseCommand> build, DicomDataset identifier,
        IProgress<RetrieveResult>? progress, CancellationToken cancel)
    {
        var context = ContextFor(sopClassUid, DicomUidRegistry.NameOf(sopClassUid));
        var encoded = DatasetSource.FromMemory(DicomWriter.Encode(identifier, NativeSyntax(context)));
        await _operationLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var id = NextMessageId();
            var command = build(id);
            var reader = await StartAsync(context, command, encoded, cancel).ConfigureAwait(false);
            var operation = new RunningOperation(this, context, id, DimseCommandFieldText.NameOf(command.CommandField));
            while (await operation.NextAsync(reader, cancel).ConfigureAwait(false) is { } message)
            {
                var result = RetrieveResult.From(message);
                if (!message.Command.Status.IsPending) return result;
                progress?.Report(result);
            }
            throw new AssociationAbortedException($"association ended before the final {DimseCommandFieldText.NameOf(command.CommandField)} response");
        }
        finally
        {
            _operationLock.Release();
        }
    }

    // ------------------------------------------------------------------ request/response plumbing

    private async Task<DimseMessage> SingleResponseAsync(PresentationContext context, Func<ushort, DimseCommand> build, DatasetSource? dataset,
        CancellationToken cancel)
    {
        await _operationLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var id = NextMessageId();
            var command = build(id);
            var reader = await StartAsync(context, command, dataset, cancel).ConfigureAwait(false);
            var operation = new RunningOperation(this, context, id, DimseCommandFieldText.NameOf(command.CommandField)) { CanCancel = false };
            return await operation.NextAsync(reader, cancel).ConfigureAwait(false)
                   ?? throw new AssociationAbortedException($"association ended before the response to {command.Describe()}");
        }
        finally
        {
            _operationLock.Release();
        }
    }

    private async Task<ChannelReader<DimseMessage>> StartAsync(PresentationContext context, DimseCommand command, DatasetSource? dataset, CancellationToken cancel)
    {
        var reader = ExpectResponses(command.MessageId);
        try
        {
            await SendAsync(context, command, dataset, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            ForgetResponses(command.MessageId);
            throw new AssociationAbortedException($"could not send {command.Describe()}: {EndReason ?? e.Message}");
        }
        catch
        {
            ForgetResponses(command.MessageId);
            throw;
        }
        return reader;
    }

    /// <summary>Reads the responses of one outstanding request, with the DIMSE timeout, and sends C-CANCEL when asked to stop.</summary>
    private sealed class RunningOperation(Association association, PresentationContext context, ushort messageId, string name)
    {
        public bool CanCancel { get; init; } = true;
        public bool CancelSent { get; private set; }

        /// <summary>The next response, or null when the association ended without one.</summary>
        public async Task<DimseMessage?> NextAsync(ChannelReader<DimseMessage> reader, CancellationToken cancel)
        {
            while (true)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancelSent || !CanCancel ? CancellationToken.None : cancel);
                timeout.CancelAfter(association._settings.DimseTimeout);
                try
                {
                    return await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested && CanCancel && !CancelSent)
                {
                    CancelSent = true;
                    await association.SendAsync(context, DimseCommand.CancelRequest(messageId), null, CancellationToken.None).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested || !CanCancel)
                {
                    if (cancel.IsCancellationRequested) throw;
                    association.ForgetResponses(messageId);
                    var seconds = association._settings.DimseTimeout.TotalSeconds;
                    await association.AbortAsync($"no response to {name} within {seconds:0.#} s").ConfigureAwait(false);
                    throw new TimeoutException($"no response to {name} within {seconds:0.#} s; the association was aborted");
                }
                catch (ChannelClosedException e)
                {
                    if (e.InnerException is { } inner) throw inner is AssociationException ae ? new AssociationAbortedException(ae.Message) : inner;
                    return null;
                }
            }
        }
    }
}

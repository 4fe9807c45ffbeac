using System.Collections.Concurrent;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Dicom.Network;

/// <summary>
/// Runs C-FIND, C-MOVE and C-GET requests for an acceptor (PS3.4 C.4): each on its own task so that the
/// association keeps receiving (C-CANCEL, and the C-STORE responses of C-GET sub-operations). The services
/// decide what matches; the sub-operations are done here, so the services hold no protocol logic.
/// </summary>
internal sealed class QueryRetrieveDispatcher(DicomServerOptions options) : IRequestHandler
{
    private readonly ConcurrentDictionary<(long Association, ushort MessageId), CancellationTokenSource> _running = new();

    public ValueTask OnRequestAsync(Association association, DimseMessage request)
    {
        var field = request.Command.CommandField;
        Func<Association, DimseMessage, QueryRequest, CancellationToken, Task>? run = field switch
        {
            DimseCommandField.CFindRequest when options.Query is not null => RunFindAsync,
            DimseCommandField.CMoveRequest when options.Retrieve is not null => RunMoveAsync,
            DimseCommandField.CGetRequest when options.Retrieve is not null => RunGetAsync,
            _ => null,
        };
        if (run is null)
            return new ValueTask(association.RespondAsync(request, new ServiceResult(DimseStatus.UnrecognizedOperation,
                $"{DimseCommandFieldText.NameOf(field)} is not offered here")));
        DicomDataset identifier;
        try
        {
            identifier = request.Dataset ?? throw new DicomReadException("the request has no identifier", 0, "");
        }
        catch (DicomReadException e)
        {
            return new ValueTask(association.RespondAsync(request, new ServiceResult(DimseStatus.DataSetDoesNotMatchSopClass, $"identifier unreadable: {e.Reason}")));
        }
        var cts = new CancellationTokenSource();
        var key = (association.Id, request.Command.MessageId);
        if (!_running.TryAdd(key, cts))
            return new ValueTask(association.RespondAsync(request, new ServiceResult(DimseStatus.DuplicateInvocation)));
        var query = new QueryRequest(association, request.Command, request.Context, identifier);
        _ = Task.Run(async () =>
        {
            try
            {
                await run(association, request, query, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AssociationException or InvalidOperationException or IOException)
            {
                association.Report($"{request.Command.Describe()} ended without a final response: {e.Message}");
            }
            finally
            {
                _running.TryRemove(key, out _);
                cts.Dispose();
            }
        });
        return ValueTask.CompletedTask;
    }

    public void OnCancel(Association association, ushort messageId)
    {
        if (_running.TryGetValue((association.Id, messageId), out var cts)) cts.Cancel();
    }

    public void OnClosed(Association association)
    {
        foreach (var (key, cts) in _running)
            if (key.Association == association.Id)
            {
                try { cts.Cancel(); } catch (ObjectDisposedException) { }
            }
    }

    // ---------------------------------------------------------------- C-FIND (PS3.4 C.4.1)

    private async Task RunFindAsync(Association association, DimseMessage request, QueryRequest query, CancellationToken cancel)
    {
        ServiceResult final;
        try
        {
            await foreach (var match in options.Query!.FindAsync(query, cancel).ConfigureAwait(false))
            {
                if (cancel.IsCancellationRequested) break;
                await association.RespondAsync(request, new ServiceResult(DimseStatus.Pending), match).ConfigureAwait(false);
            }
            final = cancel.IsCancellationRequested ? new ServiceResult(DimseStatus.Cancel) : ServiceResult.Success;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            final = new ServiceResult(DimseStatus.Cancel);
        }
        catch (DimseStatusException e)
        {
            final = new ServiceResult(e.Status, e.Message);
        }
        // Once the association is no longer established the failure is this side's sending, not the service: it ends
        // without a final response (reported by the caller), and is not blamed on the query service.
        catch (Exception e) when (e is not OutOfMemoryException and not AssociationException && association.IsEstablished)
        {
            association.Report($"query service failed on {request.Command.Describe()}: {e.Message}");
            final = new ServiceResult(DimseStatus.CannotUnderstand, $"unable to process: {e.Message}");
        }
        await association.RespondAsync(request, final).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- C-MOVE and C-GET (PS3.4 C.4.2, C.4.3)

    /// <summary>Sub-operation bookkeeping and the responses it produces (PS3.4 C.4.2.1.5 and C.4.3.1.4 status rules).</summary>
    private sealed class SubOperations(Association association, DimseMessage request, int total)
    {
        public int Completed, Failed, Warning;
        public readonly List<string> FailedUids = [];
        public string? FirstFailure;
        public int Remaining => total - Completed - Failed - Warning;

        public void Count(StoreItem item, DimseResponse response)
        {
            switch (response.Status.Category)
            {
                case DimseStatusCategory.Success: Completed++; break;
                case DimseStatusCategory.Warning: Warning++; break;
                default:
                    Fail(item, $"C-STORE answered {response.Status.Meaning(DimseCommandField.CStoreResponse)}" +
                               (response.ErrorComment is { Length: > 0 } c ? $" ({c})" : ""), $"C-STORE status {response.Status.Code:X4}H");
                    break;
            }
        }

        /// <summary>Counts a failed sub-operation; <paramref name="comment"/> is the short form for the Error Comment.</summary>
        public void Fail(StoreItem item, string why, string? comment = null)
        {
            Failed++;
            FailedUids.Add(item.SopInstanceUid);
            FirstFailure ??= comment ?? why;
            association.Report($"{request.Command.Describe()} sub-operation for {item.SopInstanceUid} failed: {why}");
        }

        public Task PendingAsync() => association.RespondAsync(request, new ServiceResult(DimseStatus.Pending), null,
            c => c.WithSubOperations(Remaining, Completed, Failed, Warning));

        public Task FinalAsync(bool cancelled, string? comment = null, DimseStatus? status = null)
        {
            var final = status ?? (cancelled ? DimseStatus.Cancel
                : Failed == 0 && Warning == 0 ? DimseStatus.Success
                : Completed + Warning == 0 ? DimseStatus.OutOfResourcesSubOperations
                : DimseStatus.SubOperationsCompleteWithFailures);
            var failedList = FailedUids.Count == 0 ? null : new DicomDataset().SetStrings(DicomTags.FailedSOPInstanceUIDList, FailedUids);
            // Remaining is sent in the final response only after a cancel (PS3.4 C.4.2.3.1).
            return association.RespondAsync(request, new ServiceResult(final, comment ?? (Failed > 0 ? FirstFailure : null)), failedList,
                c => c.WithSubOperations(Remaining, Completed, Failed, Warning, includeRemaining: cancelled));
        }
    }

    private async Task<IReadOnlyList<StoreItem>?> ResolveAsync(Association association, DimseMessage request, QueryRequest query, CancellationToken cancel)
    {
        try
        {
            return await options.Retrieve!.ResolveAsync(query, cancel).ConfigureAwait(false);
        }
        catch (DimseStatusException e)
        {
            await association.RespondAsync(request, new ServiceResult(e.Status, e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await association.RespondAsync(request, new ServiceResult(DimseStatus.Cancel)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not AssociationException)
        {
            association.Report($"retrieve service failed on {request.Command.Describe()}: {e.Message}");
            await association.RespondAsync(request, new ServiceResult(DimseStatus.CannotUnderstand, $"unable to process: {e.Message}")).ConfigureAwait(false);
        }
        return null;
    }

    private async Task RunMoveAsync(Association association, DimseMessage request, QueryRequest query, CancellationToken cancel)
    {
        var destinationTitle = request.Command.MoveDestination ?? "";
        if (!options.MoveDestinations.TryGetValue(destinationTitle, out var destination))
        {
            association.Report($"C-MOVE refused: move destination '{destinationTitle}' is unknown (not in the configured destinations)");
            await association.RespondAsync(request, new ServiceResult(DimseStatus.MoveDestinationUnknown, $"unknown move destination '{destinationTitle}'")).ConfigureAwait(false);
            return;
        }
        if (await ResolveAsync(association, request, query, cancel).ConfigureAwait(false) is not { } items) return;
        var ops = new SubOperations(association, request, items.Count);
        if (items.Count == 0)
        {
            await ops.FinalAsync(false).ConfigureAwait(false);
            return;
        }
        Association sub;
        try
        {
            var plan = new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
            sub = await DicomClient.AssociateAsync(new DicomClientOptions
            {
                Host = destination.Host,
                Port = destination.Port,
                CallingAeTitle = options.AeTitle,
                CalledAeTitle = destination.AeTitle,
                Tls = destination.Tls,
                Settings = options.Settings with { IdleTimeout = Timeout.InfiniteTimeSpan },
                Observer = options.Observer,
            }, plan, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationException or ArgumentException or InvalidOperationException)
        {
            var (comment, detail) = e switch
            {
                AssociationRejectedException r => ($"{destinationTitle} refused the sub-association", $"destination {destinationTitle} refused the sub-association: {r.Reject.DescribeCause()}"),
                _ when e.Message.Contains("refused", StringComparison.Ordinal) =>
                    ($"{destination.Host}:{destination.Port} refused (wrong port?)", $"cannot reach destination {destinationTitle}: {e.Message}"),
                _ => ($"cannot reach {destinationTitle}", $"cannot reach destination {destinationTitle} at {destination.Host}:{destination.Port}: {e.Message}"),
            };
            association.Report($"C-MOVE failed: {detail}");
            foreach (var item in items) { ops.Failed++; ops.FailedUids.Add(item.SopInstanceUid); }
            await ops.FinalAsync(false, comment, DimseStatus.OutOfResourcesSubOperations).ConfigureAwait(false);
            return;
        }
        await using (sub.ConfigureAwait(false))
        {
            var cancelled = false;
            foreach (var item in items)
            {
                if (cancel.IsCancellationRequested) { cancelled = true; break; }
                try
                {
                    var response = await sub.StoreAsync(item, association.CallingAeTitle, request.Command.MessageId, CancellationToken.None).ConfigureAwait(false);
                    ops.Count(item, response);
                }
                catch (PresentationContextException e)
                {
                    ops.Fail(item, $"destination {destinationTitle}: {e.Message}", $"{destinationTitle} {e.ShortReason}");
                }
                catch (AssociationException e)
                {
                    ops.Fail(item, $"sub-association to {destinationTitle} ended: {e.Message}", $"{destinationTitle} sub-association ended");
                    break;
                }
                if (ops.Remaining > 0) await ops.PendingAsync().ConfigureAwait(false);
            }
            foreach (var item in items.Skip(ops.Completed + ops.Failed + ops.Warning))
                if (!cancelled) { ops.Failed++; ops.FailedUids.Add(item.SopInstanceUid); }
            await ops.FinalAsync(cancelled).ConfigureAwait(false);
        }
    }

    private async Task RunGetAsync(Association association, DimseMessage request, QueryRequest query, CancellationToken cancel)
    {
        if (await ResolveAsync(association, request, query, cancel).ConfigureAwait(false) is not { } items) return;
        var ops = new SubOperations(association, request, items.Count);
        var cancelled = false;
        foreach (var item in items)
        {
            if (cancel.IsCancellationRequested) { cancelled = true; break; }
            try
            {
                // Sub-operations go over this association, on a storage context where the requestor took the SCP role.
                var response = await association.StoreAsync(item, null, null, CancellationToken.None).ConfigureAwait(false);
                ops.Count(item, response);
            }
            catch (PresentationContextException e)
            {
                ops.Fail(item, e.Message, e.ShortReason);
            }
            if (ops.Remaining > 0) await ops.PendingAsync().ConfigureAwait(false);
        }
        await ops.FinalAsync(cancelled).ConfigureAwait(false);
    }
}

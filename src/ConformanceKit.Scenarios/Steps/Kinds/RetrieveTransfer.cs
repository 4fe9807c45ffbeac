using System.Collections.Concurrent;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Scenarios.Actors;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>What a C-MOVE or C-GET did: the final response (null when none came), an association failure, what arrived, whether the window ran out.</summary>
internal sealed record RetrieveAttempt(RetrieveResult? Result, ExchangeFailure? Failure, IReadOnlyList<ScenarioObject> Arrived, bool WindowEnded);

/// <summary>
/// Performs a Study Root retrieval for the <c>retrieve</c> step: C-MOVE to a running harness actor (the objects
/// arrive in its inbox over the SUT's sub-association) or C-GET (they arrive as C-STORE sub-operations on the same
/// association, PS3.4 C.4.3). Past the window the retrieval is cancelled (C-CANCEL).
/// </summary>
internal static class RetrieveTransfer
{
    /// <summary>
    /// How long objects the final C-MOVE-RSP counts may still be on their way: a SUT answers the final response after its
    /// sub-operations (PS3.4 C.4.2.3), but its sub-association may be released a moment later.
    /// </summary>
    private static readonly TimeSpan ArrivalGrace = TimeSpan.FromSeconds(2);

    public static async Task<RetrieveAttempt> MoveAsync(StepContext context, DicomClientOptions client, DicomDataset identifier,
        IActorInstance destination, TimeSpan window, CancellationToken cancel)
    {
        var inbox = destination.Inbox ?? throw new InvalidOperationException($"actor '{destination.Name}' receives no objects");
        inbox.TakeAll(); // what arrived before this step is not part of this retrieval
        var (result, failure, ended) = await RunAsync(client, DicomUids.StudyRootQueryRetrieveInformationModelMove, window, cancel,
            (a, token) => a.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, destination.Endpoint.AeTitle, identifier, null, token));
        var arrived = inbox.TakeAll().ToList();
        var counted = (result?.Completed ?? 0) + (result?.Warning ?? 0);
        if (arrived.Count < counted)
        {
            var late = await inbox.CollectAsync(_ => true, n => n >= counted - arrived.Count, ArrivalGrace, TimeSpan.Zero, context.Services.Time, cancel);
            arrived.AddRange(late.Matched);
        }
        arrived.AddRange(inbox.TakeAll());
        return new RetrieveAttempt(result, failure, arrived, ended);
    }

    public static async Task<RetrieveAttempt> GetAsync(StepContext context, DicomClientOptions client, DicomDataset identifier, TimeSpan window, CancellationToken cancel)
    {
        var folder = Path.Combine(context.RunDirectory, "actors", "c-get-" + Guid.NewGuid().ToString("N")[..8]);
        var store = new FileStorageService(folder);
        var stored = new ConcurrentQueue<StoredFile>();
        store.Stored += stored.Enqueue;
        var plan = new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelGet, PresentationContextPlan.UncompressedSyntaxes)
            .AddStorageAsScp(SopClassGroups.CommonRetrieveStorage);
        var (result, failure, ended) = await RunAsync(client, plan, window, cancel,
            (a, token) => a.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, identifier, store, null, token));
        var arrived = stored.Select(f => HarnessActor.Received(f.Path, f.SopClassUid, f.SopInstanceUid, "retrieved from SUT", client.CalledAeTitle)).ToList();
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { } // nothing arrived
        return new RetrieveAttempt(result, failure, arrived, ended);
    }

    private static Task<(RetrieveResult?, ExchangeFailure?, bool)> RunAsync(DicomClientOptions client, string model, TimeSpan window, CancellationToken cancel,
        Func<Association, CancellationToken, Task<RetrieveResult>> retrieve) =>
        RunAsync(client, new PresentationContextPlan().Add(model, PresentationContextPlan.UncompressedSyntaxes), window, cancel, retrieve);

    private static async Task<(RetrieveResult?, ExchangeFailure?, bool)> RunAsync(DicomClientOptions client, PresentationContextPlan plan, TimeSpan window,
        CancellationToken cancel, Func<Association, CancellationToken, Task<RetrieveResult>> retrieve)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(window);
        RetrieveResult? result = null;
        try
        {
            await using var association = await DicomClient.AssociateAsync(client, plan, limit.Token);
            result = await retrieve(association, limit.Token);
            if (!limit.IsCancellationRequested) await association.ReleaseAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return (result, null, true);
        }
        catch (Exception e) when (e is not OperationCanceledException && ExchangeFailure.From(e, ObjectSender.Describe(client)) is { } failure)
        {
            // A release that fails after the final response does not undo the retrieval.
            return result is null ? (null, failure, false) : (result, null, false);
        }
        return (result, null, limit.IsCancellationRequested);
    }
}

using ConformanceKit.Actors.Faults;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>
/// Sends what a reference SUT made with C-STORE (PS3.4 B.2) over one association, as a product would, with
/// the options' content fault put into each object and its association fault played: aborted (A-ABORT
/// after the association is set up, nothing stored) or slow (the objects go out after
/// <see cref="ReferenceSutOptions.SlowDelay"/>, in the background, so the caller's window passes first).
/// </summary>
public sealed class ObjectSender(ReferenceSutOptions options) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _late = [];

    /// <summary>The objects as they will leave: with the content fault applied.</summary>
    public IReadOnlyList<DicomDataset> Prepare(IEnumerable<DicomDataset> objects) =>
        options.Fault is { } f && !FaultCatalogue.IsAssociationFault(f) ? objects.Select(o => ObjectFaults.Apply(o, f)).ToList() : objects.ToList();

    /// <summary>Sends and returns a line saying what happened (for the answer's basis); throws when the peer refuses.</summary>
    public async Task<string> SendAsync(Destination to, IReadOnlyList<DicomDataset> objects, CancellationToken cancel)
    {
        if (objects.Count == 0) return "nothing to send";
        var prepared = Prepare(objects);
        if (options.Injects(FaultCatalogue.SlowAssociation))
        {
            lock (_late) _late.Add(Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(options.SlowDelay, _stop.Token).ConfigureAwait(false);
                    await StoreAsync(to, prepared, abort: false, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or AssociationException or IOException or System.Net.Sockets.SocketException or DimseFailureException) { }
            }));
            return $"fault {FaultCatalogue.SlowAssociation}: {prepared.Count} object(s) will be sent to {to.AeTitle} after {options.SlowDelay.TotalSeconds:0} s";
        }
        var abort = options.Injects(FaultCatalogue.AbortedAssociation);
        await StoreAsync(to, prepared, abort, cancel).ConfigureAwait(false);
        return abort
            ? $"fault {FaultCatalogue.AbortedAssociation}: association with {to.AeTitle} aborted before {prepared.Count} object(s) were stored"
            : $"stored {prepared.Count} object(s) to {to.AeTitle}@{to.Host}:{to.Port}";
    }

    private async Task StoreAsync(Destination to, IReadOnlyList<DicomDataset> objects, bool abort, CancellationToken cancel)
    {
        var items = objects.Select(o => StoreItem.FromDataset(o)).ToList();
        var plan = new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
        var client = new DicomClientOptions { Host = to.Host, Port = to.Port, CalledAeTitle = to.AeTitle, CallingAeTitle = options.AeTitle };
        await using var association = await DicomClient.AssociateAsync(client, plan, cancel).ConfigureAwait(false);
        if (abort)
        {
            await association.AbortAsync($"fault {FaultCatalogue.AbortedAssociation}").ConfigureAwait(false);
            return;
        }
        foreach (var item in items)
        {
            var response = await association.StoreAsync(item, cancel).ConfigureAwait(false);
            if (response.Status.IsFailure)
                throw new InvalidOperationException($"{to.AeTitle} refused {item.SopInstanceUid}: {response.Describe()}");
        }
        await association.ReleaseAsync(cancel).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] late;
        lock (_late) late = [.. _late];
        try { await Task.WhenAll(late).ConfigureAwait(false); }
        catch (Exception) { /* the late sends are best effort by design */ }
        _stop.Dispose();
    }
}

using System.Globalization;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.Network;

/// <summary>How one object fared: the C-STORE-RSP status (null when it was never sent) and, when it was not stored, why.</summary>
public sealed record SentObject(StoreItem Item, DimseStatus? Status, string? ErrorComment, string? Problem)
{
    /// <summary>The peer answered success or a warning (PS3.4 B.2.3: a warning still means stored).</summary>
    public bool Stored => Status is { Category: DimseStatusCategory.Success or DimseStatusCategory.Warning };

    public string Describe() => Problem ?? (Status is { } s
        ? $"C-STORE-RSP {s.Meaning(DimseCommandField.CStoreResponse)} (status {s.Code.ToString("X4", CultureInfo.InvariantCulture)}H)" +
          (string.IsNullOrEmpty(ErrorComment) ? "" : $": {ErrorComment}")
        : "not sent");
}

/// <summary>
/// What a send did: one entry per object in order, and the association-level failure when there was one (peer
/// unreachable or rejecting before anything was sent, or the association ending part way).
/// </summary>
public sealed record SendReport(IReadOnlyList<SentObject> Objects, ExchangeFailure? Failure)
{
    public int StoredCount => Objects.Count(o => o.Stored);
}

/// <summary>
/// Sends objects with C-STORE (PS3.4 Annex B) on one association, one presentation context per SOP class. Keeps
/// going after a refused object (each object's status is evidence); stops when the association itself fails.
/// </summary>
public static class ObjectSender
{
    /// <param name="transferSyntaxes">
    /// The transfer syntaxes to propose for every SOP class, in order (the objects must already be encoded in one
    /// of them); null proposes each object's own syntax first, then Explicit and Implicit VR Little Endian.
    /// </param>
    public static async Task<SendReport> SendAsync(DicomClientOptions client, IReadOnlyList<StoreItem> items,
        IReadOnlyList<string>? transferSyntaxes, CancellationToken cancel)
    {
        var plan = new PresentationContextPlan();
        if (transferSyntaxes is null) plan.AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
        else foreach (var cls in items.Select(i => i.SopClassUid).Distinct(StringComparer.Ordinal)) plan.Add(cls, [.. transferSyntaxes]);
        var peer = Describe(client);
        var results = new List<SentObject>();
        Association association;
        try
        {
            association = await DicomClient.AssociateAsync(client, plan, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (ExchangeFailure.From(e, peer) is { } failure)
        {
            return new SendReport(items.Select(i => new SentObject(i, null, null, "not sent: " + failure.Message)).ToList(), failure);
        }
        ExchangeFailure? broken = null;
        await using (association.ConfigureAwait(false))
        {
            foreach (var item in items)
            {
                if (broken is not null)
                {
                    results.Add(new SentObject(item, null, null, "not sent: the association had ended"));
                    continue;
                }
                try
                {
                    var response = await association.StoreAsync(item, cancel).ConfigureAwait(false);
                    results.Add(new SentObject(item, response.Status, response.ErrorComment, null));
                }
                catch (PresentationContextException e)
                {
                    results.Add(new SentObject(item, null, null, e.Message));
                }
                catch (Exception e) when (e is not OperationCanceledException && ExchangeFailure.From(e, peer) is { } failure)
                {
                    broken = failure;
                    results.Add(new SentObject(item, null, null, failure.Message));
                }
            }
            if (broken is null)
            {
                try { await association.ReleaseAsync(cancel).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException && ExchangeFailure.From(e, peer) is { } failure)
                {
                    broken = new ExchangeFailure(failure.Kind, $"release failed: {failure.Message}");
                }
            }
        }
        return new SendReport(results, broken);
    }

    /// <summary>"AE at host:port", how the peer is named in every message.</summary>
    public static string Describe(DicomClientOptions client) =>
        $"{client.CalledAeTitle} at {client.Host}:{client.Port.ToString(CultureInfo.InvariantCulture)}";
}

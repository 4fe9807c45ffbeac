using System.Collections.Concurrent;
using System.Text;

namespace ConformanceKit.Dicom.Network.Capture;

/// <summary>
/// Collects every network event in order (thread-safe), for a report's transcript or a later replay. With
/// <see cref="CapturePayloads"/> it also keeps every PDU's bytes and every dataset, which is what a replay needs.
/// </summary>
public sealed class NetworkTranscript(bool capturePayloads = false) : INetworkObserver
{
    private readonly ConcurrentQueue<NetworkEvent> _events = new();

    public bool CapturePayloads { get; } = capturePayloads;

    public void OnEvent(NetworkEvent networkEvent) => _events.Enqueue(networkEvent);

    public IReadOnlyList<NetworkEvent> Events => _events.ToArray();

    public IEnumerable<T> OfType<T>() where T : NetworkEvent => _events.OfType<T>();

    /// <summary>The events of one association, in order.</summary>
    public IReadOnlyList<NetworkEvent> ForAssociation(long associationId) => _events.Where(e => e.AssociationId == associationId).ToList();

    /// <summary>The whole transcript, one line per event (state transitions left out unless asked for).</summary>
    public string Format(bool withTransitions = false)
    {
        var sb = new StringBuilder();
        foreach (var e in _events)
            if (withTransitions || e is not TransitionEvent) sb.AppendLine(e.ToString());
        return sb.ToString();
    }

    /// <summary>The raw bytes one side sent on an association, PDU by PDU (payload capture must be on).</summary>
    public IReadOnlyList<byte[]> PduBytes(long associationId, Direction direction) =>
        _events.OfType<PduEvent>().Where(p => p.AssociationId == associationId && p.Direction == direction && p.Bytes is not null)
            .Select(p => p.Bytes!).ToList();
}

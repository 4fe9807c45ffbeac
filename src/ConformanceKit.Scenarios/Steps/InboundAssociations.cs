using System.Globalization;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// What peers did on a harness actor's associations while a step waited, read from the step's transcript: the
/// diagnosis when nothing arrived. A SUT that never connected, one whose association was rejected (PS3.8 9.3.4,
/// most often a wrong called AE title) and one that connected then aborted (PS3.8 7.3.1) need different fixes.
/// </summary>
public sealed record InboundAssociations(int Connections, int Requests, IReadOnlyList<string> Rejections, IReadOnlyList<string> Aborts)
{
    public static InboundAssociations Of(IReadOnlyList<NetworkEvent> events) => new(
        events.OfType<ConnectionEvent>().Where(c => c.Opened && !c.IsRequestor).Select(c => c.AssociationId).Distinct().Count(),
        events.OfType<PduEvent>().Where(p => p.Direction == Direction.Received && p.Type == PduType.AssociateRequest).Select(p => p.AssociationId).Distinct().Count(),
        events.OfType<PduEvent>().Where(p => p.Direction == Direction.Sent && p.Type == PduType.AssociateReject)
            .Select(p => p.Pdu?.Describe() ?? Pdu.NameOf(p.Type)).ToList(),
        events.OfType<PduEvent>().Where(p => p.Direction == Direction.Received && p.Type == PduType.Abort)
            .Select(p => p.Pdu?.Describe() ?? Pdu.NameOf(p.Type)).ToList());

    /// <summary>Why nothing arrived, for a harness actor listening as <paramref name="aeTitle"/> on <paramref name="port"/>.</summary>
    public string Diagnose(string aeTitle, int port)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        if (Aborts.Count > 0) return $"the SUT aborted {Aborts.Count} association(s) before storing anything ({Aborts[0]})";
        if (Rejections.Count > 0)
            return $"{Rejections.Count} association(s) reached the harness and were rejected ({Rejections[0]}): the SUT must call AE {aeTitle} on port {p}";
        if (Requests > 0) return $"the SUT opened {Requests} association(s) but stored nothing";
        // A TCP connection without an A-ASSOCIATE-RQ (PS3.8 9.3.2): a port probe, a TLS/plain mismatch, or not a DICOM peer.
        if (Connections > 0)
            return $"{Connections} TCP connection(s) to port {p} sent no A-ASSOCIATE-RQ (a port probe, or TLS on one side only): no DICOM association was attempted";
        return $"no peer connected: check that the SUT ran and that its destination is AE {aeTitle} at this host, port {p}";
    }
}

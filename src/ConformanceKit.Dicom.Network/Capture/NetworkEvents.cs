using System.Net;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.UpperLayer;

namespace ConformanceKit.Dicom.Network.Capture;

/// <summary>Which way something crossed the wire, seen from this process.</summary>
public enum Direction
{
    Sent,
    Received,
}

/// <summary>
/// Something that happened on one association, with its time. <see cref="AssociationId"/> is unique in the
/// process and ties together every event of one transport connection (PS3.8 9.1.1: one association per connection).
/// </summary>
public abstract record NetworkEvent(DateTimeOffset Timestamp, long AssociationId)
{
    /// <summary>One line for a transcript.</summary>
    public abstract string Describe();

    public sealed override string ToString() => $"{Timestamp:HH:mm:ss.ffffff} #{AssociationId} {Describe()}";
}

/// <summary>A transport connection opened (as requestor or acceptor) or closed.</summary>
public sealed record ConnectionEvent(DateTimeOffset Timestamp, long AssociationId, bool Opened, bool IsRequestor,
    EndPoint? Local, EndPoint? Remote, string Detail) : NetworkEvent(Timestamp, AssociationId)
{
    public override string Describe() => Opened
        ? $"connection {(IsRequestor ? "opened to" : "accepted from")} {Remote} (local {Local}){(Detail.Length > 0 ? $", {Detail}" : "")}"
        : $"connection closed{(Detail.Length > 0 ? $": {Detail}" : "")}";
}

/// <summary>The header of one PDV, without its data (PS3.8 9.3.5.1).</summary>
public readonly record struct PdvHeader(byte PresentationContextId, bool IsCommand, bool IsLast, int Length)
{
    public override string ToString() =>
        $"PDV context {PresentationContextId} {(IsCommand ? "command" : "dataset")}{(IsLast ? " last" : "")} {Length} bytes";
}

/// <summary>
/// A PDU sent or received (header included in <see cref="Length"/>). <see cref="Pdu"/> is the decoded PDU for
/// association-control PDUs; a P-DATA-TF is summarized by its <see cref="Pdvs"/>. <see cref="Bytes"/> holds the
/// whole PDU when the observer captures payloads (for replay); then P-DATA-TF is decoded too.
/// </summary>
public sealed record PduEvent(DateTimeOffset Timestamp, long AssociationId, Direction Direction, PduType Type, long Length,
    Pdu? Pdu, IReadOnlyList<PdvHeader>? Pdvs, byte[]? Bytes) : NetworkEvent(Timestamp, AssociationId)
{
    public override string Describe()
    {
        var what = Pdvs is { } pdvs && Type == PduType.DataTransfer ? $"P-DATA-TF {string.Join("; ", pdvs)}" : Pdu?.Describe() ?? Pdus.Pdu.NameOf(Type);
        return $"{(Direction == Direction.Sent ? "sent" : "received")} {what} ({Length} bytes)";
    }
}

/// <summary>A transition of the upper-layer state machine (PS3.8 9.2): state, event, action, next state.</summary>
public sealed record TransitionEvent(DateTimeOffset Timestamp, long AssociationId, UpperLayerState From, UpperLayerEvent Event,
    UpperLayerAction? Action, UpperLayerState To) : NetworkEvent(Timestamp, AssociationId)
{
    public override string Describe() => Action is { } a
        ? $"{From} + {Event} ({UpperLayerText.Describe(Event)}) -> {UpperLayerText.NameOf(a)} -> {To}"
        : $"{From} + {Event} ({UpperLayerText.Describe(Event)}): no action in this state";
}

/// <summary>A DIMSE message (PS3.7 section 9/10) sent or received: its command set and, when it has one, its dataset.</summary>
public sealed record DimseEvent(DateTimeOffset Timestamp, long AssociationId, Direction Direction, byte PresentationContextId,
    Dimse.DimseCommand Command, long DatasetLength, byte[]? DatasetBytes, string? TransferSyntaxUid) : NetworkEvent(Timestamp, AssociationId)
{
    public override string Describe() =>
        $"{(Direction == Direction.Sent ? "sent" : "received")} {Command.Describe()} on context {PresentationContextId}" +
        (DatasetLength > 0 ? $" with a {DatasetLength}-byte dataset" : "");
}

/// <summary>A protocol problem or notable condition on an association (malformed PDU, timeout, refusal), in words.</summary>
public sealed record ProblemEvent(DateTimeOffset Timestamp, long AssociationId, string Description) : NetworkEvent(Timestamp, AssociationId)
{
    public override string Describe() => $"problem: {Description}";
}

/// <summary>
/// Receives every network event. Called on the network threads, so implementations must be thread-safe and
/// quick; an exception thrown here is caught and ignored so that observation never breaks an association.
/// </summary>
public interface INetworkObserver
{
    /// <summary>Whether PDU bytes and dataset bytes are wanted (needed for replay; costs a copy of everything).</summary>
    bool CapturePayloads => false;

    void OnEvent(NetworkEvent networkEvent);
}

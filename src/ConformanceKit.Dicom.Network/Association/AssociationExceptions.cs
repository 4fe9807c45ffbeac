using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network;

/// <summary>An association could not be used: rejected, aborted, lost, timed out. The message says why in words.</summary>
public class AssociationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The peer (or its provider) rejected the association (A-ASSOCIATE-RJ, PS3.8 9.3.4).</summary>
public sealed class AssociationRejectedException(AssociateRejectPdu reject)
    : AssociationException($"association {reject.DescribeCause()}")
{
    public AssociateRejectPdu Reject { get; } = reject;
}

/// <summary>The association was aborted (A-ABORT or A-P-ABORT) or its connection was lost.</summary>
public sealed class AssociationAbortedException(string message, AbortPdu? abort = null) : AssociationException(message)
{
    /// <summary>The peer's A-ABORT PDU, when the peer sent one.</summary>
    public AbortPdu? Abort { get; } = abort;
}

/// <summary>No accepted presentation context can carry a message (the peer rejected it, or it was never proposed).</summary>
public sealed class PresentationContextException(string message, string shortReason) : AssociationException(message)
{
    /// <summary>The reason in at most about 50 characters, for an Error Comment (LO, 64 characters at most).</summary>
    public string ShortReason { get; } = shortReason;
}

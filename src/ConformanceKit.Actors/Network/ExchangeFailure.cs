using ConformanceKit.Dicom.Network;

namespace ConformanceKit.Actors.Network;

/// <summary>How an exchange with a peer went wrong, in the terms a verdict needs.</summary>
public enum ExchangeFailureKind
{
    /// <summary>Nothing answered at the address (connection refused, no route, TLS handshake failed): the peer was not reached.</summary>
    Unreachable,
    /// <summary>The peer answered A-ASSOCIATE-RJ: reached, but it does not accept this AE or this proposal (usually its configuration).</summary>
    Rejected,
    /// <summary>The peer aborted or dropped an established association.</summary>
    Aborted,
    /// <summary>The peer stopped answering within the timeout.</summary>
    TimedOut,
    /// <summary>No presentation context could carry the request (the peer rejected the abstract or transfer syntax).</summary>
    NoContext,
}

/// <summary>A failed exchange, classified, with the reason in words (what the peer did and what to check).</summary>
public sealed record ExchangeFailure(ExchangeFailureKind Kind, string Message)
{
    /// <summary>Whether the peer was never reached: nothing can be concluded about its conformance.</summary>
    public bool PeerNotReached => Kind is ExchangeFailureKind.Unreachable or ExchangeFailureKind.Rejected;

    /// <summary>Classifies an exception thrown by the network layer for an exchange with <paramref name="peer"/> ("AE at host:port").</summary>
    public static ExchangeFailure? From(Exception e, string peer) => e switch
    {
        AssociationRejectedException r => new(ExchangeFailureKind.Rejected,
            $"{peer} rejected the association: {r.Reject.DescribeCause()} (check that it knows the calling AE title and answers to the called one)"),
        PresentationContextException p => new(ExchangeFailureKind.NoContext, $"{peer}: {p.Message}"),
        AssociationAbortedException a when a.Message.Contains("transport connection failed", StringComparison.Ordinal) =>
            new(ExchangeFailureKind.Unreachable, $"nothing answered at {peer}: {a.Message.Replace("transport connection failed: ", "", StringComparison.Ordinal)} " +
                                                  "(is it running, on this host and port?)"),
        AssociationAbortedException a when a.Message.StartsWith("no answer to the A-ASSOCIATE-RQ", StringComparison.Ordinal) =>
            new(ExchangeFailureKind.Unreachable, $"{peer} accepted the connection but did not answer the association request: {a.Message}"),
        AssociationAbortedException a => new(ExchangeFailureKind.Aborted, $"the association with {peer} ended: {a.Message}"),
        TimeoutException t => new(ExchangeFailureKind.TimedOut, $"{peer}: {t.Message}"),
        AssociationException a => new(ExchangeFailureKind.Aborted, $"{peer}: {a.Message}"),
        System.Net.Sockets.SocketException s => new(ExchangeFailureKind.Unreachable, $"nothing answered at {peer}: {s.Message}"),
        System.Security.Authentication.AuthenticationException s => new(ExchangeFailureKind.Unreachable, $"TLS handshake with {peer} failed: {s.Message}"),
        IOException io => new(ExchangeFailureKind.Aborted, $"the connection to {peer} failed: {io.Message}"),
        _ => null,
    };
}

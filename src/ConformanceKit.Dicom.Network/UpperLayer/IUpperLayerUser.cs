using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network.UpperLayer;

/// <summary>
/// The service user of the upper layer (the association / DIMSE layer): receives the indication and
/// confirmation primitives of PS3.8 section 7 that the state machine's actions issue. Called from the
/// association's receive loop, one at a time.
/// </summary>
public interface IUpperLayerUser
{
    /// <summary>A-ASSOCIATE indication (AE-6, acceptor in Sta3): answer with Accept/RejectAssociationAsync.</summary>
    ValueTask OnAssociateIndicationAsync(AssociateRequestPdu request);

    /// <summary>A-ASSOCIATE confirmation, accepted (AE-3).</summary>
    ValueTask OnAssociateAcceptedAsync(AssociateAcceptPdu accept);

    /// <summary>A-ASSOCIATE confirmation, rejected (AE-4).</summary>
    ValueTask OnAssociateRejectedAsync(AssociateRejectPdu reject);

    /// <summary>
    /// P-DATA indication (DT-2, AR-6). The PDV data is valid only until the returned task completes; copy what
    /// must be kept. The next PDU is not read before then, which is what bounds memory per association.
    /// </summary>
    ValueTask OnDataAsync(DataTransferPdu data);

    /// <summary>A-RELEASE indication (AR-2; AR-8 when both sides asked to release at once).</summary>
    ValueTask OnReleaseIndicationAsync(bool collision);

    /// <summary>A-RELEASE confirmation (AR-3; AR-10 in a release collision).</summary>
    ValueTask OnReleaseConfirmationAsync(bool collision);

    /// <summary>
    /// A-ABORT indication (the peer's A-ABORT PDU, AA-3) or A-P-ABORT indication (transport lost AA-4, or a
    /// protocol error AA-8). <paramref name="received"/> is the peer's A-ABORT PDU when there was one.
    /// </summary>
    ValueTask OnAbortAsync(AbortPdu? received, string description);

    /// <summary>The association is over and its transport connection closed (back in Sta1).</summary>
    void OnClosed();
}

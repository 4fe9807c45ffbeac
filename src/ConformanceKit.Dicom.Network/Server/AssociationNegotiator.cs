using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network;

/// <summary>
/// The acceptor's answer to an A-ASSOCIATE-RQ (PS3.8 7.1, PS3.7 Annex D): reject with the right result, source
/// and reason (Table 9-21), or accept with one result per proposed context (Table 9-18) and the user information
/// sub-items this side answers (maximum length, implementation identity, async window, roles, user identity).
/// </summary>
internal sealed class AssociationNegotiator(DicomServerOptions options)
{
    private static readonly string[] NativeSyntaxes = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];

    public Pdu Answer(AssociateRequestPdu request, int activeAssociations)
    {
        if (request.ApplicationContextName != AssociatePdu.DicomApplicationContext)
            return Reject(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserApplicationContextNotSupported);
        if (!options.AcceptAnyCalledAeTitle && !AeTitle.Matches(request.CalledAeTitle, options.AeTitle))
            return Reject(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserCalledAeNotRecognized);
        if (options.AllowedCallingAeTitles is { } allowed && !allowed.Any(a => AeTitle.Matches(a, request.CallingAeTitle)))
            return Reject(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserCallingAeNotRecognized);
        if (activeAssociations >= options.MaxAssociations)
            return Reject(RejectResult.RejectedTransient, RejectSource.ServiceProviderPresentation, AssociateRejectPdu.PresentationLocalLimitExceeded);
        ReadOnlyMemory<byte>? identityResponse = null;
        if (request.UserInformation.UserIdentityRequest is { } identity && options.UserIdentityPolicy is { } policy)
        {
            if (!policy(identity)) return Reject(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserNoReason);
            // PS3.7 D.3.3.7.2: for user name (and passcode) the server response is empty.
            if (identity.PositiveResponseRequested) identityResponse = ReadOnlyMemory<byte>.Empty;
        }

        var results = request.PresentationContexts.Select(Decide).ToList();
        var acceptedClasses = request.PresentationContexts.Where(p => results.Any(r => r.Id == p.Id && r.Accepted))
            .Select(p => p.AbstractSyntax).ToHashSet(StringComparer.Ordinal);
        // Role selection (PS3.7 D.3.3.4): grant the requestor's SCU role as proposed, and its SCP role for storage
        // classes when this side can send C-STOREs back on the association (C-GET).
        var roles = request.UserInformation.RoleSelections
            .Where(r => acceptedClasses.Contains(r.SopClassUid))
            .Select(r => new RoleSelection(r.SopClassUid, r.ScuRole, r.ScpRole && options.Retrieve is not null && SopClassGroups.IsStorage(r.SopClassUid)))
            .ToList();
        return new AssociateAcceptPdu
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            PresentationContexts = results,
            UserInformation = new UserInformation
            {
                MaximumLength = options.Settings.MaxPduLength,
                ImplementationClassUid = options.Settings.ImplementationClassUid,
                ImplementationVersionName = options.Settings.ImplementationVersionName,
                // One operation at a time is performed, whatever was proposed (PS3.7 D.3.3.3).
                AsyncOperationsWindow = request.UserInformation.AsyncOperationsWindow is null ? null : new AsyncOperationsWindow(1, 1),
                RoleSelections = roles,
                UserIdentityResponse = identityResponse,
            },
        };
    }

    private static AssociateRejectPdu Reject(RejectResult result, RejectSource source, byte reason) => new(result, source, reason);

    private PresentationContextResult Decide(PresentationContextProposal proposal)
    {
        var kind = Kind(proposal.AbstractSyntax);
        if (kind is null)
            return new PresentationContextResult(proposal.Id, PresentationContextResultCode.AbstractSyntaxNotSupported, proposal.TransferSyntaxes[0]);
        IEnumerable<string> acceptable = kind == Service.Storage
            ? options.Acceptance.StorageTransferSyntaxes ?? proposal.TransferSyntaxes.Where(ts => DicomTransferSyntax.FromUid(ts).IsKnown)
            : NativeSyntaxes;
        var set = acceptable.ToList();
        var chosen = options.Acceptance.PreferRequestorOrder
            ? proposal.TransferSyntaxes.FirstOrDefault(set.Contains)
            : set.FirstOrDefault(proposal.TransferSyntaxes.Contains);
        return chosen is null
            ? new PresentationContextResult(proposal.Id, PresentationContextResultCode.TransferSyntaxesNotSupported, proposal.TransferSyntaxes[0])
            : new PresentationContextResult(proposal.Id, PresentationContextResultCode.Acceptance, chosen);
    }

    private enum Service { Verification, Storage, Query }

    private Service? Kind(string abstractSyntax)
    {
        if (options.Acceptance.AbstractSyntaxes is { } explicitList && !explicitList.Contains(abstractSyntax)) return null;
        if (abstractSyntax == DicomUids.Verification) return Service.Verification;
        if (SopClassGroups.FindModels.Contains(abstractSyntax)) return options.Query is null ? null : Service.Query;
        if (SopClassGroups.MoveModels.Contains(abstractSyntax) || SopClassGroups.GetModels.Contains(abstractSyntax))
            return options.Retrieve is null ? null : Service.Query;
        var storage = SopClassGroups.IsStorage(abstractSyntax)
                      || options.Acceptance.AcceptUnknownStorageClasses && DicomUidRegistry.Find(abstractSyntax) is null
                      || options.Acceptance.AbstractSyntaxes is not null;
        return storage && (options.Store is not null || options.Retrieve is not null) ? Service.Storage : null;
    }
}

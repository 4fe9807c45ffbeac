namespace ConformanceKit.Dicom.Network.Pdus;

/// <summary>A presentation context proposed in an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): one abstract syntax, one or more transfer syntaxes.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    public override string ToString() =>
        $"[{Id}] {DicomUidRegistry.NameOf(AbstractSyntax)}: {string.Join(", ", TransferSyntaxes.Select(DicomUidRegistry.NameOf))}";
}

/// <summary>The answer to one proposed presentation context in an A-ASSOCIATE-AC (PS3.8 9.3.3.2).</summary>
public sealed record PresentationContextResult(byte Id, PresentationContextResultCode Result, string TransferSyntax)
{
    public bool Accepted => Result == PresentationContextResultCode.Acceptance;

    public override string ToString() => Accepted
        ? $"[{Id}] accepted with {DicomUidRegistry.NameOf(TransferSyntax)}"
        : $"[{Id}] {DescribeResult(Result)}";

    /// <summary>The result in words (PS3.8 Table 9-18).</summary>
    public static string DescribeResult(PresentationContextResultCode result) => result switch
    {
        PresentationContextResultCode.Acceptance => "accepted",
        PresentationContextResultCode.UserRejection => "rejected by the called application",
        PresentationContextResultCode.NoReason => "rejected by the provider (no reason)",
        PresentationContextResultCode.AbstractSyntaxNotSupported => "rejected: abstract syntax not supported",
        PresentationContextResultCode.TransferSyntaxesNotSupported => "rejected: none of the transfer syntaxes supported",
        _ => $"result {(byte)result} (reserved)",
    };
}

/// <summary>The fields A-ASSOCIATE-RQ and A-ASSOCIATE-AC share (PS3.8 Tables 9-11 and 9-17).</summary>
public abstract record AssociatePdu : Pdu
{
    /// <summary>The DICOM Application Context Name (PS3.7 Annex A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    /// <summary>Protocol-version field: bit 0 set means version 1, the only version PS3.8 defines.</summary>
    public ushort ProtocolVersion { get; init; } = 1;
    public required string CalledAeTitle { get; init; }
    public required string CallingAeTitle { get; init; }
    public string ApplicationContextName { get; init; } = DicomApplicationContext;
    public UserInformation UserInformation { get; init; } = new();
}

/// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2).</summary>
public sealed record AssociateRequestPdu : AssociatePdu
{
    public override PduType Type => PduType.AssociateRequest;
    public IReadOnlyList<PresentationContextProposal> PresentationContexts { get; init; } = [];

    public override string Describe() =>
        $"A-ASSOCIATE-RQ {CallingAeTitle} -> {CalledAeTitle}, {PresentationContexts.Count} presentation context(s): " +
        $"{string.Join("; ", PresentationContexts)}; {UserInformation}";
}

/// <summary>A-ASSOCIATE-AC (PS3.8 9.3.3). The AE title fields echo the request and are not tested on receipt.</summary>
public sealed record AssociateAcceptPdu : AssociatePdu
{
    public override PduType Type => PduType.AssociateAccept;
    public IReadOnlyList<PresentationContextResult> PresentationContexts { get; init; } = [];

    public override string Describe() =>
        $"A-ASSOCIATE-AC {CalledAeTitle} -> {CallingAeTitle}, {string.Join("; ", PresentationContexts)}; {UserInformation}";
}

/// <summary>Asynchronous Operations Window sub-item (PS3.7 D.3.3.3): 0 means unlimited.</summary>
public sealed record AsyncOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);

/// <summary>SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): which roles the requestor proposes, or the acceptor grants, for one SOP class.</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);

/// <summary>SOP Class Extended Negotiation sub-item (PS3.7 D.3.3.5): service-class-specific bytes for one SOP class.</summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ApplicationInformation);

/// <summary>SOP Class Common Extended Negotiation sub-item (PS3.7 D.3.3.6), request only.</summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClasses);

/// <summary>User Identity type (PS3.7 Table D.3-14).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}

/// <summary>User Identity Negotiation sub-item, request form (PS3.7 D.3.3.7.1).</summary>
public sealed record UserIdentityRequest(UserIdentityType IdentityType, bool PositiveResponseRequested,
    ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField)
{
    public static UserIdentityRequest ForUsername(string user, string? passcode = null, bool positiveResponseRequested = false) =>
        new(passcode is null ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode, positiveResponseRequested,
            System.Text.Encoding.UTF8.GetBytes(user), passcode is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(passcode));

    /// <summary>The primary field as text (a user name for types 1 and 2).</summary>
    public string PrimaryText => System.Text.Encoding.UTF8.GetString(PrimaryField.Span);
}

/// <summary>A user information sub-item this implementation does not know; kept so that it can be reported (PS3.7 D.3.3: ignored).</summary>
public sealed record UnknownSubItem(byte ItemType, ReadOnlyMemory<byte> Value);

/// <summary>
/// The User Information item (PS3.8 9.3.2.3, PS3.7 Annex D.3.3) with every sub-item PS3.7 defines.
/// MaximumLength 0 means "no maximum" (PS3.8 Annex D.1).
/// </summary>
public sealed record UserInformation
{
    public uint MaximumLength { get; init; } = 16384;
    public string? ImplementationClassUid { get; init; }
    public string? ImplementationVersionName { get; init; }
    public AsyncOperationsWindow? AsyncOperationsWindow { get; init; }
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];
    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = [];
    public IReadOnlyList<SopClassCommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = [];
    public UserIdentityRequest? UserIdentityRequest { get; init; }

    /// <summary>The server response of a User Identity Negotiation AC sub-item (PS3.7 D.3.3.7.2); present only in an A-ASSOCIATE-AC.</summary>
    public ReadOnlyMemory<byte>? UserIdentityResponse { get; init; }
    public IReadOnlyList<UnknownSubItem> UnknownSubItems { get; init; } = [];

    /// <summary>Whether a Maximum Length sub-item was present on the wire (it is mandatory, PS3.7 D.3.3.1).</summary>
    public bool HasMaximumLength { get; init; } = true;

    public override string ToString()
    {
        var parts = new List<string> { MaximumLength == 0 ? "max PDU unlimited" : $"max PDU {MaximumLength}" };
        if (ImplementationClassUid is not null) parts.Add($"implementation {ImplementationClassUid}");
        if (ImplementationVersionName is not null) parts.Add($"version {ImplementationVersionName}");
        if (AsyncOperationsWindow is { } w) parts.Add($"async window {w.MaxOperationsInvoked}/{w.MaxOperationsPerformed}");
        foreach (var r in RoleSelections) parts.Add($"role {DicomUidRegistry.NameOf(r.SopClassUid)} SCU={(r.ScuRole ? 1 : 0)} SCP={(r.ScpRole ? 1 : 0)}");
        foreach (var e in ExtendedNegotiations) parts.Add($"extended negotiation {DicomUidRegistry.NameOf(e.SopClassUid)} ({e.ApplicationInformation.Length} bytes)");
        foreach (var c in CommonExtendedNegotiations) parts.Add($"common extended negotiation {DicomUidRegistry.NameOf(c.SopClassUid)}");
        if (UserIdentityRequest is { } id) parts.Add($"user identity type {(byte)id.IdentityType}{(id.PositiveResponseRequested ? " (response requested)" : "")}");
        if (UserIdentityResponse is { } resp) parts.Add($"user identity response ({resp.Length} bytes)");
        foreach (var u in UnknownSubItems) parts.Add($"unknown sub-item 0x{u.ItemType:X2} ({u.Value.Length} bytes)");
        return string.Join(", ", parts);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Dicom.Network.Pdus;

/// <summary>
/// A PDU that cannot be accepted: unknown type, fields that do not add up, values out of range. Carries the
/// A-ABORT reason PS3.8 Table 9-26 gives for it, and where in the PDU the problem is.
/// </summary>
public sealed class PduFormatException(AbortReason reason, string message) : Exception(message)
{
    public AbortReason Reason { get; } = reason;
}

/// <summary>
/// Decodes PDU bodies (everything after the 6-byte header) with strict bounds checks (PS3.8 9.3): every length
/// is checked against the bytes that are really there before anything is read or allocated.
/// </summary>
public static class PduDecoder
{
    /// <summary>Longest UID (PS3.5 9.1).</summary>
    private const int MaxUidLength = 64;

    /// <summary>Decodes a PDU body; throws <see cref="PduFormatException"/> for anything PS3.8 does not allow.</summary>
    public static Pdu Decode(byte type, ReadOnlyMemory<byte> body) => type switch
    {
        (byte)PduType.AssociateRequest => DecodeAssociate(body, isRequest: true),
        (byte)PduType.AssociateAccept => DecodeAssociate(body, isRequest: false),
        (byte)PduType.AssociateReject => DecodeReject(body.Span),
        (byte)PduType.DataTransfer => DecodeData(body),
        (byte)PduType.ReleaseRequest => DecodeFixed(body.Span, "A-RELEASE-RQ", ReleaseRequestPdu.Instance),
        (byte)PduType.ReleaseResponse => DecodeFixed(body.Span, "A-RELEASE-RP", ReleaseResponsePdu.Instance),
        (byte)PduType.Abort => DecodeAbort(body.Span),
        _ => throw new PduFormatException(AbortReason.UnrecognizedPdu, $"unrecognized PDU type 0x{type:X2}"),
    };

    /// <summary>Whether the byte is one of the seven PDU types of PS3.8.</summary>
    public static bool IsKnownType(byte type) => type is >= 1 and <= 7;

    private static Pdu DecodeFixed(ReadOnlySpan<byte> body, string name, Pdu pdu)
    {
        // PS3.8 Tables 9-24/9-25: PDU-length is the fixed value 4; the reserved bytes are not tested.
        if (body.Length != 4) throw Invalid($"{name} must have PDU-length 4, not {body.Length}");
        return pdu;
    }

    private static AbortPdu DecodeAbort(ReadOnlySpan<byte> body)
    {
        if (body.Length != 4) throw Invalid($"A-ABORT must have PDU-length 4, not {body.Length}");
        return new AbortPdu((AbortSource)body[2], (AbortReason)body[3]);
    }

    private static AssociateRejectPdu DecodeReject(ReadOnlySpan<byte> body)
    {
        if (body.Length != 4) throw Invalid($"A-ASSOCIATE-RJ must have PDU-length 4, not {body.Length}");
        if (body[1] is not (1 or 2)) throw Invalid($"A-ASSOCIATE-RJ result {body[1]} is not 1 or 2 (PS3.8 Table 9-21)");
        if (body[2] is not (1 or 2 or 3)) throw Invalid($"A-ASSOCIATE-RJ source {body[2]} is not 1, 2 or 3 (PS3.8 Table 9-21)");
        return new AssociateRejectPdu((RejectResult)body[1], (RejectSource)body[2], body[3]);
    }

    private static DataTransferPdu DecodeData(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var values = new List<PresentationDataValue>(2);
        var pos = 0;
        while (pos < span.Length)
        {
            if (span.Length - pos < 6) throw Invalid($"PDV item header truncated at byte {pos} of the P-DATA-TF");
            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            // The item length counts the context ID and the control header (PS3.8 Table 9-23), so it is at least 2.
            if (itemLength < 2) throw Invalid($"PDV item length {itemLength} at byte {pos} is less than 2");
            if (itemLength > (uint)(span.Length - pos - 4))
                throw Invalid($"PDV item length {itemLength} at byte {pos} runs past the end of the P-DATA-TF ({span.Length - pos - 4} bytes left)");
            var contextId = span[pos + 4];
            var control = span[pos + 5];
            if ((contextId & 1) == 0) throw Invalid($"presentation context ID {contextId} in a PDV is not odd (PS3.8 9.3.5.1)");
            if ((control & 0xFC) != 0) throw Invalid($"message control header 0x{control:X2} sets reserved bits 2-7 (PS3.8 Annex E.2)");
            values.Add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, body.Slice(pos + 6, (int)itemLength - 2)));
            pos += 4 + (int)itemLength;
        }
        if (values.Count == 0) throw Invalid("P-DATA-TF holds no presentation data value (PS3.8 9.3.5: one or more)");
        return new DataTransferPdu(values);
    }

    private static AssociatePdu DecodeAssociate(ReadOnlyMemory<byte> body, bool isRequest)
    {
        var span = body.Span;
        var name = isRequest ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";
        if (span.Length < 68) throw Invalid($"{name} is {span.Length} bytes, shorter than its 68-byte fixed part");
        var version = BinaryPrimitives.ReadUInt16BigEndian(span);
        var called = ReadAeTitle(span.Slice(4, 16), name, "called");
        var calling = ReadAeTitle(span.Slice(20, 16), name, "calling");

        string? applicationContext = null;
        var proposals = new List<PresentationContextProposal>();
        var results = new List<PresentationContextResult>();
        UserInformation? userInfo = null;
        var pos = 68;
        while (pos < span.Length)
        {
            var itemType = ReadItem(span, pos, name, out var length);
            var value = span.Slice(pos + 4, length);
            var next = pos + 4 + length;
            switch (itemType)
            {
                case PduItemType.ApplicationContext:
                    if (applicationContext is not null) throw new PduFormatException(AbortReason.UnexpectedPduParameter, $"{name} holds a second Application Context item");
                    applicationContext = ReadUid(value, "Application Context Name");
                    break;
                case PduItemType.PresentationContextRequest when isRequest:
                    proposals.Add(ReadProposal(value, pos + 4));
                    break;
                case PduItemType.PresentationContextAccept when !isRequest:
                    results.Add(ReadResult(value, pos + 4));
                    break;
                case PduItemType.UserInformation:
                    if (userInfo is not null) throw new PduFormatException(AbortReason.UnexpectedPduParameter, $"{name} holds a second User Information item");
                    userInfo = ReadUserInformation(body.Slice(pos + 4, value.Length), isRequest);
                    break;
                case PduItemType.PresentationContextRequest or PduItemType.PresentationContextAccept:
                    throw new PduFormatException(AbortReason.UnexpectedPduParameter, $"item type 0x{itemType:X2} at byte {pos} does not belong in an {name}");
                default:
                    throw new PduFormatException(AbortReason.UnrecognizedPduParameter, $"unrecognized item type 0x{itemType:X2} at byte {pos} of the {name}");
            }
            pos = next;
        }
        if (applicationContext is null) throw Invalid($"{name} has no Application Context item (PS3.8 9.3.2)");
        if (isRequest && proposals.Count == 0) throw Invalid($"{name} proposes no presentation context (PS3.8 9.3.2: one or more)");
        if (isRequest && proposals.Select(p => p.Id).Distinct().Count() != proposals.Count)
            throw Invalid($"{name} proposes the same presentation context ID twice (PS3.8 9.3.2.2)");
        userInfo ??= new UserInformation { MaximumLength = 0, HasMaximumLength = false };

        return isRequest
            ? new AssociateRequestPdu
            {
                ProtocolVersion = version, CalledAeTitle = called, CallingAeTitle = calling,
                ApplicationContextName = applicationContext, PresentationContexts = proposals, UserInformation = userInfo,
            }
            : new AssociateAcceptPdu
            {
                ProtocolVersion = version, CalledAeTitle = called, CallingAeTitle = calling,
                ApplicationContextName = applicationContext, PresentationContexts = results, UserInformation = userInfo,
            };
    }

    private static PresentationContextProposal ReadProposal(ReadOnlySpan<byte> value, int offset)
    {
        if (value.Length < 4) throw Invalid($"presentation context item at byte {offset} is shorter than 4 bytes");
        var id = value[0];
        if ((id & 1) == 0) throw Invalid($"presentation context ID {id} is not odd (PS3.8 9.3.2.2)");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        var pos = 4;
        while (pos < value.Length)
        {
            var type = ReadItem(value, pos, $"presentation context {id}", out var length);
            var sub = value.Slice(pos + 4, length);
            var next = pos + 4 + length;
            switch (type)
            {
                case PduItemType.AbstractSyntax:
                    if (abstractSyntax is not null) throw new PduFormatException(AbortReason.UnexpectedPduParameter, $"presentation context {id} holds two abstract syntaxes");
                    abstractSyntax = ReadUid(sub, "Abstract Syntax Name");
                    break;
                case PduItemType.TransferSyntax:
                    transferSyntaxes.Add(ReadUid(sub, "Transfer Syntax Name"));
                    break;
                default:
                    throw new PduFormatException(AbortReason.UnrecognizedPduParameter, $"unrecognized sub-item type 0x{type:X2} in presentation context {id}");
            }
            pos = next;
        }
        if (abstractSyntax is null) throw Invalid($"presentation context {id} has no abstract syntax");
        if (transferSyntaxes.Count == 0) throw Invalid($"presentation context {id} proposes no transfer syntax");
        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResult ReadResult(ReadOnlySpan<byte> value, int offset)
    {
        if (value.Length < 4) throw Invalid($"presentation context item at byte {offset} is shorter than 4 bytes");
        var id = value[0];
        var result = value[2];
        if (result > 4) throw Invalid($"presentation context {id} has result {result}, not 0-4 (PS3.8 Table 9-18)");
        string? transferSyntax = null;
        var pos = 4;
        while (pos < value.Length)
        {
            var type = ReadItem(value, pos, $"presentation context {id}", out var length);
            var sub = value.Slice(pos + 4, length);
            var next = pos + 4 + length;
            if (type != PduItemType.TransferSyntax)
                throw new PduFormatException(AbortReason.UnrecognizedPduParameter, $"sub-item type 0x{type:X2} in accepted presentation context {id}");
            if (transferSyntax is not null) throw new PduFormatException(AbortReason.UnexpectedPduParameter, $"presentation context {id} answers two transfer syntaxes");
            // For a rejected context the value "shall not be tested" (PS3.8 9.3.3.2).
            transferSyntax = result == 0 ? ReadUid(sub, "Transfer Syntax Name") : Encoding.ASCII.GetString(sub).TrimEnd('\0', ' ');
            pos = next;
        }
        if (result == 0 && transferSyntax is null) throw Invalid($"accepted presentation context {id} names no transfer syntax");
        return new PresentationContextResult(id, (PresentationContextResultCode)result, transferSyntax ?? "");
    }

    private static UserInformation ReadUserInformation(ReadOnlyMemory<byte> memory, bool isRequest)
    {
        var value = memory.Span;
        uint? maxLength = null;
        string? classUid = null, versionName = null;
        AsyncOperationsWindow? window = null;
        var roles = new List<RoleSelection>();
        var extended = new List<SopClassExtendedNegotiation>();
        var common = new List<SopClassCommonExtendedNegotiation>();
        UserIdentityRequest? identity = null;
        ReadOnlyMemory<byte>? identityResponse = null;
        var unknown = new List<UnknownSubItem>();
        var pos = 0;
        while (pos < value.Length)
        {
            var type = ReadItem(value, pos, "User Information", out var length);
            var sub = value.Slice(pos + 4, length);
            var next = pos + 4 + length;
            var subMemory = memory.Slice(pos + 4, sub.Length);
            switch (type)
            {
                case PduItemType.MaximumLength:
                    if (sub.Length != 4) throw Invalid($"Maximum Length sub-item has length {sub.Length}, not 4 (PS3.8 D.1)");
                    maxLength = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case PduItemType.ImplementationClassUid:
                    classUid = ReadUid(sub, "Implementation Class UID");
                    break;
                case PduItemType.ImplementationVersionName:
                    if (sub.Length is 0 or > 16) throw Invalid($"Implementation Version Name has {sub.Length} bytes, not 1-16 (PS3.7 D.3.3.2.3)");
                    // Padding is not significant; a name of padding only says nothing, and is kept as absent (it could not be
                    // written back: 1-16 characters).
                    versionName = Encoding.ASCII.GetString(sub).TrimEnd(' ', '\0') is { Length: > 0 } name ? name : null;
                    break;
                case PduItemType.AsynchronousOperationsWindow:
                    if (sub.Length != 4) throw Invalid($"Asynchronous Operations Window sub-item has length {sub.Length}, not 4 (PS3.7 D.3.3.3)");
                    window = new AsyncOperationsWindow(BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..]));
                    break;
                case PduItemType.RoleSelection:
                {
                    var p = 0;
                    var uid = ReadUid(LengthPrefixed(sub, ref p, "SCP/SCU Role Selection"), "SOP Class UID");
                    if (sub.Length - p != 2) throw Invalid($"SCP/SCU Role Selection sub-item for {uid} has {sub.Length - p} role bytes, not 2 (PS3.7 D.3.3.4)");
                    if (sub[p] > 1 || sub[p + 1] > 1) throw Invalid($"SCP/SCU Role Selection for {uid} has role values other than 0 or 1");
                    roles.Add(new RoleSelection(uid, sub[p] == 1, sub[p + 1] == 1));
                    break;
                }
                case PduItemType.SopClassExtendedNegotiation:
                {
                    var p = 0;
                    var uid = ReadUid(LengthPrefixed(sub, ref p, "SOP Class Extended Negotiation"), "SOP Class UID");
                    extended.Add(new SopClassExtendedNegotiation(uid, subMemory[p..].ToArray()));
                    break;
                }
                case PduItemType.SopClassCommonExtendedNegotiation when isRequest:
                {
                    var p = 0;
                    var uid = ReadUid(LengthPrefixed(sub, ref p, "SOP Class Common Extended Negotiation"), "SOP Class UID");
                    var service = ReadUid(LengthPrefixed(sub, ref p, "SOP Class Common Extended Negotiation"), "Service Class UID");
                    var relatedBytes = LengthPrefixed(sub, ref p, "SOP Class Common Extended Negotiation");
                    if (p != sub.Length) throw Invalid($"SOP Class Common Extended Negotiation for {uid} has {sub.Length - p} trailing bytes");
                    var related = new List<string>();
                    var r = 0;
                    while (r < relatedBytes.Length) related.Add(ReadUid(LengthPrefixed(relatedBytes, ref r, "Related General SOP Class"), "Related General SOP Class UID"));
                    common.Add(new SopClassCommonExtendedNegotiation(uid, service, related));
                    break;
                }
                case PduItemType.UserIdentityRequest when isRequest:
                {
                    if (sub.Length < 2) throw Invalid("User Identity sub-item is shorter than 2 bytes");
                    if (sub[0] is < 1 or > 5) throw Invalid($"User Identity type {sub[0]} is not 1-5 (PS3.7 Table D.3-14)");
                    var p = 2;
                    var primaryStart = p + 2;
                    var primary = LengthPrefixed(sub, ref p, "User Identity primary field");
                    var primaryMemory = subMemory.Slice(primaryStart, primary.Length).ToArray();
                    var secondaryStart = p + 2;
                    var secondary = LengthPrefixed(sub, ref p, "User Identity secondary field");
                    if (p != sub.Length) throw Invalid($"User Identity sub-item has {sub.Length - p} trailing bytes");
                    identity = new UserIdentityRequest((UserIdentityType)sub[0], sub[1] == 1, primaryMemory, subMemory.Slice(secondaryStart, secondary.Length).ToArray());
                    break;
                }
                case PduItemType.UserIdentityResponse when !isRequest:
                {
                    var p = 0;
                    var response = LengthPrefixed(sub, ref p, "User Identity server response");
                    if (p != sub.Length) throw Invalid($"User Identity AC sub-item has {sub.Length - p} trailing bytes");
                    identityResponse = response.ToArray();
                    break;
                }
                default:
                    // PS3.7 D.3.3: sub-items that are not recognized are ignored (kept for the transcript).
                    unknown.Add(new UnknownSubItem(type, subMemory.ToArray()));
                    break;
            }
            pos = next;
        }
        return new UserInformation
        {
            MaximumLength = maxLength ?? 0, HasMaximumLength = maxLength is not null,
            ImplementationClassUid = classUid, ImplementationVersionName = versionName, AsyncOperationsWindow = window,
            RoleSelections = roles, ExtendedNegotiations = extended, CommonExtendedNegotiations = common,
            UserIdentityRequest = identity, UserIdentityResponse = identityResponse, UnknownSubItems = unknown,
        };
    }

    // Reads an item header (type, reserved, 2-byte length) at pos and checks the value fits (PS3.8 9.3.2.1).
    private static byte ReadItem(ReadOnlySpan<byte> span, int pos, string where, out int length)
    {
        if (span.Length - pos < 4) throw Invalid($"item header truncated at byte {pos} of the {where}");
        length = BinaryPrimitives.ReadUInt16BigEndian(span[(pos + 2)..]);
        if (length > span.Length - pos - 4)
            throw Invalid($"item type 0x{span[pos]:X2} at byte {pos} of the {where} claims {length} bytes but only {span.Length - pos - 4} remain");
        return span[pos];
    }

    private static ReadOnlySpan<byte> LengthPrefixed(ReadOnlySpan<byte> span, ref int pos, string where)
    {
        if (span.Length - pos < 2) throw Invalid($"{where}: length field truncated");
        var length = BinaryPrimitives.ReadUInt16BigEndian(span[pos..]);
        if (length > span.Length - pos - 2) throw Invalid($"{where}: length {length} runs past the end of the sub-item");
        var value = span.Slice(pos + 2, length);
        pos += 2 + length;
        return value;
    }

    private static string ReadUid(ReadOnlySpan<byte> bytes, string what)
    {
        // Trailing NUL or space padding is tolerated on receipt; the UID itself must be PS3.5 9.1 conformant.
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is 0 or (byte)' ') end--;
        var uid = bytes[..end];
        if (uid.Length is 0 or > MaxUidLength) throw Invalid($"{what} has {uid.Length} characters, not 1-{MaxUidLength} (PS3.5 9.1)");
        foreach (var b in uid)
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.')) throw Invalid($"{what} '{Encoding.ASCII.GetString(uid)}' holds a character other than digits and periods (PS3.5 9.1)");
        return Encoding.ASCII.GetString(uid);
    }

    // PS3.8 9.3.2: 16 characters, spaces padding; all spaces ("no name") shall not be used. Trailing NULs are
    // tolerated as padding on receipt, but a NUL inside the title is not a character an AE may hold (PS3.5): such
    // a title could be neither matched nor echoed back in the A-ASSOCIATE-AC.
    private static string ReadAeTitle(ReadOnlySpan<byte> bytes, string pdu, string which)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is 0 or (byte)' ') end--;
        foreach (var b in bytes[..end])
            if (b is < 0x20 or > 0x7E || b == '\\')
                throw Invalid($"{which} AE title in the {pdu} holds byte 0x{b:X2}, not allowed in an AE (PS3.5)");
        var title = Encoding.ASCII.GetString(bytes[..end]).Trim();
        if (title.Length == 0) throw Invalid($"{which} AE title in the {pdu} is all spaces, which PS3.8 9.3.2 forbids");
        return title;
    }

    private static PduFormatException Invalid(string message) => new(AbortReason.InvalidPduParameterValue, message);
}

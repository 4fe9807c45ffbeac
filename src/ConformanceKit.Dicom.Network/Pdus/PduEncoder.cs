using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Dicom.Network.Pdus;

/// <summary>
/// Encodes PDUs to bytes (PS3.8 section 9.3; all multi-byte integers big-endian, PS3.8 9.3.1).
/// Invalid local parameters (an AE title longer than 16 characters, a UID over 64) throw ArgumentException:
/// they are programming errors, never sent.
/// </summary>
public static class PduEncoder
{
    /// <summary>Size of the PDU header: type, reserved, 4-byte length (PS3.8 9.3.1).</summary>
    public const int HeaderLength = 6;

    /// <summary>Size of a PDV item header inside a P-DATA-TF: 4-byte length, context ID, control header (PS3.8 9.3.5.1).</summary>
    public const int PdvHeaderLength = 6;

    public static byte[] Encode(Pdu pdu)
    {
        var w = new ArrayBufferWriter<byte>(256);
        Write(pdu, w);
        return w.WrittenSpan.ToArray();
    }

    public static void Write(Pdu pdu, IBufferWriter<byte> output)
    {
        var body = new ArrayBufferWriter<byte>(128);
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                WriteAssociateHeader(body, rq);
                WriteUidItem(body, PduItemType.ApplicationContext, rq.ApplicationContextName);
                foreach (var pc in rq.PresentationContexts) WritePresentationContext(body, pc);
                WriteUserInformation(body, rq.UserInformation, isRequest: true);
                break;
            case AssociateAcceptPdu ac:
                WriteAssociateHeader(body, ac);
                WriteUidItem(body, PduItemType.ApplicationContext, ac.ApplicationContextName);
                foreach (var pc in ac.PresentationContexts) WritePresentationContextResult(body, pc);
                WriteUserInformation(body, ac.UserInformation, isRequest: false);
                break;
            case AssociateRejectPdu rj:
                body.Write<byte>([0, (byte)rj.Result, (byte)rj.Source, rj.Reason]);
                break;
            case DataTransferPdu pd:
                foreach (var pdv in pd.Values)
                {
                    var h = body.GetSpan(PdvHeaderLength);
                    BinaryPrimitives.WriteUInt32BigEndian(h, checked((uint)(pdv.Data.Length + 2)));
                    h[4] = pdv.PresentationContextId;
                    h[5] = pdv.MessageControlHeader;
                    body.Advance(PdvHeaderLength);
                    body.Write(pdv.Data.Span);
                }
                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                body.Write<byte>([0, 0, 0, 0]);
                break;
            case AbortPdu ab:
                body.Write<byte>([0, 0, (byte)ab.Source, (byte)ab.Reason]);
                break;
            default:
                throw new ArgumentException($"cannot encode {pdu.GetType().Name}");
        }
        var header = output.GetSpan(HeaderLength);
        WritePduHeader(header, pdu.Type, body.WrittenCount);
        output.Advance(HeaderLength);
        output.Write(body.WrittenSpan);
    }

    public static void WritePduHeader(Span<byte> destination, PduType type, int bodyLength)
    {
        destination[0] = (byte)type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], checked((uint)bodyLength));
    }

    private static void WriteAssociateHeader(ArrayBufferWriter<byte> w, AssociatePdu pdu)
    {
        var s = w.GetSpan(68);
        s[..68].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(s, pdu.ProtocolVersion);
        WriteAeTitle(s.Slice(4, 16), pdu.CalledAeTitle);
        WriteAeTitle(s.Slice(20, 16), pdu.CallingAeTitle);
        w.Advance(68);
    }

    /// <summary>AE titles are 16 bytes, space-padded (PS3.8 Table 9-11, PS3.5 AE value representation).</summary>
    public static void WriteAeTitle(Span<byte> destination, string aeTitle)
    {
        var error = AeTitle.Validate(aeTitle);
        if (error is not null) throw new ArgumentException(error, nameof(aeTitle));
        destination.Fill((byte)' ');
        Encoding.ASCII.GetBytes(aeTitle.Trim(), destination);
    }

    private static void WriteUidItem(ArrayBufferWriter<byte> w, byte itemType, string uid)
    {
        if (uid.Length is 0 or > 64) throw new ArgumentException($"UID '{uid}' must have 1 to 64 characters (PS3.5 9.1)");
        WriteItem(w, itemType, Encoding.ASCII.GetBytes(uid));
    }

    private static void WriteItem(ArrayBufferWriter<byte> w, byte itemType, ReadOnlySpan<byte> value)
    {
        var h = w.GetSpan(4);
        h[0] = itemType;
        h[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], checked((ushort)value.Length));
        w.Advance(4);
        w.Write(value);
    }

    private static void WritePresentationContext(ArrayBufferWriter<byte> w, PresentationContextProposal pc)
    {
        var inner = new ArrayBufferWriter<byte>(128);
        inner.Write<byte>([pc.Id, 0, 0, 0]);
        WriteUidItem(inner, PduItemType.AbstractSyntax, pc.AbstractSyntax);
        foreach (var ts in pc.TransferSyntaxes) WriteUidItem(inner, PduItemType.TransferSyntax, ts);
        WriteItem(w, PduItemType.PresentationContextRequest, inner.WrittenSpan);
    }

    private static void WritePresentationContextResult(ArrayBufferWriter<byte> w, PresentationContextResult pc)
    {
        var inner = new ArrayBufferWriter<byte>(64);
        inner.Write<byte>([pc.Id, 0, (byte)pc.Result, 0]);
        // PS3.8 9.3.3.2: a rejected context still carries one transfer syntax sub-item, "not tested" on receipt.
        WriteItem(inner, PduItemType.TransferSyntax, Encoding.ASCII.GetBytes(pc.TransferSyntax));
        WriteItem(w, PduItemType.PresentationContextAccept, inner.WrittenSpan);
    }

    private static void WriteUserInformation(ArrayBufferWriter<byte> w, UserInformation ui, bool isRequest)
    {
        var inner = new ArrayBufferWriter<byte>(128);
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, ui.MaximumLength);
        WriteItem(inner, PduItemType.MaximumLength, four);
        if (ui.ImplementationClassUid is { } cls) WriteUidItem(inner, PduItemType.ImplementationClassUid, cls);
        if (ui.AsyncOperationsWindow is { } win)
        {
            BinaryPrimitives.WriteUInt16BigEndian(four, win.MaxOperationsInvoked);
            BinaryPrimitives.WriteUInt16BigEndian(four[2..], win.MaxOperationsPerformed);
            WriteItem(inner, PduItemType.AsynchronousOperationsWindow, four);
        }
        foreach (var role in ui.RoleSelections)
        {
            var v = new ArrayBufferWriter<byte>(80);
            WriteLengthPrefixed(v, role.SopClassUid);
            v.Write<byte>([(byte)(role.ScuRole ? 1 : 0), (byte)(role.ScpRole ? 1 : 0)]);
            WriteItem(inner, PduItemType.RoleSelection, v.WrittenSpan);
        }
        if (ui.ImplementationVersionName is { } version)
        {
            if (version.Length is 0 or > 16) throw new ArgumentException("Implementation Version Name must have 1 to 16 characters (PS3.7 D.3.3.2.3)");
            WriteItem(inner, PduItemType.ImplementationVersionName, Encoding.ASCII.GetBytes(version));
        }
        foreach (var ext in ui.ExtendedNegotiations)
        {
            var v = new ArrayBufferWriter<byte>(80);
            WriteLengthPrefixed(v, ext.SopClassUid);
            v.Write(ext.ApplicationInformation.Span);
            WriteItem(inner, PduItemType.SopClassExtendedNegotiation, v.WrittenSpan);
        }
        if (isRequest)
        {
            foreach (var common in ui.CommonExtendedNegotiations)
            {
                var v = new ArrayBufferWriter<byte>(160);
                WriteLengthPrefixed(v, common.SopClassUid);
                WriteLengthPrefixed(v, common.ServiceClassUid);
                var related = new ArrayBufferWriter<byte>(80);
                foreach (var uid in common.RelatedGeneralSopClasses) WriteLengthPrefixed(related, uid);
                WriteLengthPrefixed(v, related.WrittenSpan);
                WriteItem(inner, PduItemType.SopClassCommonExtendedNegotiation, v.WrittenSpan);
            }
            if (ui.UserIdentityRequest is { } id)
            {
                var v = new ArrayBufferWriter<byte>(64);
                v.Write<byte>([(byte)id.IdentityType, (byte)(id.PositiveResponseRequested ? 1 : 0)]);
                WriteLengthPrefixed(v, id.PrimaryField.Span);
                WriteLengthPrefixed(v, id.SecondaryField.Span);
                WriteItem(inner, PduItemType.UserIdentityRequest, v.WrittenSpan);
            }
        }
        else if (ui.UserIdentityResponse is { } response)
        {
            var v = new ArrayBufferWriter<byte>(64);
            WriteLengthPrefixed(v, response.Span);
            WriteItem(inner, PduItemType.UserIdentityResponse, v.WrittenSpan);
        }
        foreach (var unknown in ui.UnknownSubItems) WriteItem(inner, unknown.ItemType, unknown.Value.Span);
        WriteItem(w, PduItemType.UserInformation, inner.WrittenSpan);
    }

    private static void WriteLengthPrefixed(ArrayBufferWriter<byte> w, string uid)
    {
        if (uid.Length is 0 or > 64) throw new ArgumentException($"UID '{uid}' must have 1 to 64 characters (PS3.5 9.1)");
        WriteLengthPrefixed(w, Encoding.ASCII.GetBytes(uid));
    }

    private static void WriteLengthPrefixed(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> value)
    {
        var h = w.GetSpan(2);
        BinaryPrimitives.WriteUInt16BigEndian(h, checked((ushort)value.Length));
        w.Advance(2);
        w.Write(value);
    }
}

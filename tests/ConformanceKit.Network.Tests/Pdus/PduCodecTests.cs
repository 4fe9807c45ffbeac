using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Network.Tests.Pdus;

public class PduCodecTests
{
    private static Pdu RoundTrip(Pdu pdu)
    {
        var bytes = PduEncoder.Encode(pdu);
        Assert.That(bytes[0], Is.EqualTo((byte)pdu.Type));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)), Is.EqualTo((uint)(bytes.Length - 6)), "PDU-length counts the bytes after the header");
        var decoded = PduDecoder.Decode(bytes[0], bytes.AsMemory(6));
        Assert.That(PduEncoder.Encode(decoded), Is.EqualTo(bytes), "re-encoding a decoded PDU gives the same bytes");
        return decoded;
    }

    private static AssociateRequestPdu FullRequest() => new()
    {
        CalledAeTitle = "ORTHANC",
        CallingAeTitle = "CK_SCU",
        PresentationContexts =
        [
            new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
            new(3, DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian]),
        ],
        UserInformation = new UserInformation
        {
            MaximumLength = 65536,
            ImplementationClassUid = "1.2.3.4",
            ImplementationVersionName = "CK_TEST",
            AsyncOperationsWindow = new AsyncOperationsWindow(5, 0),
            RoleSelections = [new RoleSelection(DicomUids.CTImageStorage, false, true)],
            ExtendedNegotiations = [new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] { 1, 1, 0 })],
            CommonExtendedNegotiations = [new SopClassCommonExtendedNegotiation(DicomUids.CTImageStorage, "1.2.840.10008.4.2", ["1.2.3", "1.2.4"])],
            UserIdentityRequest = UserIdentityRequest.ForUsername("alice", "secret", positiveResponseRequested: true),
            UnknownSubItems = [new UnknownSubItem(0x7A, new byte[] { 9, 8, 7 })],
        },
    };

    [Test]
    public void AssociateRequestWithEverySubItemRoundTrips()
    {
        var rq = (AssociateRequestPdu)RoundTrip(FullRequest());
        Assert.That(rq.CalledAeTitle, Is.EqualTo("ORTHANC"));
        Assert.That(rq.CallingAeTitle, Is.EqualTo("CK_SCU"));
        Assert.That(rq.ApplicationContextName, Is.EqualTo(AssociatePdu.DicomApplicationContext));
        Assert.That(rq.PresentationContexts.Select(p => p.Id), Is.EqualTo(new byte[] { 1, 3 }));
        Assert.That(rq.PresentationContexts[1].TransferSyntaxes, Is.EqualTo(new[] { DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian }));
        var ui = rq.UserInformation;
        Assert.That(ui.MaximumLength, Is.EqualTo(65536));
        Assert.That(ui.ImplementationClassUid, Is.EqualTo("1.2.3.4"));
        Assert.That(ui.ImplementationVersionName, Is.EqualTo("CK_TEST"));
        Assert.That(ui.AsyncOperationsWindow, Is.EqualTo(new AsyncOperationsWindow(5, 0)));
        Assert.That(ui.RoleSelections.Single(), Is.EqualTo(new RoleSelection(DicomUids.CTImageStorage, false, true)));
        Assert.That(ui.ExtendedNegotiations.Single().ApplicationInformation.ToArray(), Is.EqualTo(new byte[] { 1, 1, 0 }));
        Assert.That(ui.CommonExtendedNegotiations.Single().RelatedGeneralSopClasses, Is.EqualTo(new[] { "1.2.3", "1.2.4" }));
        Assert.That(ui.CommonExtendedNegotiations.Single().ServiceClassUid, Is.EqualTo("1.2.840.10008.4.2"));
        Assert.That(ui.UserIdentityRequest!.IdentityType, Is.EqualTo(UserIdentityType.UsernameAndPasscode));
        Assert.That(ui.UserIdentityRequest.PrimaryText, Is.EqualTo("alice"));
        Assert.That(Encoding.UTF8.GetString(ui.UserIdentityRequest.SecondaryField.Span), Is.EqualTo("secret"));
        Assert.That(ui.UserIdentityRequest.PositiveResponseRequested, Is.True);
        Assert.That(ui.UnknownSubItems.Single().ItemType, Is.EqualTo(0x7A));
    }

    [Test]
    public void AssociateAcceptWithUserIdentityResponseRoundTrips()
    {
        var ac = (AssociateAcceptPdu)RoundTrip(new AssociateAcceptPdu
        {
            CalledAeTitle = "ORTHANC",
            CallingAeTitle = "CK_SCU",
            PresentationContexts =
            [
                new(1, PresentationContextResultCode.Acceptance, DicomUids.ImplicitVRLittleEndian),
                new(3, PresentationContextResultCode.AbstractSyntaxNotSupported, DicomUids.ImplicitVRLittleEndian),
            ],
            UserInformation = new UserInformation
            {
                MaximumLength = 0,
                ImplementationClassUid = "1.2.3.4",
                RoleSelections = [new RoleSelection(DicomUids.CTImageStorage, false, true)],
                UserIdentityResponse = new byte[] { 0x41, 0x42 },
            },
        });
        Assert.That(ac.PresentationContexts[0].Accepted, Is.True);
        Assert.That(ac.PresentationContexts[1].Result, Is.EqualTo(PresentationContextResultCode.AbstractSyntaxNotSupported));
        Assert.That(ac.UserInformation.MaximumLength, Is.EqualTo(0u), "0 means unlimited (PS3.8 D.1) and must survive");
        Assert.That(ac.UserInformation.UserIdentityResponse!.Value.ToArray(), Is.EqualTo(new byte[] { 0x41, 0x42 }));
    }

    [Test]
    public void FixedSizePdusHaveTheirPs38Layout()
    {
        Assert.That(PduEncoder.Encode(ReleaseRequestPdu.Instance), Is.EqualTo(new byte[] { 5, 0, 0, 0, 0, 4, 0, 0, 0, 0 }));
        Assert.That(PduEncoder.Encode(ReleaseResponsePdu.Instance), Is.EqualTo(new byte[] { 6, 0, 0, 0, 0, 4, 0, 0, 0, 0 }));
        Assert.That(PduEncoder.Encode(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu)),
            Is.EqualTo(new byte[] { 7, 0, 0, 0, 0, 4, 0, 0, 2, 2 }));
        Assert.That(PduEncoder.Encode(new AssociateRejectPdu(RejectResult.RejectedPermanent, RejectSource.ServiceUser, 7)),
            Is.EqualTo(new byte[] { 3, 0, 0, 0, 0, 4, 0, 1, 1, 7 }));
        Assert.That(RoundTrip(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)), Is.EqualTo(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)));
    }

    [Test]
    public void DataTransferKeepsEveryPdvAndItsControlBits()
    {
        var pdu = new DataTransferPdu(
        [
            new PresentationDataValue(1, true, true, new byte[] { 1, 2, 3, 4 }),
            new PresentationDataValue(1, false, false, new byte[] { 5, 6 }),
            new PresentationDataValue(3, false, true, ReadOnlyMemory<byte>.Empty),
        ]);
        var bytes = PduEncoder.Encode(pdu);
        // First PDV: item length 6 (4 data bytes + context ID + control header), context 1, control 0x03.
        Assert.That(bytes[6..12], Is.EqualTo(new byte[] { 0, 0, 0, 6, 1, 3 }));
        var back = (DataTransferPdu)RoundTrip(pdu);
        Assert.That(back.Values.Select(v => (v.PresentationContextId, v.IsCommand, v.IsLast, v.Data.Length)),
            Is.EqualTo(new[] { ((byte)1, true, true, 4), ((byte)1, false, false, 2), ((byte)3, false, true, 0) }));
    }

    // An A-ASSOCIATE-RQ body written byte by byte from PS3.8 Tables 9-11 to 9-16 and PS3.8 D.1.
    private static List<byte> HandBuiltRequest(string abstractSyntax)
    {
        var body = new List<byte>();
        body.AddRange([0x00, 0x01, 0x00, 0x00]); // protocol version 1, reserved
        body.AddRange(Encoding.ASCII.GetBytes("STORESCP        ")); // called AE
        body.AddRange(Encoding.ASCII.GetBytes("STORESCU        ")); // calling AE
        body.AddRange(new byte[32]); // reserved
        AddItem(body, 0x10, Encoding.ASCII.GetBytes("1.2.840.10008.3.1.1.1"));
        var pc = new List<byte> { 0x01, 0, 0, 0 };
        AddItem(pc, 0x30, Encoding.ASCII.GetBytes(abstractSyntax));
        AddItem(pc, 0x40, Encoding.ASCII.GetBytes("1.2.840.10008.1.2"));
        AddItem(body, 0x20, pc.ToArray());
        var ui = new List<byte>();
        AddItem(ui, 0x51, [0x00, 0x00, 0x40, 0x00]);
        AddItem(ui, 0x52, Encoding.ASCII.GetBytes("1.2.276.0.7230010.3.0.3.6.7"));
        AddItem(body, 0x50, ui.ToArray());
        return body;
    }

    [Test]
    public void HandBuiltAssociateRequestDecodesAsPs38Describes()
    {
        var body = HandBuiltRequest("1.2.840.10008.1.1\0"); // NUL-padded UID, tolerated on receipt
        var rq = (AssociateRequestPdu)PduDecoder.Decode(1, body.ToArray());
        Assert.That((rq.CalledAeTitle, rq.CallingAeTitle), Is.EqualTo(("STORESCP", "STORESCU")));
        Assert.That(rq.PresentationContexts.Single().AbstractSyntax, Is.EqualTo(DicomUids.Verification));
        Assert.That(rq.UserInformation.MaximumLength, Is.EqualTo(16384));
        Assert.That(rq.UserInformation.ImplementationClassUid, Is.EqualTo("1.2.276.0.7230010.3.0.3.6.7"));
    }

    private static void AddItem(List<byte> to, byte type, byte[] value)
    {
        to.Add(type);
        to.Add(0);
        to.Add((byte)(value.Length >> 8));
        to.Add((byte)value.Length);
        to.AddRange(value);
    }

    private static byte[] Body(Pdu pdu) => PduEncoder.Encode(pdu)[6..];

    private static PduFormatException Rejects(byte type, byte[] body) =>
        Assert.Throws<PduFormatException>(() => PduDecoder.Decode(type, body))!;

    [Test]
    public void UnknownPduTypeIsUnrecognized()
    {
        Assert.That(Rejects(0x08, [0, 0, 0, 0]).Reason, Is.EqualTo(AbortReason.UnrecognizedPdu));
        Assert.That(Rejects(0x00, []).Reason, Is.EqualTo(AbortReason.UnrecognizedPdu));
    }

    [TestCase(5, 3)]
    [TestCase(6, 5)]
    [TestCase(7, 0)]
    [TestCase(3, 6)]
    public void FixedLengthPdusWithAnotherLengthAreInvalid(byte type, int length)
    {
        Assert.That(Rejects(type, new byte[length]).Reason, Is.EqualTo(AbortReason.InvalidPduParameterValue));
    }

    [Test]
    public void RejectWithUndefinedResultOrSourceIsInvalid()
    {
        Assert.That(Rejects(3, [0, 3, 1, 1]).Message, Does.Contain("result 3"));
        Assert.That(Rejects(3, [0, 1, 4, 1]).Message, Does.Contain("source 4"));
    }

    [Test]
    public void PdvLengthsAreCheckedAgainstThePdu()
    {
        Assert.That(Rejects(4, []).Message, Does.Contain("no presentation data value"));
        Assert.That(Rejects(4, [0, 0, 0, 1, 1]).Message, Does.Contain("truncated"));
        Assert.That(Rejects(4, [0, 0, 0, 1, 1, 3]).Message, Does.Contain("less than 2"));
        Assert.That(Rejects(4, [0x7F, 0xFF, 0xFF, 0xFF, 1, 3, 0]).Message, Does.Contain("runs past the end"));
        Assert.That(Rejects(4, [0, 0, 0, 2, 2, 3]).Message, Does.Contain("not odd"));
        Assert.That(Rejects(4, [0, 0, 0, 2, 1, 0x07]).Message, Does.Contain("reserved bits"));
    }

    [Test]
    public void AssociateItemsThatOverrunTheirParentAreInvalid()
    {
        var body = Body(FullRequest());
        // Application Context item starts at byte 68; claim a huge length.
        var bad = (byte[])body.Clone();
        bad[70] = 0xFF; bad[71] = 0xFF;
        Assert.That(Rejects(1, bad).Message, Does.Contain("claims 65535 bytes"));
        // Cut the PDU in the middle of the user information.
        Assert.That(Rejects(1, body[..^5]).Reason, Is.EqualTo(AbortReason.InvalidPduParameterValue));
        Assert.That(Rejects(1, body[..60]).Message, Does.Contain("68-byte fixed part"));
    }

    [Test]
    public void UnknownTopLevelItemIsAnUnrecognizedParameter()
    {
        var body = Body(FullRequest()).ToList();
        AddItem(body, 0x66, [1, 2]);
        Assert.That(Rejects(1, body.ToArray()).Reason, Is.EqualTo(AbortReason.UnrecognizedPduParameter));
    }

    [Test]
    public void RequestWithoutPresentationContextOrWithEvenIdIsInvalid()
    {
        var noContexts = Body(FullRequest() with { PresentationContexts = [] });
        Assert.That(Rejects(1, noContexts).Message, Does.Contain("no presentation context"));
        var evenId = Body(FullRequest() with { PresentationContexts = [new(2, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])] });
        Assert.That(Rejects(1, evenId).Message, Does.Contain("not odd"));
        var duplicate = Body(FullRequest() with
        {
            PresentationContexts = [new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]), new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
        });
        Assert.That(Rejects(1, duplicate).Message, Does.Contain("same presentation context ID"));
    }

    [Test]
    public void MalformedUidsAndAeTitlesAreInvalid()
    {
        Assert.That(Rejects(1, HandBuiltRequest("1." + new string('2', 70)).ToArray()).Message, Does.Contain("not 1-64"));
        Assert.That(Rejects(1, HandBuiltRequest("1.2.x").ToArray()).Message, Does.Contain("other than digits"));
        var body = Body(FullRequest());
        body[4] = 0x07; // a control character in the called AE title
        Assert.That(Rejects(1, body).Message, Does.Contain("called AE title"));
        Assert.Throws<ArgumentException>(() => PduEncoder.Encode(FullRequest() with { CalledAeTitle = "SEVENTEEN_CHARS__" }));
        Assert.Throws<ArgumentException>(() => PduEncoder.Encode(FullRequest() with { CallingAeTitle = "   " }));
    }

    [Test]
    public void UserInformationSubItemsWithWrongSizesAreInvalid()
    {
        foreach (var (type, value, expected) in new (byte, byte[], string)[]
        {
            (0x51, [0, 0, 1], "Maximum Length"),
            (0x53, [0, 1], "Asynchronous Operations Window"),
            (0x54, [0, 3, (byte)'1', (byte)'.', (byte)'2', 1], "role bytes"),
            (0x54, [0, 3, (byte)'1', (byte)'.', (byte)'2', 2, 0], "role values"),
            (0x55, new byte[17], "Implementation Version Name"),
            (0x58, [9, 0, 0, 0, 0, 0], "User Identity type"),
            (0x58, [1, 0, 0, 9, 0], "primary field"),
        })
        {
            var ui = new List<byte>();
            AddItem(ui, 0x51, [0, 0, 0x40, 0]);
            AddItem(ui, type, value);
            var body = Body(FullRequest()).ToList();
            // Replace the user information item with this one.
            var start = FindUserInformation(body);
            body.RemoveRange(start, body.Count - start);
            AddItem(body, 0x50, ui.ToArray());
            Assert.That(Rejects(1, body.ToArray()).Message, Does.Contain(expected), $"sub-item 0x{type:X2}");
        }
    }

    private static int FindUserInformation(List<byte> body)
    {
        var pos = 68;
        while (body[pos] != 0x50) pos += 4 + (body[pos + 2] << 8 | body[pos + 3]);
        return pos;
    }

    [Test]
    public void RejectAndAbortCausesAreSaidInWords()
    {
        Assert.That(new AssociateRejectPdu(RejectResult.RejectedPermanent, RejectSource.ServiceUser, 7).DescribeCause(),
            Is.EqualTo("rejected permanently by the called application: called AE title not recognized"));
        Assert.That(new AssociateRejectPdu(RejectResult.RejectedTransient, RejectSource.ServiceProviderPresentation, 1).DescribeCause(),
            Does.Contain("temporary congestion"));
        Assert.That(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue).Describe(),
            Is.EqualTo("A-ABORT by the service provider: invalid PDU parameter value"));
    }
}

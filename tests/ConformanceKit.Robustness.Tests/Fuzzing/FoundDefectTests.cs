using System.Buffers.Binary;
using System.Text;
using ConformanceKit.Robustness.Tests.Support;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Robustness.Tests.Fuzzing;

/// <summary>
/// The defects the fuzz targets found, each kept as the smallest input that showed it: before the fix the server
/// reported an internal failure ("the association user failed on ...") or an exception escaped; now each ends as
/// a clear protocol answer. (The AE title defect is in LimitsTests.MalformedAeTitlesInTheRequestAreAborted.)
/// </summary>
public class FoundDefectTests
{
    private static byte[] Element(ushort element, byte[] value)
    {
        var bytes = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)value.Length);
        value.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>Records the defect as found and fixed, for the robustness table (called once its test has passed).</summary>
    private static void Fixed(string id, string defect) => RobustnessFigures.Record($"defect-{id}", new { Defect = defect });

    private static byte[] UInt16(ushort v) => BitConverter.GetBytes(v);

    private static byte[] Uid(string uid) => Encoding.Latin1.GetBytes(uid.Length % 2 == 1 ? uid + "\0" : uid);

    /// <summary>A command set (Implicit VR Little Endian, group 0000) in one P-DATA-TF on presentation context 1.</summary>
    private static byte[] CommandPdu(params byte[][] elements)
    {
        var command = elements.SelectMany(e => e).ToArray();
        return PduEncoder.Encode(new DataTransferPdu([new PresentationDataValue(1, true, true, command)]));
    }

    private static async Task<(RawPeer Peer, NetworkTranscript Transcript, DicomServer Server)> EstablishAsync(string abstractSyntax, TempDirectory dir)
    {
        var transcript = new NetworkTranscript();
        var server = new DicomServer(new DicomServerOptions { Observer = transcript, Store = new FileStorageService(dir.Combine("in")) }).Start();
        var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.SendAsync(PduEncoder.Encode(new AssociateRequestPdu
        {
            CalledAeTitle = "CK_SCP", CallingAeTitle = "RAW_PEER",
            PresentationContexts = [new(1, abstractSyntax, [DicomUids.ImplicitVRLittleEndian])],
            UserInformation = new UserInformation { MaximumLength = 16384 },
        }));
        Assert.That((await peer.ReceivePduAsync(TimeSpan.FromSeconds(10)))?.Type, Is.EqualTo((byte)PduType.AssociateAccept));
        return (peer, transcript, server);
    }

    [Test]
    public async Task ACommandWithNonAsciiUidBytesIsAbortedByTheDimseLayer()
    {
        using var dir = new TempDirectory();
        var (peer, transcript, server) = await EstablishAsync(DicomUids.Verification, dir);
        await using (server)
        await using (peer)
        {
            // C-ECHO-RQ whose Affected SOP Class UID holds 0xFF bytes: its response could not echo them back.
            await peer.SendAsync(CommandPdu(Element(0x0002, Uid("1.2.840.\xFF\xFF.1.1")), Element(0x0100, UInt16(0x0030)),
                Element(0x0110, UInt16(1)), Element(0x0800, UInt16(0x0101))));
            var answer = await peer.ReceivePduAsync(TimeSpan.FromSeconds(10));
            Assert.That(answer?.Type, Is.EqualTo((byte)PduType.Abort));
            Assert.That(transcript.OfType<ProblemEvent>().Select(p => p.Description), Has.Some.Contains("outside the default character repertoire"));
            Assert.That(transcript.OfType<ProblemEvent>().Select(p => p.Description), Has.None.Contains("failed on"), transcript.Format());
        }
        Fixed("command-repertoire", "a command set with non-ASCII UID bytes made the response throw (now a DIMSE A-ABORT)");
    }

    [Test]
    public async Task ACStoreRequestWithoutADatasetIsAnsweredWithAFailureStatus()
    {
        using var dir = new TempDirectory();
        var (peer, transcript, server) = await EstablishAsync(DicomUids.CTImageStorage, dir);
        await using (server)
        await using (peer)
        {
            await peer.SendAsync(CommandPdu(Element(0x0002, Uid(DicomUids.CTImageStorage)), Element(0x0100, UInt16(0x0001)),
                Element(0x0110, UInt16(7)), Element(0x0700, UInt16(0)), Element(0x0800, UInt16(0x0101)), Element(0x1000, Uid("1.2.3.4"))));
            var answer = await peer.ReceivePduAsync(TimeSpan.FromSeconds(10));
            Assert.That(answer?.Type, Is.EqualTo((byte)PduType.DataTransfer), transcript.Format());
            var pdu = (DataTransferPdu)PduDecoder.Decode(answer!.Value.Type, answer.Value.Body);
            var response = DimseCommand.Decode(pdu.Values[0].Data);
            Assert.That((response.CommandField, response.MessageIdBeingRespondedTo), Is.EqualTo((DimseCommandField.CStoreResponse, (ushort)7)));
            Assert.That(response.Status, Is.EqualTo(DimseStatus.CannotUnderstand));
            Assert.That(transcript.OfType<ProblemEvent>().Select(p => p.Description), Has.None.Contains("failed on"), transcript.Format());
            Assert.That(await peer.StaysSilentAsync(TimeSpan.FromMilliseconds(300)), Is.True, "the association goes on");
        }
        Fixed("store-without-dataset", "a C-STORE-RQ without a dataset hit a null sink (now status C000)");
    }

    [TestCase("id: !<%%%> x")]
    [TestCase("a: !<tag:yaml.org,2002:str\u0001> b")]
    public void AYamlTagThatIsNotAUriIsASyntaxErrorWithItsPlace(string yaml)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Default.Load(yaml, "tag.yaml", Path.GetTempPath()));
        Assert.That(e!.Errors[0].Location.File, Is.EqualTo("tag.yaml"));
        Assert.That(e.Errors[0].Message, Does.StartWith("YAML syntax").Or.Contain("not allowed"));
        Fixed("yaml-tag-uri", "a YAML tag that is not a URI let YamlDotNet's ArgumentException escape the loader (now a syntax error with its place)");
    }

    [Test]
    public void AnAllSpacesOrNulBearingAeTitleNeverReachesTheEncoder()
    {
        foreach (var title in new[] { "                ", "CK\0SCU          ", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" })
        {
            var request = PduEncoder.Encode(new AssociateRequestPdu
            {
                CalledAeTitle = "CK_SCP", CallingAeTitle = "X",
                PresentationContexts = [new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
            });
            Encoding.Latin1.GetBytes(title).CopyTo(request, 6 + 20);
            var e = Assert.Throws<PduFormatException>(() => PduDecoder.Decode(request[0], request.AsMemory(6)));
            Assert.That(e!.Reason, Is.EqualTo(AbortReason.InvalidPduParameterValue));
            Assert.That(e.Message, Does.Contain("calling AE title"));
        }
        Fixed("ae-title-nul", "an AE title with a NUL inside or all spaces was accepted and its A-ASSOCIATE-AC could not be encoded (now an A-ABORT)");
    }

    [Test]
    public void AnImplementationVersionNameOfPaddingOnlyIsReadAsAbsentAndEncodesAgain()
    {
        var encoded = PduEncoder.Encode(new AssociateRequestPdu
        {
            CalledAeTitle = "CK_SCP", CallingAeTitle = "RAW_PEER",
            PresentationContexts = [new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
            UserInformation = new UserInformation { MaximumLength = 16384, ImplementationVersionName = "PADDED_NAME" },
        });
        var at = encoded.AsSpan().IndexOf("PADDED_NAME"u8);
        "           "u8.CopyTo(encoded.AsSpan(at)); // eleven spaces where the name was
        var decoded = (AssociateRequestPdu)PduDecoder.Decode(encoded[0], encoded.AsMemory(6));
        Assert.That(decoded.UserInformation!.ImplementationVersionName, Is.Null);
        Assert.That(() => PduEncoder.Encode(decoded), Throws.Nothing, "what was read can be written again (transcripts, replay)");
        Fixed("version-name-padding", "an Implementation Version Name of spaces only was read as an empty name that could not be encoded again (now read as absent)");
    }
}

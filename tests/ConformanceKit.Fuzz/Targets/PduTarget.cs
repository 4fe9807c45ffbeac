using System.Buffers.Binary;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.UpperLayer;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// The PDU codec in process, as the receive path uses it: a stream of PDUs is framed by its 6-byte headers with
/// the receive limits applied before any body is taken, each body decoded (PS3.8 9.3), every command PDV decoded
/// as a DIMSE command set (PS3.7 E) and every other PDV parsed as a dataset; each decoded PDU is encoded again
/// and decoded once more, which must give the same PDU. An input ends as a PduFormatException (the A-ABORT reason
/// the harness would send), a DimseFormatException or DicomReadException (an A-ABORT by the DIMSE layer), or decoded PDUs.
/// </summary>
public sealed class PduTarget : FuzzTarget
{
    private const int HeaderLength = 6;

    /// <summary>The receive limits of the harness's defaults (UpperLayerOptions, AssociationSettings).</summary>
    private static readonly uint AssociateLimit = (uint)new UpperLayerOptions().MaxAssociatePduLength;
    private static readonly uint DataLimit = new Dicom.Network.AssociationSettings().MaxPduLength;

    public override string Name => "pdu";
    public override string Description => "PDU codec and DIMSE command sets";

    public override IReadOnlyList<byte[]> Seeds()
    {
        var recording = CapturedAssociations.Get();
        return [.. recording.Pdus, .. recording.RequestorStreams];
    }

    public override string Run(byte[] input)
    {
        var pos = 0;
        var decoded = new List<string>();
        while (pos < input.Length)
        {
            if (input.Length - pos < HeaderLength) return Outcome(decoded, "truncated: PDU header cut short");
            var type = input[pos];
            var length = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(pos + 2));
            var limit = type == (byte)PduType.DataTransfer ? DataLimit : AssociateLimit;
            if (length > limit) return Outcome(decoded, "over limit: A-ABORT before the body is read");
            if (length > input.Length - pos - HeaderLength) return Outcome(decoded, "truncated: PDU body cut short");
            var body = input.AsMemory(pos + HeaderLength, (int)length);
            Pdu pdu;
            try
            {
                pdu = PduDecoder.Decode(type, body);
            }
            catch (PduFormatException e)
            {
                return Outcome(decoded, $"A-ABORT {e.Reason}: {e.Message}");
            }
            CheckRoundTrip(pdu);
            _ = pdu.Describe();
            if (pdu is DataTransferPdu data && DecodeMessages(data) is { } dimseProblem)
                return Outcome(decoded, dimseProblem);
            decoded.Add(pdu.Type.ToString());
            pos += HeaderLength + (int)length;
        }
        return Outcome(decoded, "decoded");
    }

    private static string Outcome(List<string> decoded, string end) =>
        decoded.Count == 0 ? end : $"{end} after {string.Join(" ", decoded.Distinct())}";

    private static string? DecodeMessages(DataTransferPdu data)
    {
        foreach (var pdv in data.Values)
        {
            try
            {
                if (pdv.IsCommand && pdv.IsLast) _ = DimseCommand.Decode(pdv.Data).Describe();
                else if (!pdv.IsCommand) _ = DicomDatasetReader.Parse(pdv.Data, DicomTransferSyntax.ImplicitVRLittleEndian).Count;
            }
            catch (DimseFormatException e)
            {
                return $"DIMSE A-ABORT: {e.Message}";
            }
            catch (DicomReadException e)
            {
                return $"dataset refused: {e.Reason}";
            }
        }
        return null;
    }

    // What the harness decodes it must be able to send again unchanged (transcript replay depends on it).
    private static void CheckRoundTrip(Pdu pdu)
    {
        var encoded = PduEncoder.Encode(pdu);
        var again = PduDecoder.Decode(encoded[0], encoded.AsMemory(HeaderLength));
        if (!PduEncoder.Encode(again).AsSpan().SequenceEqual(encoded))
            throw new FuzzDefectException($"{pdu.Describe()} does not survive encode/decode/encode");
    }
}

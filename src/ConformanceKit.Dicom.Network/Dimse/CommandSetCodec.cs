using System.Buffers.Binary;
using System.Collections.Frozen;

namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>
/// Reads command sets (group 0000, Implicit VR Little Endian, PS3.7 6.3.1) with the VRs of PS3.7 Annex E
/// (Tables E.1-1 and E.2-1) instead of the full data dictionary: the network path never waits for the
/// dictionary to load, and a command set can hold nothing but these flat elements (no sequences).
/// </summary>
internal static class CommandSetCodec
{
    private static readonly FrozenDictionary<ushort, DicomVR> Vr = new Dictionary<ushort, DicomVR>
    {
        [0x0000] = DicomVR.UL, [0x0001] = DicomVR.UL, [0x0002] = DicomVR.UI, [0x0003] = DicomVR.UI, [0x0010] = DicomVR.SH,
        [0x0100] = DicomVR.US, [0x0110] = DicomVR.US, [0x0120] = DicomVR.US, [0x0200] = DicomVR.AE, [0x0300] = DicomVR.AE,
        [0x0400] = DicomVR.AE, [0x0600] = DicomVR.AE, [0x0700] = DicomVR.US, [0x0800] = DicomVR.US, [0x0850] = DicomVR.US,
        [0x0860] = DicomVR.US, [0x0900] = DicomVR.US, [0x0901] = DicomVR.AT, [0x0902] = DicomVR.LO, [0x0903] = DicomVR.US,
        [0x1000] = DicomVR.UI, [0x1001] = DicomVR.UI, [0x1002] = DicomVR.US, [0x1005] = DicomVR.AT, [0x1008] = DicomVR.US,
        [0x1020] = DicomVR.US, [0x1021] = DicomVR.US, [0x1022] = DicomVR.US, [0x1023] = DicomVR.US, [0x1030] = DicomVR.AE,
        [0x1031] = DicomVR.US, [0x4000] = DicomVR.LT, [0x4010] = DicomVR.LT, [0x5010] = DicomVR.SH, [0x5020] = DicomVR.SH,
        [0x5110] = DicomVR.LT, [0x5120] = DicomVR.LT, [0x5130] = DicomVR.LT, [0x5140] = DicomVR.LT, [0x5150] = DicomVR.LT,
        [0x5160] = DicomVR.LT, [0x5170] = DicomVR.LT, [0x5180] = DicomVR.LT, [0x5190] = DicomVR.LT, [0x51A0] = DicomVR.LT,
        [0x51B0] = DicomVR.LT,
    }.ToFrozenDictionary();

    /// <summary>The VR of a command element (UN for one PS3.7 does not define).</summary>
    public static DicomVR VROf(DicomTag tag) => tag.Group == 0 && Vr.TryGetValue(tag.Element, out var vr) ? vr : DicomVR.UN;

    public static DicomDataset Decode(ReadOnlySpan<byte> bytes)
    {
        var ds = new DicomDataset();
        var pos = 0;
        while (pos < bytes.Length)
        {
            if (bytes.Length - pos < 8) throw new DimseFormatException($"command set truncated at byte {pos} ({bytes.Length - pos} bytes left)");
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[(pos + 2)..]));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 4)..]);
            if (tag.Group != 0x0000) throw new DimseFormatException($"command set holds {tag}, outside group 0000 (PS3.7 6.3.1)");
            if (length > (uint)(bytes.Length - pos - 8))
                throw new DimseFormatException($"command element {tag} claims {length} bytes but only {bytes.Length - pos - 8} remain");
            if (ds.Contains(tag)) throw new DimseFormatException($"command element {tag} appears twice");
            ds.Set(new DicomValueElement(tag, VROf(tag), bytes.Slice(pos + 8, (int)length).ToArray()));
            pos += 8 + (int)length;
        }
        return ds;
    }
}

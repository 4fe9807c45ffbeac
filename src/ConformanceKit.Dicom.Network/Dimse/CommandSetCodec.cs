using System.Buffers.Binary;

namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>
/// Reads command sets (group 0000, Implicit VR Little Endian, PS3.7 6.3.1) with the VRs of PS3.7 Annex E
/// (Tables E.1-1 and E.2-1) instead of the full data dictionary: the network path never waits for the
/// dictionary to load, and a command set can hold nothing but these flat elements (no sequences).
/// </summary>
internal static class CommandSetCodec
{
    /// <summary>The VR of a command element (UN for one PS3.7 does not define).</summary>
    public static DicomVR VROf(DicomTag tag) => tag.Group != 0 ? DicomVR.UN : tag.Element switch
    {
        0x0000 or 0x0001 => DicomVR.UL,
        0x0002 or 0x0003 or 0x1000 or 0x1001 => DicomVR.UI,
        0x0010 or 0x5010 or 0x5020 => DicomVR.SH,
        0x0100 or 0x0110 or 0x0120 or 0x0700 or 0x0800 or 0x0850 or 0x0860 or 0x0900 or 0x0903 or 0x1002 or 0x1008
            or 0x1020 or 0x1021 or 0x1022 or 0x1023 or 0x1031 => DicomVR.US,
        0x0200 or 0x0300 or 0x0400 or 0x0600 or 0x1030 => DicomVR.AE,
        0x0901 or 0x1005 => DicomVR.AT,
        0x0902 => DicomVR.LO,
        0x4000 or 0x4010 or 0x5110 or 0x5120 or 0x5130 or 0x5140 or 0x5150 or 0x5160 or 0x5170 or 0x5180 or 0x5190 or 0x51A0 or 0x51B0 => DicomVR.LT,
        _ => DicomVR.UN,
    };

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

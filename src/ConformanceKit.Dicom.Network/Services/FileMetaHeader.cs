using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Dicom.Network.Services;

/// <summary>
/// The few File Meta Information values a sender needs (PS3.10 7.1, Table 7.1-1): SOP class, SOP instance,
/// transfer syntax, and where the dataset starts. The meta group is always Explicit VR Little Endian, so a
/// short walk over its elements finds them without the general reader (and without its data dictionary,
/// whose loading would otherwise dominate the start of a short `ck store`).
/// </summary>
internal readonly record struct FileMetaHeader(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset)
{
    /// <summary>Null when the bytes are not a Part 10 file with those three values (the caller falls back to the full reader).</summary>
    public static FileMetaHeader? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 132 || !bytes.Slice(128, 4).SequenceEqual("DICM"u8)) return null;
        string? cls = null, inst = null, ts = null;
        var pos = 132;
        while (bytes.Length - pos >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(pos + 2)..]);
            var vr = DicomVR.FromBytes(bytes[pos + 4], bytes[pos + 5]);
            if (!vr.IsKnown) return null;
            long length;
            int valuePos;
            if (vr.HasLongLength)
            {
                if (bytes.Length - pos < 12) return null;
                length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 8)..]);
                valuePos = pos + 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(pos + 6)..]);
                valuePos = pos + 8;
            }
            if (length > bytes.Length - valuePos) return null;
            var value = bytes.Slice(valuePos, (int)length);
            switch (element)
            {
                case 0x0002: cls = Uid(value); break;
                case 0x0003: inst = Uid(value); break;
                case 0x0010: ts = Uid(value); break;
            }
            pos = valuePos + (int)length;
        }
        return cls is { Length: > 0 } && inst is { Length: > 0 } && ts is { Length: > 0 } ? new FileMetaHeader(cls, inst, ts, pos) : null;
    }

    private static string Uid(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}

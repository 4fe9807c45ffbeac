using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Dicom.Tests;

/// <summary>
/// Writes encoded datasets byte by byte, including the malformed ones no writer should produce
/// (PS3.5 7.1.2 explicit headers, 7.1.3 implicit headers, 7.5 items and delimiters).
/// </summary>
public sealed class RawDataset
{
    private readonly MemoryStream _bytes = new();
    private readonly bool _bigEndian;

    public RawDataset(bool bigEndian = false) => _bigEndian = bigEndian;

    public int Length => (int)_bytes.Length;

    public RawDataset Tag(ushort group, ushort element) => U16(group).U16(element);

    /// <summary>Explicit VR header with the length field the VR calls for.</summary>
    public RawDataset ExplicitHeader(ushort group, ushort element, string vr, uint length)
    {
        Tag(group, element).Ascii(vr);
        var v = DicomVR.FromString(vr);
        return v.HasLongLength || !v.IsKnown ? U16(0).U32(length) : U16(checked((ushort)length));
    }

    public RawDataset Explicit(ushort group, ushort element, string vr, byte[] value) =>
        ExplicitHeader(group, element, vr, (uint)value.Length).Bytes(value);

    public RawDataset Explicit(ushort group, ushort element, string vr, string value) =>
        Explicit(group, element, vr, Encoding.Latin1.GetBytes(value));

    public RawDataset ImplicitHeader(ushort group, ushort element, uint length) => Tag(group, element).U32(length);

    public RawDataset Implicit(ushort group, ushort element, byte[] value) => ImplicitHeader(group, element, (uint)value.Length).Bytes(value);

    public RawDataset Implicit(ushort group, ushort element, string value) => Implicit(group, element, Encoding.Latin1.GetBytes(value));

    public RawDataset Item(uint length = 0xFFFFFFFF) => Tag(0xFFFE, 0xE000).U32(length);
    public RawDataset ItemEnd() => Tag(0xFFFE, 0xE00D).U32(0);
    public RawDataset SequenceEnd() => Tag(0xFFFE, 0xE0DD).U32(0);

    public RawDataset Ascii(string text) => Bytes(Encoding.ASCII.GetBytes(text));

    public RawDataset Bytes(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public RawDataset U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public RawDataset U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>A Part 10 file: preamble, "DICM", a minimal meta group naming the transfer syntax, then this dataset.</summary>
    public byte[] ToPart10(string transferSyntaxUid)
    {
        var uid = Encoding.ASCII.GetBytes(transferSyntaxUid.Length % 2 == 1 ? transferSyntaxUid + "\0" : transferSyntaxUid);
        var group = new RawDataset().Explicit(0x0002, 0x0001, "OB", [0, 1]).Explicit(0x0002, 0x0010, "UI", uid).ToArray();
        var meta = new RawDataset().Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)group.Length)).Bytes(group).ToArray();
        return [.. new byte[128], .. "DICM"u8.ToArray(), .. meta, .. ToArray()];
    }
}

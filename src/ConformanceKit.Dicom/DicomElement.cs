namespace ConformanceKit.Dicom;

/// <summary>A data element of a dataset (PS3.5 section 7.1): a tag, a VR and a value of one of three shapes.</summary>
public abstract class DicomElement(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;
    public DicomVR VR { get; } = vr;

    /// <summary>Deep copy; raw value bytes are immutable and shared.</summary>
    public abstract DicomElement Clone();

    public override string ToString() => $"{Tag} {VR}";
}

/// <summary>
/// An element whose value is a byte string, kept exactly as received (little-endian byte order for
/// binary VRs, padding included). This is what makes reading and writing lossless.
/// </summary>
public sealed class DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) : DicomElement(tag, vr)
{
    public ReadOnlyMemory<byte> Value { get; } = value;

    public int Length => Value.Length;

    public override DicomElement Clone() => new DicomValueElement(Tag, VR, Value);
}

/// <summary>A sequence of items (VR SQ, or UN with undefined length carrying an Implicit VR sequence, PS3.5 6.2.2).</summary>
public sealed class DicomSequence(DicomTag tag, DicomVR vr, List<DicomDataset> items) : DicomElement(tag, vr)
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items) : this(tag, DicomVR.SQ, items.ToList()) { }

    public List<DicomDataset> Items { get; } = items;

    /// <summary>Whether the sequence was (or will be) encoded with undefined length and a Sequence Delimitation Item.</summary>
    public bool UndefinedLength { get; set; }

    public override DicomElement Clone()
    {
        var copy = new DicomSequence(Tag, VR, Items.Select(i => i.Clone()).ToList()) { UndefinedLength = UndefinedLength };
        return copy;
    }
}

/// <summary>Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item followed by fragments, kept as bytes.</summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, List<ReadOnlyMemory<byte>> fragments)
    : DicomElement(tag, vr)
{
    public ReadOnlyMemory<byte> OffsetTable { get; } = offsetTable;
    public List<ReadOnlyMemory<byte>> Fragments { get; } = fragments;

    public override DicomElement Clone() => new DicomFragmentSequence(Tag, VR, OffsetTable, [.. Fragments]);

    /// <summary>The items as encoded (PS3.5 A.4, little endian): Basic Offset Table item, then one item per fragment; no delimiter.</summary>
    public byte[] EncodeItems()
    {
        var bytes = new byte[8 + OffsetTable.Length + Fragments.Sum(f => 8 + f.Length)];
        var pos = WriteItem(bytes, 0, OffsetTable.Span);
        foreach (var f in Fragments) pos = WriteItem(bytes, pos, f.Span);
        return bytes;
    }

    private static int WriteItem(byte[] bytes, int pos, ReadOnlySpan<byte> value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(pos), DicomTag.Item.Group);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(pos + 2), DicomTag.Item.Element);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(pos + 4), (uint)value.Length);
        value.CopyTo(bytes.AsSpan(pos + 8));
        return pos + 8 + value.Length;
    }
}

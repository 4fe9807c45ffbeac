using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ConformanceKit.Dicom;

/// <summary>
/// Encodes datasets in Explicit or Implicit VR Little Endian (PS3.5 section 7 and Annex A.1/A.2).
/// Value bytes are written exactly as held, so a dataset read and written in the same transfer
/// syntax comes out byte for byte the same; sequence and item lengths follow each one's
/// defined/undefined-length flag.
/// </summary>
public static class DicomWriter
{
    private const uint Undefined = 0xFFFFFFFF;

    public static void Write(Stream stream, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        if (!syntax.LittleEndian || syntax.Deflated)
            throw new NotSupportedException($"writing {syntax.Name} is not supported; use Explicit or Implicit VR Little Endian");
        WriteElements(stream, dataset, syntax.ExplicitVR, stackalloc byte[12]);
    }

    public static byte[] Encode(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        using var ms = new MemoryStream(checked((int)Math.Min(Measure(dataset, syntax.ExplicitVR), int.MaxValue)));
        Write(ms, dataset, syntax);
        return ms.ToArray();
    }

    /// <summary>Encoded length of a dataset's elements (items' delimiters excluded).</summary>
    public static long Measure(DicomDataset dataset, bool explicitVR)
    {
        long n = 0;
        foreach (var e in dataset) n += MeasureElement(e, explicitVR);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long MeasureElement(DicomElement e, bool explicitVR)
    {
        var vr = WireVR(e, explicitVR);
        long header = !explicitVR ? 8 : vr.HasLongLength ? 12 : 8;
        switch (e)
        {
            case DicomValueElement v:
                return header + v.Length;
            case DicomSequence s:
                return header + MeasureSequenceValue(s, explicitVR) + (SequenceUndefined(s, explicitVR) ? 8 : 0);
            case DicomFragmentSequence f:
                return header + 8 + f.OffsetTable.Length + f.Fragments.Sum(x => 8L + x.Length) + 8;
            default:
                throw new InvalidOperationException(e.GetType().Name);
        }
    }

    private static long MeasureSequenceValue(DicomSequence s, bool explicitVR)
    {
        var itemsExplicit = explicitVR && s.VR != DicomVR.UN;
        long n = 0;
        foreach (var item in s.Items)
            n += 8 + Measure(item, itemsExplicit) + (ItemUndefined(s, item, explicitVR) ? 8 : 0);
        return n;
    }

    // A UN sequence in Explicit VR must have undefined length (PS3.5 6.2.2).
    private static bool SequenceUndefined(DicomSequence s, bool explicitVR) => s.UndefinedLength || (explicitVR && s.VR == DicomVR.UN);
    private static bool ItemUndefined(DicomSequence s, DicomDataset item, bool explicitVR) => item.UndefinedLength;

    private static DicomVR WireVR(DicomElement e, bool explicitVR)
    {
        if (!explicitVR) return e.VR;
        var vr = e.VR.IsKnown ? e.VR : DicomVR.UN;
        // A value too long for a 16-bit length can only be sent as UN (PS3.5 6.2.2 note).
        if (e is DicomValueElement v && !vr.HasLongLength && v.Length > 0xFFFF) vr = DicomVR.UN;
        return vr;
    }

    private static void WriteElements(Stream s, DicomDataset ds, bool explicitVR, Span<byte> h)
    {
        foreach (var e in ds) WriteElement(s, e, explicitVR, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteElement(Stream s, DicomElement e, bool explicitVR, Span<byte> h)
    {
        var vr = WireVR(e, explicitVR);
        switch (e)
        {
            case DicomValueElement v:
                WriteHeader(s, e.Tag, vr, (uint)v.Length, explicitVR, h);
                s.Write(v.Value.Span);
                break;
            case DicomSequence sq:
            {
                var undefined = SequenceUndefined(sq, explicitVR);
                WriteHeader(s, e.Tag, vr, undefined ? Undefined : checked((uint)MeasureSequenceValue(sq, explicitVR)), explicitVR, h);
                var itemsExplicit = explicitVR && sq.VR != DicomVR.UN;
                foreach (var item in sq.Items)
                {
                    var itemUndefined = ItemUndefined(sq, item, explicitVR);
                    WriteTagLength(s, DicomTag.Item, itemUndefined ? Undefined : checked((uint)Measure(item, itemsExplicit)), h);
                    WriteElements(s, item, itemsExplicit, h);
                    if (itemUndefined) WriteTagLength(s, DicomTag.ItemDelimitation, 0, h);
                }
                if (undefined) WriteTagLength(s, DicomTag.SequenceDelimitation, 0, h);
                break;
            }
            case DicomFragmentSequence f:
                WriteHeader(s, e.Tag, vr, Undefined, explicitVR, h);
                WriteTagLength(s, DicomTag.Item, (uint)f.OffsetTable.Length, h);
                s.Write(f.OffsetTable.Span);
                foreach (var frag in f.Fragments)
                {
                    WriteTagLength(s, DicomTag.Item, (uint)frag.Length, h);
                    s.Write(frag.Span);
                }
                WriteTagLength(s, DicomTag.SequenceDelimitation, 0, h);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteHeader(Stream s, DicomTag tag, DicomVR vr, uint length, bool explicitVR, Span<byte> h)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        if (!explicitVR)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
            s.Write(h[..8]);
            return;
        }
        h[4] = vr.First;
        h[5] = vr.Second;
        if (vr.HasLongLength)
        {
            h[6] = 0; h[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(h[8..], length);
            s.Write(h[..12]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], checked((ushort)length));
            s.Write(h[..8]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTagLength(Stream s, DicomTag tag, uint length, Span<byte> h)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], length);
        s.Write(h[..8]);
    }
}

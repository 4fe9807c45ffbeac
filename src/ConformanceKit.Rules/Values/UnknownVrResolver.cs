using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;

namespace ConformanceKit.Rules.Values;

/// <summary>
/// Standard attributes received as UN (PS3.5 6.2.2: a VR the sender did not know) are given their PS3.6
/// VR so that the IOD and value checks judge their content, and are reported once as DCM-VR-009.
/// The value bytes are unchanged (little-endian transfer syntaxes only; binary values of a big-endian
/// UN would be in the wrong byte order, so those are left alone).
/// </summary>
public static class UnknownVrResolver
{
    public static void Resolve(DicomDataset dataset, ObjectFindings findings, bool littleEndian = true)
    {
        var count = 0;
        string? first = null;
        Resolve(dataset, AttributePath.Root, littleEndian, ref count, ref first);
        if (count > 0)
            findings.Report(DicomRules.StandardAsUnknown, first!, $"{count} standard attribute(s) encoded with VR UN; checked as their PS3.6 VR",
                found: "UN", expected: "the PS3.6 VR");
    }

    private static DicomSequence? AsSequence(DicomTag tag, ReadOnlyMemory<byte> value)
    {
        var bytes = new byte[8 + value.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes, tag.Group);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), tag.Element);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)value.Length);
        value.Span.CopyTo(bytes.AsSpan(8));
        try
        {
            var ds = DicomDatasetReader.Parse(bytes, DicomTransferSyntax.ImplicitVRLittleEndian, new DicomReadOptions { Lenient = false });
            return ds[tag] as DicomSequence;
        }
        catch (DicomReadException) { return null; }
    }

    private static void Resolve(DicomDataset ds, AttributePath path, bool littleEndian, ref int count, ref string? first)
    {
        if (!ds.Any(e => e.VR == DicomVR.UN || e is DicomSequence)) return;
        foreach (var e in ds.ToList())
        {
            var p = path.Child(e.Tag);
            if (e is DicomSequence sq)
            {
                for (var i = 0; i < sq.Items.Count; i++) Resolve(sq.Items[i], p.Item(i + 1), littleEndian, ref count, ref first);
                continue;
            }
            if (e is not DicomValueElement { VR: var vr } v || vr != DicomVR.UN || e.Tag.IsPrivate) continue;
            if (DicomDictionary.Find(e.Tag) is not { } entry || entry.VRs is "" or "NONE") continue;
            var target = entry.VR;
            if (target == DicomVR.SQ)
            {
                // A UN sequence of defined length holds Implicit VR Little Endian items (PS3.5 6.2.2).
                if (AsSequence(e.Tag, v.Value) is not { } parsed) continue;
                ds.Set(parsed);
                for (var i = 0; i < parsed.Items.Count; i++) Resolve(parsed.Items[i], p.Item(i + 1), littleEndian, ref count, ref first);
                count++;
                first ??= p.ToString();
                continue;
            }
            if (!littleEndian && target.BinaryValueSize > 1) continue;
            ds.Set(new DicomValueElement(e.Tag, target, v.Value));
            count++;
            first ??= p.ToString();
        }
    }
}

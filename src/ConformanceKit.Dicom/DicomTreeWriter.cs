using System.Globalization;
using System.Text;

namespace ConformanceKit.Dicom;

/// <summary>
/// Prints a dataset as an indented tree, one element per line: tag, VR, keyword and value. Sequence items
/// and encapsulated fragments are indented under their element. Long values are folded to
/// <see cref="FoldAt"/> characters with the full size noted, unless full values are asked for.
/// </summary>
public sealed class DicomTreeWriter(TextWriter output, bool fullValues = false)
{
    /// <summary>Width after which a value is folded; room for a UID (64) and some more.</summary>
    public const int FoldAt = 72;

    private const int KeywordWidth = 36;

    /// <summary>Binary values show this many leading bytes when folded.</summary>
    private const int BinaryPreview = 16;

    public void Write(DicomFile file)
    {
        if (file.FileMetaInformation.Count > 0)
        {
            output.WriteLine("# File Meta Information (Explicit VR Little Endian)");
            Write(file.FileMetaInformation);
            output.WriteLine();
        }
        output.WriteLine($"# Dataset ({file.TransferSyntax})");
        Write(file.Dataset);
    }

    public void Write(DicomDataset dataset) => WriteDataset(dataset, dataset.CharacterSet, 0);

    private void WriteDataset(DicomDataset ds, DicomCharacterSet inherited, int depth)
    {
        var cs = ds[DicomTags.SpecificCharacterSet] is DicomValueElement ? ds.CharacterSet : inherited;
        foreach (var e in ds) WriteElement(e, cs, depth);
    }

    private void WriteElement(DicomElement e, DicomCharacterSet cs, int depth)
    {
        var indent = new string(' ', 2 * depth);
        var keyword = Keyword(e.Tag);
        var head = $"{indent}{e.Tag} {e.VR} {keyword.PadRight(Math.Max(0, KeywordWidth - indent.Length))}";
        switch (e)
        {
            case DicomSequence sq:
                output.WriteLine($"{head} {sq.Items.Count} item{(sq.Items.Count == 1 ? "" : "s")}{(sq.UndefinedLength ? ", undefined length" : "")}");
                for (var i = 0; i < sq.Items.Count; i++)
                {
                    output.WriteLine($"{indent}  > item {i + 1}");
                    WriteDataset(sq.Items[i], cs, depth + 2);
                }
                break;
            case DicomFragmentSequence f:
                output.WriteLine($"{head} encapsulated: offset table {f.OffsetTable.Length} bytes, {f.Fragments.Count} fragment{(f.Fragments.Count == 1 ? "" : "s")}");
                for (var i = 0; i < f.Fragments.Count; i++)
                    output.WriteLine($"{indent}  > fragment {i + 1}: {Binary(f.Fragments[i].Span)}");
                break;
            case DicomValueElement v:
                output.WriteLine($"{head} {ValueText(v, cs)}".TrimEnd());
                break;
        }
    }

    private static string Keyword(DicomTag tag)
    {
        if (tag.IsPrivateCreator) return "PrivateCreator";
        var k = DicomDictionary.KeywordOf(tag);
        return k.Length > 0 ? k : tag.IsPrivate ? "(private)" : "(unknown)";
    }

    private string ValueText(DicomValueElement v, DicomCharacterSet cs)
    {
        if (v.Length == 0) return "(empty)";
        var vr = v.VR;
        if (vr.IsString)
        {
            string text;
            try { text = cs.Decode(v.Value.Span, vr.UsesSpecificCharacterSet); }
            catch (DicomCharacterSetException ex) { return $"<{ex.Message}> {Binary(v.Value.Span)}"; }
            return Fold("[" + DicomValueText.TrimWhole(text, vr) + "]", v.Length);
        }
        if (vr.IsBinaryNumber || vr == DicomVR.AT)
            return Fold(string.Join('\\', DicomValueText.FormatBinary(v.Value.Span, vr)), v.Length);
        return Binary(v.Value.Span);
    }

    private string Fold(string text, int byteLength)
    {
        if (fullValues || text.Length <= FoldAt) return text;
        return text[..FoldAt] + $"... ({byteLength.ToString(CultureInfo.InvariantCulture)} bytes)";
    }

    private string Binary(ReadOnlySpan<byte> bytes)
    {
        var n = fullValues ? bytes.Length : Math.Min(bytes.Length, BinaryPreview);
        var sb = new StringBuilder(n * 3 + 24);
        for (var i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }
        if (n < bytes.Length) sb.Append(" ...");
        sb.Append(" (").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes)");
        return sb.ToString();
    }
}

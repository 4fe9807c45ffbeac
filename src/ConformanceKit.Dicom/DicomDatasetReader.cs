using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace ConformanceKit.Dicom;

/// <summary>
/// Parses a dataset (PS3.5 section 7) held in memory. Values are slices of the input, not copies
/// (except where Big Endian values are swapped to little-endian). Never allocates by an untrusted
/// length: every length is checked against the bytes that are really there.
/// </summary>
public sealed class DicomDatasetReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly DicomTransferSyntax _syntax;
    private readonly DicomReadOptions _options;
    private readonly long _baseOffset;
    private readonly List<DicomReadIssue> _issues;
    private readonly List<(DicomTag Tag, int Item)> _path = [];

    /// <param name="buffer">the encoded dataset</param>
    /// <param name="baseOffset">offset of the buffer in the file, for messages</param>
    public DicomDatasetReader(ReadOnlyMemory<byte> buffer, DicomTransferSyntax syntax, DicomReadOptions? options = null,
        long baseOffset = 0, List<DicomReadIssue>? issues = null)
    {
        _buffer = buffer;
        _syntax = syntax;
        _options = options ?? DicomReadOptions.Default;
        _baseOffset = baseOffset;
        _issues = issues ?? [];
    }

    public IReadOnlyList<DicomReadIssue> Issues => _issues;

    /// <summary>Reads the whole buffer as one dataset.</summary>
    public DicomDataset Read()
    {
        var ds = new DicomDataset();
        var pos = ReadElements(ds, 0, _buffer.Length, untilDelimiter: false, explicitVR: _syntax.ExplicitVR, littleEndian: _syntax.LittleEndian, depth: 0);
        if (pos < _buffer.Length && _options.StopAfter is null)
            Issue(pos, $"{_buffer.Length - pos} bytes after the end of the dataset were ignored");
        return ds;
    }

    /// <summary>Convenience: parse an encoded dataset in a transfer syntax (network use).</summary>
    public static DicomDataset Parse(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions? options = null) =>
        new DicomDatasetReader(bytes, syntax, options).Read();

    // Reads elements into ds from pos until end (defined length) or an Item Delimitation Item.
    // Returns the position after the last consumed byte (after the delimiter, when there is one).
    // Every iteration consumes at least 8 bytes or returns, so the loop always ends.
    // Hot path: compiled optimized at once, not left to tiering (short-lived ck processes, loaded machines).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReadElements(DicomDataset ds, int pos, int end, bool untilDelimiter, bool explicitVR, bool littleEndian, int depth)
    {
        var span = _buffer.Span;
        while (pos < end)
        {
            if (end - pos < 8)
            {
                if (IsAllPadding(span[pos..end])) { Issue(pos, $"{end - pos} trailing padding bytes ignored"); return end; }
                Fail(pos, $"truncated element header ({end - pos} bytes left)");
                return end;
            }
            var tag = ReadTag(span[pos..], littleEndian);
            if (tag.Group == 0xFFFE)
            {
                var len = ReadUInt32(span[(pos + 4)..], littleEndian);
                if (tag == DicomTag.ItemDelimitation && depth > 0)
                {
                    if (!untilDelimiter) Issue(pos, "Item Delimitation Item in an item of defined length (ignored)");
                    if (len != 0) Issue(pos, "Item Delimitation Item with non-zero length");
                    return pos + 8;
                }
                if (tag == DicomTag.SequenceDelimitation && untilDelimiter)
                {
                    // An item that ends with the sequence delimiter: the item delimiter is missing.
                    Issue(pos, "Item Delimitation Item missing before Sequence Delimitation Item");
                    return pos; // let the sequence reader consume it
                }
                Fail(pos, $"unexpected {tag} where a data element was expected");
                return end;
            }

            if (_options.StopAfter is { } stop && tag > stop && depth == 0) return end;

            // Not a VR in an Explicit VR dataset: the data is not in its declared transfer syntax (a conformance
            // error; some writers switch to Implicit VR part way). Read the rest of this dataset as Implicit VR.
            if (explicitVR && !(IsUpper(span[pos + 4]) && IsUpper(span[pos + 5])))
            {
                Fail(pos, $"no VR for {tag} in an Explicit VR dataset; the rest of this dataset is read as Implicit VR");
                explicitVR = false;
            }
            var header = ReadHeader(span, pos, end, tag, explicitVR, littleEndian, ds);
            if (header is null) return end;
            var (vr, length, valuePos) = header.Value;

            PushPath(tag);
            try
            {
                var (element, next) = ReadValue(ds, tag, vr, length, valuePos, end, explicitVR, littleEndian, depth, span);
                switch (ds.AppendRead(element))
                {
                    case DicomDataset.ReadPlacement.Duplicate: Issue(pos, $"duplicate element {tag}; the first occurrence is kept"); break;
                    // PS3.5 7.1: elements come in ascending tag order; the dataset keeps them sorted.
                    case DicomDataset.ReadPlacement.Sorted: Issue(pos, $"element {tag} out of ascending order; sorted into place"); break;
                }
                pos = next;
            }
            finally { PopPath(); }
        }
        if (untilDelimiter) Fail(pos, "item ended without an Item Delimitation Item");
        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (DicomElement Element, int Next) ReadValue(DicomDataset ds, DicomTag tag, DicomVR vr, uint length, int valuePos, int end,
        bool explicitVR, bool littleEndian, int depth, ReadOnlySpan<byte> span)
    {
        if (length == UndefinedLength)
        {
            if (tag == DicomTags.PixelData && vr != DicomVR.SQ || (vr == DicomVR.OB || vr == DicomVR.OW) && LooksLikeItem(span, valuePos, littleEndian))
                return ReadFragments(tag, vr, valuePos, end, littleEndian);
            if (vr != DicomVR.SQ && vr != DicomVR.UN)
                Issue(valuePos, $"undefined length for VR {vr}; read as a sequence");
            // SQ, or UN (or anything else) with undefined length: a sequence; UN's items are Implicit VR Little Endian (PS3.5 6.2.2).
            var isUN = vr == DicomVR.UN;
            return ReadSequence(ds, tag, isUN ? DicomVR.UN : DicomVR.SQ, valuePos, end, true, !isUN && explicitVR, isUN || littleEndian, depth);
        }
        var available = end - valuePos;
        var len = (int)Math.Min(length, (uint)int.MaxValue);
        if (length > available)
        {
            Fail(valuePos, $"value length {length} exceeds the {available} bytes left; value truncated");
            len = available;
        }
        if (vr == DicomVR.SQ)
            return ReadSequence(ds, tag, vr, valuePos, valuePos + len, false, explicitVR, littleEndian, depth);
        if ((len & 1) == 1) Issue(valuePos, $"odd value length {len}");
        else if (vr.BinaryValueSize > 1 && len % vr.BinaryValueSize != 0)
            Issue(valuePos, $"value length {len} is not a multiple of {vr.BinaryValueSize} for VR {vr}");
        return (new DicomValueElement(tag, vr, Value(valuePos, len, vr, littleEndian)), valuePos + len);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (DicomVR VR, uint Length, int ValuePos)? ReadHeader(ReadOnlySpan<byte> span, int pos, int end, DicomTag tag,
        bool explicitVR, bool littleEndian, DicomDataset ds)
    {
        if (!explicitVR) return (ImplicitVR(tag, ds), ReadUInt32(span[(pos + 4)..], littleEndian), pos + 8);
        var vr = DicomVR.FromBytes(span[pos + 4], span[pos + 5]);
        var known = vr.IsKnown;
        if (!known) Issue(pos, $"unknown VR '{vr}' for {tag}; read as UN");
        else CheckAgainstDictionary(pos, tag, vr);
        if (vr.HasLongLength || !known)
        {
            // PS3.5 7.1.2: reserved bytes, then a 32-bit length. An unknown VR is taken to have this form (as UN has).
            if (end - pos < 12) { Fail(pos, "truncated element header"); return null; }
            return (known ? vr : DicomVR.UN, ReadUInt32(span[(pos + 8)..], littleEndian), pos + 12);
        }
        return (vr, ReadUInt16(span[(pos + 6)..], littleEndian), pos + 8);
    }

    // A VR the dictionary does not allow for a standard tag is kept (the bytes are what they are) and reported.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckAgainstDictionary(int pos, DicomTag tag, DicomVR vr)
    {
        if (tag.IsPrivate || tag.IsGroupLength || vr == DicomVR.UN) return;
        if (DicomDictionary.Find(tag) is { } entry && !entry.AllowsVR(vr))
            Issue(pos, $"VR {vr} contradicts the dictionary ({entry.Keyword} is {entry.VRs})");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DicomVR ImplicitVR(DicomTag tag, DicomDataset ds)
    {
        if (tag.IsPrivate && !tag.IsPrivateCreator && !tag.IsGroupLength && tag.Element >= 0x1000)
        {
            // Private creator aware (PS3.5 7.8.1): the block's creator names the dictionary to use.
            if (ds[tag.PrivateCreatorTag] is DicomValueElement creator &&
                DicomDictionary.FindPrivate(DicomCharacterSet.Default.Decode(creator.Value.Span, false), tag) is { } p &&
                p.VRs.Length == 2)
                return p.VR;
            return DicomVR.UN;
        }
        var entry = tag.IsGroupLength || tag.IsPrivateCreator ? null : DicomDictionary.Find(tag);
        if (entry is null || entry.VRs == "NONE") return DicomDictionary.ImplicitVR(tag);
        if (!entry.HasSeveralVRs) return entry.VR;
        // "US or SS": the Pixel Representation in force decides (PS3.5 Annex A.1 c); read from the raw bytes so
        // that a malformed Pixel Representation cannot stop the reader.
        if (entry.VRs.Contains("SS", StringComparison.Ordinal))
        {
            for (var d = ds; d is not null; d = d.Parent)
                if (d[DicomTags.PixelRepresentation] is DicomValueElement pr)
                    return pr.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(pr.Value.Span) == 1 ? DicomVR.SS : DicomVR.US;
            return DicomVR.US;
        }
        // "OB or OW" in Implicit VR is OW (PS3.5 Annex A.1 a); "US or OW" (LUT Data) likewise.
        return DicomVR.OW;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (DicomElement, int) ReadSequence(DicomDataset parent, DicomTag tag, DicomVR vr, int pos, int end, bool undefined,
        bool explicitVR, bool littleEndian, int depth)
    {
        if (depth + 1 > _options.MaxSequenceDepth)
            throw new DicomReadException($"sequences nested deeper than {_options.MaxSequenceDepth}", _baseOffset + pos, PathText());
        var span = _buffer.Span;
        var items = new List<DicomDataset>();
        var seq = new DicomSequence(tag, vr, items) { UndefinedLength = undefined };
        while (pos < end)
        {
            if (end - pos < 8) { Fail(pos, "truncated item header"); return (seq, end); }
            var itemTag = ReadTag(span[pos..], littleEndian);
            var len = ReadUInt32(span[(pos + 4)..], littleEndian);
            if (itemTag == DicomTag.SequenceDelimitation)
            {
                if (!undefined) Issue(pos, "Sequence Delimitation Item in a sequence of defined length");
                return (seq, pos + 8);
            }
            if (itemTag != DicomTag.Item)
            {
                Fail(pos, $"expected an Item (FFFE,E000) in the sequence but found {itemTag}");
                return (seq, end);
            }
            // The parent is known while the item is read: character set and Pixel Representation are inherited.
            var item = new DicomDataset { UndefinedLength = len == UndefinedLength, Parent = parent };
            items.Add(item);
            _path[^1] = (_path[^1].Tag, items.Count);
            pos += 8;
            if (len == UndefinedLength)
                pos = ReadElements(item, pos, end, untilDelimiter: true, explicitVR, littleEndian, depth + 1);
            else
            {
                var itemEnd = pos + (int)Math.Min(len, (uint)(end - pos));
                if (len > (uint)(end - pos)) Fail(pos, $"item length {len} exceeds the {end - pos} bytes left");
                ReadElements(item, pos, itemEnd, untilDelimiter: false, explicitVR, littleEndian, depth + 1);
                pos = itemEnd;
            }
        }
        if (undefined) Fail(pos, "sequence ended without a Sequence Delimitation Item");
        return (seq, pos);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (DicomElement, int) ReadFragments(DicomTag tag, DicomVR vr, int pos, int end, bool littleEndian)
    {
        var span = _buffer.Span;
        ReadOnlyMemory<byte>? offsetTable = null;
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (pos < end)
        {
            if (end - pos < 8) { Fail(pos, "truncated fragment header"); break; }
            var t = ReadTag(span[pos..], littleEndian);
            var len = ReadUInt32(span[(pos + 4)..], littleEndian);
            pos += 8;
            if (t == DicomTag.SequenceDelimitation)
                return (new DicomFragmentSequence(tag, vr, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments), pos);
            if (t != DicomTag.Item || len == UndefinedLength)
            {
                Fail(pos - 8, $"expected a fragment Item in encapsulated pixel data but found {t}");
                return (new DicomFragmentSequence(tag, vr, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments), end);
            }
            var n = (int)Math.Min(len, (uint)(end - pos));
            if (len > (uint)(end - pos)) Fail(pos, $"fragment length {len} exceeds the {end - pos} bytes left");
            var bytes = _buffer.Slice(pos, n);
            if (offsetTable is null) offsetTable = bytes; else fragments.Add(bytes);
            pos += n;
        }
        Fail(pos, "encapsulated pixel data ended without a Sequence Delimitation Item");
        return (new DicomFragmentSequence(tag, vr, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments), pos);
    }

    private ReadOnlyMemory<byte> Value(int pos, int len, DicomVR vr, bool littleEndian)
    {
        var slice = _buffer.Slice(pos, len);
        if (littleEndian) return slice;
        // Big Endian (PS3.5 A.3): swap binary values so that the dataset always holds little-endian bytes.
        var unit = vr == DicomVR.AT ? 2 : vr.BinaryValueSize;
        if (unit <= 1) return slice;
        var copy = slice.ToArray();
        for (var i = 0; i + unit <= copy.Length; i += unit) Array.Reverse(copy, i, unit);
        return copy;
    }

    private static bool LooksLikeItem(ReadOnlySpan<byte> span, int pos, bool littleEndian) =>
        span.Length - pos >= 8 && ReadTag(span[pos..], littleEndian) == DicomTag.Item;

    private static bool IsUpper(byte b) => (uint)(b - 'A') <= 'Z' - 'A';

    private static bool IsAllPadding(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept((byte)0) < 0;

    internal static DicomTag ReadTag(ReadOnlySpan<byte> s, bool littleEndian) => littleEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(s), BinaryPrimitives.ReadUInt16BigEndian(s[2..]));

    private static uint ReadUInt32(ReadOnlySpan<byte> s, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);

    private static ushort ReadUInt16(ReadOnlySpan<byte> s, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);

    private void PushPath(DicomTag tag) => _path.Add((tag, 0));
    private void PopPath() => _path.RemoveAt(_path.Count - 1);

    /// <summary>The tag path being read, for example (0008,1115)[1]/(0008,1155) (items counted from 1).</summary>
    private string PathText()
    {
        var sb = new StringBuilder();
        foreach (var (tag, item) in _path)
        {
            if (sb.Length > 0) sb.Append('/');
            sb.Append(tag.ToString());
            if (item > 0) sb.Append('[').Append(item).Append(']');
        }
        return sb.ToString();
    }

    /// <summary>Issues kept per read; garbage cannot grow the list without bound.</summary>
    public const int MaxIssues = 500;

    private void Issue(int pos, string message) => Add(pos, message, DicomReadSeverity.Warning);

    private void Add(int pos, string message, DicomReadSeverity severity)
    {
        if (_issues.Count < MaxIssues)
            _issues.Add(new DicomReadIssue(_baseOffset + pos, PathText(), message) { Severity = severity });
        else if (_issues.Count == MaxIssues)
            _issues.Add(new DicomReadIssue(_baseOffset + pos, PathText(), "too many issues; the rest are not listed") { Severity = severity });
    }

    // A structural problem: recorded and reading stops at this level (lenient), or thrown (strict).
    private void Fail(int pos, string message)
    {
        if (!_options.Lenient) throw new DicomReadException(message, _baseOffset + pos, PathText());
        Add(pos, message, DicomReadSeverity.Error);
    }
}

using System.Buffers.Binary;
using System.Collections;
using System.Runtime.InteropServices;

namespace ConformanceKit.Dicom;

/// <summary>
/// A DICOM dataset (PS3.5 section 7): data elements kept sorted by tag. Values keep their exact bytes;
/// the accessors below decode them on demand (strings with the Specific Character Set in force, numbers
/// with the invariant culture). Sequence items are datasets too and know their parent for character set
/// inheritance (PS3.5 7.5.3 / PS3.3 C.12.1.1.2).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements;

    public DicomDataset() => _elements = [];

    public DicomDataset(IEnumerable<DicomElement> elements) : this()
    {
        foreach (var e in elements) Set(e);
    }

    /// <summary>The dataset that holds the sequence this item belongs to, or null for a top-level dataset.</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>Whether this item was (or will be) encoded with undefined length and an Item Delimitation Item.</summary>
    public bool UndefinedLength { get; set; }

    public int Count => _elements.Count;

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public DicomElement? this[DicomTag tag] => IndexOf(tag) is var i and >= 0 ? _elements[i] : null;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    private int IndexOf(DicomTag tag)
    {
        // Binary search: datasets are sorted by tag (PS3.5 7.1: ascending order).
        int lo = 0, hi = _elements.Count - 1;
        var key = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = _elements[mid].Tag.Value;
            if (v == key) return mid;
            if (v < key) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>Adds or replaces an element.</summary>
    public DicomDataset Set(DicomElement element)
    {
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
            _elements.Add(element);
        else
        {
            var i = IndexOf(element.Tag);
            if (i >= 0) _elements[i] = element; else _elements.Insert(~i, element);
        }
        if (element is DicomSequence sq)
            foreach (var item in sq.Items) item.Parent = this;
        return this;
    }

    /// <summary>How an element read from a stream was placed.</summary>
    internal enum ReadPlacement { Appended, Sorted, Duplicate }

    /// <summary>Appends an element read from a stream; one out of order is inserted in place; a duplicate is dropped (the first one wins).</summary>
    internal ReadPlacement AppendRead(DicomElement element)
    {
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag) { _elements.Add(element); return ReadPlacement.Appended; }
        var i = IndexOf(element.Tag);
        if (i >= 0) return ReadPlacement.Duplicate;
        _elements.Insert(~i, element);
        return ReadPlacement.Sorted;
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0) return false;
        _elements.RemoveAt(i);
        return true;
    }

    public void RemoveAll(Predicate<DicomElement> match) => _elements.RemoveAll(match);

    public DicomDataset Clone()
    {
        var copy = new DicomDataset { UndefinedLength = UndefinedLength };
        foreach (var e in _elements) copy.Set(e.Clone());
        return copy;
    }

    // ---- character set ----

    /// <summary>The Specific Character Set in force for this dataset (its own, or inherited from the enclosing dataset).</summary>
    private sealed record CharacterSetOf(DicomValueElement Source, DicomCharacterSet Set);

    private CharacterSetOf? _characterSet;

    public DicomCharacterSet CharacterSet
    {
        get
        {
            for (var ds = this; ds is not null; ds = ds.Parent)
                if (ds[DicomTags.SpecificCharacterSet] is DicomValueElement cs)
                {
                    // Parsed once per element object: replacing the element (Set) replaces the object.
                    if (ds._characterSet is { } cached && cached.Source == cs) return cached.Set;
                    var set = DicomCharacterSet.FromTerms(SplitValues(DicomCharacterSet.Default.Decode(cs.Value.Span)));
                    ds._characterSet = new CharacterSetOf(cs, set); // one reference write: safe for concurrent readers
                    return set;
                }
            return DicomCharacterSet.Default;
        }
    }

    // ---- reading values ----

    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) => this[tag] is DicomValueElement e ? e.Value : ReadOnlyMemory<byte>.Empty;

    /// <summary>The whole value as text with trailing padding removed (leading spaces kept only for LT/ST/UT/UR per PS3.5 6.2).</summary>
    public string? GetString(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement e) return null;
        if (!e.VR.IsString && e.VR != DicomVR.UN && e.VR != DicomVR.OB) return string.Join('\\', GetValuesAsText(e));
        var text = CharacterSet.Decode(e.Value.Span, e.VR.UsesSpecificCharacterSet);
        return DicomValueText.TrimWhole(text, e.VR);
    }

    /// <summary>The values of a multi-valued string, split on backslash (PS3.5 6.4), each trimmed of padding.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement e || e.Length == 0) return [];
        if (!e.VR.IsString) return GetValuesAsText(e);
        var text = CharacterSet.Decode(e.Value.Span, e.VR.UsesSpecificCharacterSet);
        return DicomValueText.Split(text, e.VR);
    }

    /// <summary>Numbers of DS, IS, FL, FD, US, SS, UL, SL, SV, UV values (invariant culture); throws FormatException on bad text.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement e) return [];
        var s = e.Value.Span;
        if (e.VR == DicomVR.DS || e.VR == DicomVR.IS)
            return GetStrings(tag).Where(v => v.Length > 0).Select(v => DicomValueCodec.ParseDecimal(v, tag)).ToArray();
        if (e.VR == DicomVR.FD || e.VR == DicomVR.OD) return Binary<double>(s).ToArray();
        if (e.VR == DicomVR.FL || e.VR == DicomVR.OF) return Binary<float>(s).ToArray().Select(f => (double)f).ToArray();
        return GetLongs(tag).Select(v => (double)v).ToArray();
    }

    public double? GetDouble(DicomTag tag, int index = 0) => GetDoubles(tag) is var v && v.Length > index ? v[index] : null;

    /// <summary>Integers of IS, US, SS, UL, SL, SV, UV, AT-less binary values.</summary>
    public long[] GetLongs(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement e) return [];
        var s = e.Value.Span;
        if (e.VR == DicomVR.IS || e.VR == DicomVR.DS)
            return GetStrings(tag).Where(v => v.Length > 0).Select(v => DicomValueCodec.ParseInteger(v, tag)).ToArray();
        if (e.VR == DicomVR.US || e.VR == DicomVR.OW) return Binary<ushort>(s).ToArray().Select(v => (long)v).ToArray();
        if (e.VR == DicomVR.SS) return Binary<short>(s).ToArray().Select(v => (long)v).ToArray();
        if (e.VR == DicomVR.UL || e.VR == DicomVR.OL) return Binary<uint>(s).ToArray().Select(v => (long)v).ToArray();
        if (e.VR == DicomVR.SL) return Binary<int>(s).ToArray().Select(v => (long)v).ToArray();
        if (e.VR == DicomVR.SV) return Binary<long>(s).ToArray();
        if (e.VR == DicomVR.UV || e.VR == DicomVR.OV) return Binary<ulong>(s).ToArray().Select(v => unchecked((long)v)).ToArray();
        throw new FormatException($"{tag} has VR {e.VR}, which holds no integers");
    }

    public int? GetInt(DicomTag tag, int index = 0) => GetLongs(tag) is var v && v.Length > index ? checked((int)v[index]) : null;

    public ushort? GetUShort(DicomTag tag, int index = 0) => GetLongs(tag) is var v && v.Length > index ? checked((ushort)v[index]) : null;

    /// <summary>Values of an AT element as tags.</summary>
    public DicomTag[] GetTags(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement { VR: var vr } e || vr != DicomVR.AT) return [];
        var s = e.Value.Span;
        var result = new DicomTag[s.Length / 4];
        for (var i = 0; i < result.Length; i++)
            result[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s[(4 * i)..]), BinaryPrimitives.ReadUInt16LittleEndian(s[(4 * i + 2)..]));
        return result;
    }

    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    /// <summary>The items of a sequence, or an empty list when the sequence is absent.</summary>
    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => GetSequence(tag)?.Items ?? (IReadOnlyList<DicomDataset>)[];

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomDataset? GetItem(DicomTag tag) => GetItems(tag) is { Count: > 0 } items ? items[0] : null;

    // ---- writing values ----

    private static DicomVR ResolveVR(DicomTag tag, DicomVR? vr) =>
        vr ?? DicomDictionary.Find(tag)?.VR ?? throw new ArgumentException($"{tag} is not in the dictionary; give its VR");

    /// <summary>Sets a string value (several values joined with backslash), encoded with this dataset's character set and padded to even length.</summary>
    public DicomDataset SetString(DicomTag tag, string value, DicomVR? vr = null)
    {
        var v = ResolveVR(tag, vr);
        var bytes = CharacterSet.Encode(value, v.UsesSpecificCharacterSet);
        return Set(new DicomValueElement(tag, v, DicomValueCodec.PadEven(bytes, v.PaddingByte)));
    }

    public DicomDataset SetStrings(DicomTag tag, IEnumerable<string> values, DicomVR? vr = null) =>
        SetString(tag, string.Join('\\', values), vr);

    /// <summary>Sets DS values, each written in at most 16 characters (PS3.5 Table 6.2-1).</summary>
    public DicomDataset SetDecimals(DicomTag tag, params double[] values) =>
        SetString(tag, string.Join('\\', values.Select(DicomValueCodec.FormatDecimal)), DicomVR.DS);

    public DicomDataset SetIntegers(DicomTag tag, params long[] values) =>
        SetString(tag, string.Join('\\', values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))), DicomVR.IS);

    public DicomDataset SetUInt16(DicomTag tag, params ushort[] values) => SetBinary(tag, DicomVR.US, values);
    public DicomDataset SetInt16(DicomTag tag, params short[] values) => SetBinary(tag, DicomVR.SS, values);
    public DicomDataset SetUInt32(DicomTag tag, params uint[] values) => SetBinary(tag, DicomVR.UL, values);
    public DicomDataset SetInt32(DicomTag tag, params int[] values) => SetBinary(tag, DicomVR.SL, values);
    public DicomDataset SetFloat32(DicomTag tag, params float[] values) => SetBinary(tag, DicomVR.FL, values);
    public DicomDataset SetFloat64(DicomTag tag, params double[] values) => SetBinary(tag, DicomVR.FD, values);

    public DicomDataset SetTags(DicomTag tag, params DicomTag[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i), values[i].Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i + 2), values[i].Element);
        }
        return Set(new DicomValueElement(tag, DicomVR.AT, bytes));
    }

    /// <summary>Sets binary values (stored little-endian, the byte order of every transfer syntax written here).</summary>
    public DicomDataset SetBinary<T>(DicomTag tag, DicomVR vr, ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        return Set(new DicomValueElement(tag, vr, DicomValueCodec.PadEven(bytes, 0)));
    }

    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) => Set(new DicomValueElement(tag, vr, value));

    /// <summary>Sets an element with an empty value (Type 2 attributes, PS3.5 7.4).</summary>
    public DicomDataset SetEmpty(DicomTag tag, DicomVR? vr = null)
    {
        var v = ResolveVR(tag, vr);
        return v == DicomVR.SQ ? Set(new DicomSequence(tag, [])) : Set(new DicomValueElement(tag, v, ReadOnlyMemory<byte>.Empty));
    }

    public DicomDataset SetSequence(DicomTag tag, params DicomDataset[] items) => Set(new DicomSequence(tag, items));

    /// <summary>Fluent sugar for building datasets in code: ds.With(DicomTags.Modality, "CT").</summary>
    public DicomDataset With(DicomTag tag, string value) => SetString(tag, value);

    // ---- helpers ----

    internal static string[] SplitValues(string text) => text.Split('\\');

    private static ReadOnlySpan<T> Binary<T>(ReadOnlySpan<byte> bytes) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(bytes[..(bytes.Length - bytes.Length % Marshal.SizeOf<T>())]);

    private static string[] GetValuesAsText(DicomValueElement e) =>
        e.VR.IsBinaryNumber || e.VR == DicomVR.AT
            ? DicomValueText.FormatBinary(e.Value.Span, e.VR)
            : [Convert.ToHexString(e.Value.Span.Length > 64 ? e.Value.Span[..64] : e.Value.Span) + (e.Value.Length > 64 ? "..." : "")];
}

using System.Globalization;

namespace ConformanceKit.Dicom;

/// <summary>One PS3.6 data element: tag (with a mask for repeating groups such as 50xx and 60xx), VR, VM, keyword, name.</summary>
public sealed record DicomDictionaryEntry(uint Tag, uint Mask, string VRs, string VM, string Keyword, string Name, bool Retired)
{
    /// <summary>The first listed VR (for "US/SS" entries the reader decides from context, PS3.5 Annex A.1 c).</summary>
    public DicomVR VR => DicomVR.FromString(VRs[..2]);

    public IReadOnlyList<DicomVR> AllVRs => VRs.Split('/').Select(DicomVR.FromString).ToArray();

    public bool HasSeveralVRs => VRs.Length > 2;

    /// <summary>Whether the dictionary allows this VR for the element (one of "US/SS/OW" and the like).</summary>
    public bool AllowsVR(DicomVR vr)
    {
        for (var i = 0; i + 2 <= VRs.Length; i += 3)
            if (VRs[i] == (char)vr.First && VRs[i + 1] == (char)vr.Second) return true;
        return false;
    }

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag;
}

/// <summary>A well-known private data element: its private creator, group and element offset within the block.</summary>
public sealed record DicomPrivateEntry(string Creator, ushort Group, byte ElementOffset, string VRs, string VM, string Keyword)
{
    public DicomVR VR => DicomVR.FromString(VRs[..2]);
}

/// <summary>Data dictionary of PS3.6 plus well-known private elements (see the generator for the sources).</summary>
public static partial class DicomDictionary
{
    private static readonly Lazy<Index> Data = new(() => new Index(StandardEntries()));
    private static readonly Lazy<Dictionary<(string, ushort, byte), DicomPrivateEntry>> Privates = new(PrivateIndex);

    public static IReadOnlyList<DicomDictionaryEntry> All => Data.Value.All;

    /// <summary>The entry for a standard tag, repeating groups included; null for private or unknown tags.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var d = Data.Value;
        if (d.Exact.TryGetValue(tag.Value, out var e)) return e;
        // Repeating groups are even (50xx, 60xx: PS3.5 7.6); an odd group with the same low bits is private.
        if (tag.IsPrivate) return null;
        foreach (var r in d.Repeating)
            if (r.Matches(tag)) return r;
        return null;
    }

    public static DicomDictionaryEntry? FindByKeyword(string keyword) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out var e) ? e : null;

    /// <summary>A private element known under the given private creator (PS3.5 7.8.1).</summary>
    public static DicomPrivateEntry? FindPrivate(string creator, DicomTag tag) =>
        Privates.Value.TryGetValue((creator.Trim(), tag.Group, (byte)tag.Element), out var e) ? e : null;

    /// <summary>The VR an Implicit VR reader assumes for a tag with no private creator information.</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (tag.IsGroupLength) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        return Find(tag)?.VR ?? DicomVR.UN;
    }

    /// <summary>Keyword of a tag, or an empty string when unknown.</summary>
    public static string KeywordOf(DicomTag tag) => tag.IsGroupLength ? "GroupLength" : Find(tag)?.Keyword ?? "";

    private static DicomDictionaryEntry[] StandardEntries() =>
        GeneratedTable.Rows(StandardTable).Select(f =>
        {
            // "60xx0010": x digits are free (repeating groups); the mask keeps the fixed ones.
            var pattern = f[0];
            var tag = uint.Parse(pattern.Replace('x', '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var mask = 0u;
            foreach (var c in pattern) mask = (mask << 4) | (c == 'x' ? 0u : 0xFu);
            return new DicomDictionaryEntry(tag, mask, f[1], f[2], f[3], f[4], f[5] == "R");
        }).ToArray();

    private static Dictionary<(string, ushort, byte), DicomPrivateEntry> PrivateIndex()
    {
        var index = new Dictionary<(string, ushort, byte), DicomPrivateEntry>();
        foreach (var f in GeneratedTable.Rows(PrivateTable))
        {
            var entry = new DicomPrivateEntry(f[0], ushort.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                byte.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture), f[3], f[4], f[5]);
            index.TryAdd((entry.Creator, entry.Group, entry.ElementOffset), entry);
        }
        return index;
    }

    private sealed class Index
    {
        public readonly IReadOnlyList<DicomDictionaryEntry> All;
        public readonly Dictionary<uint, DicomDictionaryEntry> Exact;
        public readonly DicomDictionaryEntry[] Repeating;
        public readonly Dictionary<string, DicomDictionaryEntry> ByKeyword;

        public Index(DicomDictionaryEntry[] standard)
        {
            All = standard;
            Exact = new Dictionary<uint, DicomDictionaryEntry>(standard.Length);
            ByKeyword = new Dictionary<string, DicomDictionaryEntry>(standard.Length, StringComparer.Ordinal);
            foreach (var e in standard)
            {
                if (e.Mask == 0xFFFFFFFF) Exact.TryAdd(e.Tag, e);
                if (e.Keyword.Length > 0) ByKeyword.TryAdd(e.Keyword, e);
            }
            Repeating = standard.Where(e => e.Mask != 0xFFFFFFFF).ToArray();
        }
    }
}

/// <summary>Reads the tab-separated tables the dictionary generator writes as UTF-8 literals.</summary>
internal static class GeneratedTable
{
    public static IEnumerable<string[]> Rows(ReadOnlySpan<byte> table)
    {
        var text = System.Text.Encoding.UTF8.GetString(table);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'));
    }
}

using System.Collections.Frozen;

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
    private static readonly Lazy<Index> Data = new(() => new Index(StandardEntries(), PrivateEntries()));

    public static IReadOnlyList<DicomDictionaryEntry> All => Data.Value.All;

    /// <summary>The entry for a standard tag, repeating groups included; null for private or unknown tags.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var d = Data.Value;
        if (d.Exact.TryGetValue(tag.Value, out var e)) return e;
        foreach (var r in d.Repeating)
            if (r.Matches(tag)) return r;
        return null;
    }

    public static DicomDictionaryEntry? FindByKeyword(string keyword) =>
        Data.Value.ByKeyword.TryGetValue(keyword, out var e) ? e : null;

    /// <summary>A private element known under the given private creator (PS3.5 7.8.1).</summary>
    public static DicomPrivateEntry? FindPrivate(string creator, DicomTag tag) =>
        Data.Value.Private.TryGetValue((creator.Trim(), tag.Group, (byte)tag.Element), out var e) ? e : null;

    /// <summary>The VR an Implicit VR reader assumes for a tag with no private creator information.</summary>
    public static DicomVR ImplicitVR(DicomTag tag)
    {
        if (tag.IsGroupLength) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        return Find(tag)?.VR ?? DicomVR.UN;
    }

    /// <summary>Keyword of a tag, or an empty string when unknown.</summary>
    public static string KeywordOf(DicomTag tag) => tag.IsGroupLength ? "GroupLength" : Find(tag)?.Keyword ?? "";

    private sealed class Index
    {
        public readonly IReadOnlyList<DicomDictionaryEntry> All;
        public readonly FrozenDictionary<uint, DicomDictionaryEntry> Exact;
        public readonly DicomDictionaryEntry[] Repeating;
        public readonly FrozenDictionary<string, DicomDictionaryEntry> ByKeyword;
        public readonly FrozenDictionary<(string, ushort, byte), DicomPrivateEntry> Private;

        public Index(DicomDictionaryEntry[] standard, DicomPrivateEntry[] privates)
        {
            All = standard;
            Exact = standard.Where(e => e.Mask == 0xFFFFFFFF).ToFrozenDictionary(e => e.Tag);
            Repeating = standard.Where(e => e.Mask != 0xFFFFFFFF).ToArray();
            ByKeyword = standard.Where(e => e.Keyword.Length > 0)
                .GroupBy(e => e.Keyword, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            Private = privates.GroupBy(p => (p.Creator, p.Group, p.ElementOffset))
                .ToFrozenDictionary(g => g.Key, g => g.First());
        }
    }
}

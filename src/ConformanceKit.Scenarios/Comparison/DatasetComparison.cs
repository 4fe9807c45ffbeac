using System.Globalization;
using ConformanceKit.Dicom;

namespace ConformanceKit.Scenarios.Comparison;

/// <summary>How strictly two datasets must agree.</summary>
public enum ComparisonMode
{
    /// <summary>Same attributes, same VR, same values once each VR's insignificant padding is removed (PS3.5 6.2).</summary>
    Attributes,
    /// <summary>Same attributes, same VR and identical value bytes, padding included (archive transparency, REG-ARC-002).</summary>
    Bytes,
}

/// <summary>What kind of difference was found.</summary>
public enum DifferenceKind
{
    Missing,
    Added,
    VrChanged,
    ValueChanged,
    ItemCountChanged,
}

/// <summary>One difference between an expected and an actual dataset, at an attribute path.</summary>
public sealed record Difference(DifferenceKind Kind, string Path, string? Expected, string? Found);

/// <summary>
/// Compares two datasets attribute by attribute, recursing into sequence items in order (item order is
/// significant, PS3.5 7.5). The File Meta Information is never compared (a receiver writes its own,
/// PS3.10 7.1) and neither are group length elements (retired, PS3.5 7.2).
/// </summary>
public static class DatasetComparison
{
    /// <summary>Longest value text kept in a difference (findings must stay readable).</summary>
    private const int ShownValueLength = 80;

    public static IReadOnlyList<Difference> Compare(DicomDataset expected, DicomDataset actual, ComparisonMode mode, ISet<DicomTag>? ignore = null)
    {
        var result = new List<Difference>();
        Walk(expected, actual, mode, ignore ?? new HashSet<DicomTag>(), "", result);
        return result;
    }

    private static void Walk(DicomDataset expected, DicomDataset actual, ComparisonMode mode, ISet<DicomTag> ignore, string prefix, List<Difference> result)
    {
        using var e = Relevant(expected, ignore).GetEnumerator();
        using var a = Relevant(actual, ignore).GetEnumerator();
        var hasE = e.MoveNext();
        var hasA = a.MoveNext();
        while (hasE || hasA)
        {
            if (hasA && (!hasE || a.Current.Tag < e.Current.Tag))
            {
                result.Add(new Difference(DifferenceKind.Added, prefix + Name(a.Current.Tag), null, Show(actual, a.Current)));
                hasA = a.MoveNext();
            }
            else if (hasE && (!hasA || e.Current.Tag < a.Current.Tag))
            {
                result.Add(new Difference(DifferenceKind.Missing, prefix + Name(e.Current.Tag), Show(expected, e.Current), null));
                hasE = e.MoveNext();
            }
            else
            {
                CompareElement(expected, e.Current, actual, a.Current, mode, ignore, prefix + Name(e.Current.Tag), result);
                hasE = e.MoveNext();
                hasA = a.MoveNext();
            }
        }
    }

    private static IEnumerable<DicomElement> Relevant(DicomDataset ds, ISet<DicomTag> ignore) =>
        ds.Where(x => x.Tag.Group != 0x0002 && !x.Tag.IsGroupLength && !ignore.Contains(x.Tag));

    private static void CompareElement(DicomDataset eds, DicomElement e, DicomDataset ads, DicomElement a, ComparisonMode mode,
        ISet<DicomTag> ignore, string path, List<Difference> result)
    {
        if (e.VR != a.VR && !(e is DicomSequence && a is DicomSequence))
        {
            result.Add(new Difference(DifferenceKind.VrChanged, path, e.VR.ToString(), a.VR.ToString()));
            return;
        }
        switch (e, a)
        {
            case (DicomSequence se, DicomSequence sa):
                if (se.Items.Count != sa.Items.Count)
                    result.Add(new Difference(DifferenceKind.ItemCountChanged, path,
                        se.Items.Count.ToString(CultureInfo.InvariantCulture), sa.Items.Count.ToString(CultureInfo.InvariantCulture)));
                for (var i = 0; i < Math.Min(se.Items.Count, sa.Items.Count); i++)
                    Walk(se.Items[i], sa.Items[i], mode, ignore, $"{path}[{i + 1}]/", result);
                break;
            case (DicomValueElement ve, DicomValueElement va):
                var same = mode == ComparisonMode.Bytes || !ve.VR.IsString
                    ? ve.Value.Span.SequenceEqual(va.Value.Span)
                    : eds.GetStrings(ve.Tag).SequenceEqual(ads.GetStrings(va.Tag), StringComparer.Ordinal);
                if (!same) result.Add(new Difference(DifferenceKind.ValueChanged, path, Show(eds, ve), Show(ads, va)));
                break;
            case (DicomFragmentSequence fe, DicomFragmentSequence fa):
                var equal = fe.Fragments.Count == fa.Fragments.Count &&
                            fe.Fragments.Zip(fa.Fragments).All(p => p.First.Span.SequenceEqual(p.Second.Span)) &&
                            (mode == ComparisonMode.Attributes || fe.OffsetTable.Span.SequenceEqual(fa.OffsetTable.Span));
                if (!equal) result.Add(new Difference(DifferenceKind.ValueChanged, path, $"{fe.Fragments.Count} fragment(s)", $"{fa.Fragments.Count} fragment(s), other bytes"));
                break;
            default:
                result.Add(new Difference(DifferenceKind.ValueChanged, path, Describe(e), Describe(a)));
                break;
        }
    }

    private static string Name(DicomTag tag) =>
        DicomDictionary.KeywordOf(tag) is { Length: > 0 } k ? $"{k}{tag}" : tag.ToString();

    private static string Describe(DicomElement e) => e switch
    {
        DicomSequence s => $"sequence of {s.Items.Count} item(s)",
        DicomFragmentSequence f => $"encapsulated, {f.Fragments.Count} fragment(s)",
        DicomValueElement v => $"{v.Length} bytes",
        _ => e.GetType().Name,
    };

    private static string Show(DicomDataset ds, DicomElement e)
    {
        if (e is not DicomValueElement v) return Describe(e);
        string text;
        try
        {
            text = v.VR.IsString ? "\"" + (ds.GetString(v.Tag) ?? "") + "\"" + (v.Length % 2 == 0 ? "" : " (odd length)")
                 : v.VR.BinaryValueSize > 0 && v.Length <= 64 ? ds.GetString(v.Tag) ?? ""
                 : $"{v.Length} bytes";
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            text = $"{v.Length} bytes (undecodable)";
        }
        if (v.VR.IsString && PaddingNote(v) is { } pad) text += pad;
        return text.Length > ShownValueLength ? text[..ShownValueLength] + "..." : text;
    }

    // Shows trailing padding explicitly, since in byte-exact mode it is often the only difference.
    private static string? PaddingNote(DicomValueElement v)
    {
        var s = v.Value.Span;
        if (s.Length == 0) return null;
        return s[^1] switch { 0 => " [NUL-padded]", (byte)' ' => " [space-padded]", _ => null };
    }
}

using ConformanceKit.Dicom;

namespace ConformanceKit.Actors.Archive;

/// <summary>
/// Attribute matching of C-FIND keys against stored values (PS3.4 C.2.2.2): universal (empty key),
/// single value, list of UIDs, wild card (* and ?) for text VRs, range for DA, TM and DT; a multi-valued
/// stored attribute (ModalitiesInStudy) matches when any of its values does. Keys come from peers: a wild card
/// key is matched in time linear in the stored value per segment, never by backtracking (a key like *a*a*...*b
/// against a long stored text would otherwise run for hours).
/// </summary>
public static class KeyMatching
{
    private static readonly HashSet<DicomVR> WildcardVRs = [DicomVR.AE, DicomVR.CS, DicomVR.LO, DicomVR.LT, DicomVR.PN, DicomVR.SH, DicomVR.ST, DicomVR.UC, DicomVR.UR, DicomVR.UT];

    public static bool Matches(DicomVR vr, string key, string? stored)
    {
        if (key.Length == 0 || key == "*") return true;                       // C.2.2.2.3 universal matching
        if (stored is null) return false;
        var values = stored.Split('\\');
        if (vr == DicomVR.UI) return key.Split('\\').Any(k => values.Contains(k, StringComparer.Ordinal)); // C.2.2.2.2 list of UIDs
        if ((vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT) && key.Contains('-'))
            return values.Any(v => InRange(vr, key, v));                       // C.2.2.2.5 range matching
        var ignoreCase = vr == DicomVR.PN;                                     // PN may match case-insensitively (C.2.2.2.1)
        foreach (var k in key.Split('\\'))                                     // C.2.2.2.8 multiple values: any one
        {
            if (WildcardVRs.Contains(vr) && (k.Contains('*') || k.Contains('?')))
            {
                if (values.Any(v => WildcardMatches(k, v, ignoreCase))) return true;
            }
            else if (values.Any(v => string.Equals(v, k, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/> matches <paramref name="pattern"/>, where * is any run of characters and ? any one
    /// (PS3.4 C.2.2.2.4). The pattern is cut at its stars: the first piece must start the value, the last must end it, and
    /// each piece between is taken at its leftmost place after the previous one (leftmost is always safe, as a star
    /// absorbs whatever lies between), so no choice is ever revisited.
    /// </summary>
    internal static bool WildcardMatches(string pattern, string value, bool ignoreCase)
    {
        var pieces = pattern.Split('*');
        var first = pieces[0];
        if (pieces.Length == 1) return first.Length == value.Length && PieceAt(first, value, 0, ignoreCase);
        var last = pieces[^1];
        if (first.Length + last.Length > value.Length || !PieceAt(first, value, 0, ignoreCase) || !PieceAt(last, value, value.Length - last.Length, ignoreCase))
            return false;
        var at = first.Length;
        var end = value.Length - last.Length;
        for (var p = 1; p < pieces.Length - 1; p++)
        {
            var piece = pieces[p];
            if (piece.Length == 0) continue;
            var found = -1;
            for (var i = at; i + piece.Length <= end; i++)
                if (PieceAt(piece, value, i, ignoreCase)) { found = i; break; }
            if (found < 0) return false;
            at = found + piece.Length;
        }
        return true;
    }

    private static bool PieceAt(string piece, string value, int at, bool ignoreCase)
    {
        for (var i = 0; i < piece.Length; i++)
        {
            var p = piece[i];
            var v = value[at + i];
            if (p != '?' && p != v && !(ignoreCase && char.ToUpperInvariant(p) == char.ToUpperInvariant(v))) return false;
        }
        return true;
    }

    private static bool InRange(DicomVR vr, string key, string value)
    {
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        var low = key[..dash].Trim();
        var high = key[(dash + 1)..].Trim();
        var v = Normalise(vr, value);
        return (low.Length == 0 || string.CompareOrdinal(v, Normalise(vr, low)) >= 0) &&
               (high.Length == 0 || string.CompareOrdinal(v, Normalise(vr, high, upper: true)) <= 0);
    }

    // DA is yyyymmdd; TM hhmmss.ffffff may be truncated (PS3.5 6.2): pad so ordinal order is time order.
    private static string Normalise(DicomVR vr, string s, bool upper = false)
    {
        s = s.Replace(":", "", StringComparison.Ordinal).Trim();
        if (vr != DicomVR.TM) return s;
        var (whole, frac) = s.Contains('.') ? (s[..s.IndexOf('.')], s[(s.IndexOf('.') + 1)..]) : (s, "");
        whole = whole.PadRight(6, upper ? '9' : '0');
        frac = frac.PadRight(6, upper ? '9' : '0');
        return whole + "." + frac;
    }
}

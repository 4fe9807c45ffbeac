using System.Text.RegularExpressions;
using ConformanceKit.Dicom;

namespace ConformanceKit.Actors.Archive;

/// <summary>
/// Attribute matching of C-FIND keys against stored values (PS3.4 C.2.2.2): universal (empty key),
/// single value, list of UIDs, wild card (* and ?) for text VRs, range for DA, TM and DT; a multi-valued
/// stored attribute (ModalitiesInStudy) matches when any of its values does.
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
                var pattern = "^" + Regex.Escape(k).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
                var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : 0);
                if (values.Any(v => Regex.IsMatch(v, pattern, options, TimeSpan.FromSeconds(1)))) return true;
            }
            else if (values.Any(v => string.Equals(v, k, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))) return true;
        }
        return false;
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

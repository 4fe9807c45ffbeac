using ConformanceKit.Dicom;
using ConformanceKit.Geometry;

namespace ConformanceKit.Rules.Validation;

/// <summary>
/// Reads values for rule checks without throwing: a malformed value is the value checks' business
/// (DCM-VR-*), so the profile rules see it as absent or unparsable and say so in their own terms.
/// </summary>
public static class SafeRead
{
    public static string? Text(DicomDataset ds, DicomTag tag)
    {
        // VRs outside PS3.5 6.1.2.3 are in the default repertoire: decode the bytes directly (no character set lookup).
        if (ds[tag] is DicomValueElement { VR: var vr } el && vr.IsString && !vr.UsesSpecificCharacterSet)
            return Latin1(el.Value.Span, vr);
        try { return ds.GetString(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return null; }
    }

    /// <summary>The text, or null when absent or empty.</summary>
    public static string? NonEmpty(DicomDataset ds, DicomTag tag) => Text(ds, tag) is { Length: > 0 } s ? s : null;

    public static string[] Texts(DicomDataset ds, DicomTag tag)
    {
        if (ds[tag] is DicomValueElement { VR: var vr } el && vr.IsString && !vr.UsesSpecificCharacterSet && !vr.IsSingleValueText)
        {
            if (el.Length == 0) return [];
            var parts = System.Text.Encoding.Latin1.GetString(el.Value.Span).Split('\\');
            for (var i = 0; i < parts.Length; i++) parts[i] = parts[i].Trim(' ', '\0');
            return parts;
        }
        try { return ds.GetStrings(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return []; }
    }

    private static string Latin1(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var s = System.Text.Encoding.Latin1.GetString(bytes);
        return vr == DicomVR.UI ? s.TrimEnd('\0', ' ') : s.Trim(' ', '\0');
    }

    /// <summary>The numbers, or null when any value does not parse (or the element is absent).</summary>
    public static double[]? Numbers(DicomDataset ds, DicomTag tag)
    {
        if (!ds.Contains(tag)) return null;
        if (ds[tag] is DicomValueElement { VR: var vr } && (vr == DicomVR.DS || vr == DicomVR.IS))
        {
            var texts = Texts(ds, tag);
            var result = new double[texts.Count(t => t.Length > 0)];
            var n = 0;
            foreach (var t in texts)
            {
                if (t.Length == 0) continue;
                if (!double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d)) return null;
                result[n++] = d;
            }
            return result;
        }
        try { return ds.GetDoubles(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return null; }
    }

    public static int? Int(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetInt(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return null; }
    }

    public static Vector3? Point(DicomDataset ds, DicomTag tag) =>
        Numbers(ds, tag) is { Length: 3 } v ? new Vector3(v[0], v[1], v[2]) : null;

    /// <summary>PN compared the way the profile compares it: trailing component separators and spaces are not significant (PS3.5 6.2.1).</summary>
    public static string? PersonName(DicomDataset ds, DicomTag tag) =>
        Text(ds, tag) is { } s ? DicomPersonName.Parse(s).Normalized : null;
}

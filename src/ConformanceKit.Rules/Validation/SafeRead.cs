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
        try { return ds.GetString(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return null; }
    }

    /// <summary>The text, or null when absent or empty.</summary>
    public static string? NonEmpty(DicomDataset ds, DicomTag tag) => Text(ds, tag) is { Length: > 0 } s ? s : null;

    public static string[] Texts(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetStrings(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException or OverflowException) { return []; }
    }

    /// <summary>The numbers, or null when any value does not parse (or the element is absent).</summary>
    public static double[]? Numbers(DicomDataset ds, DicomTag tag)
    {
        if (!ds.Contains(tag)) return null;
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

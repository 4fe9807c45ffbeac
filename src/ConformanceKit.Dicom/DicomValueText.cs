using System.Buffers.Binary;
using System.Globalization;

namespace ConformanceKit.Dicom;

/// <summary>How decoded string values split into values and lose their padding (PS3.5 6.2 and 6.4).</summary>
public static class DicomValueText
{
    /// <summary>
    /// The values of decoded text: split on backslash (PS3.5 6.4) except for LT, ST, UT and UR, which hold one
    /// value, each value trimmed of the padding and spaces that are not significant for its VR.
    /// </summary>
    public static string[] Split(string text, DicomVR vr)
    {
        if (vr.IsSingleValueText) return [TrimSingle(text)];
        var values = text.Split('\\');
        for (var i = 0; i < values.Length; i++) values[i] = Trim(values[i], vr);
        return values;
    }

    /// <summary>The whole text of a value with trailing padding removed; leading spaces kept only for LT/ST/UT/UR.</summary>
    public static string TrimWhole(string text, DicomVR vr) => vr.IsSingleValueText ? TrimSingle(text) : Trim(text, vr);

    /// <summary>
    /// One value without insignificant characters (PS3.5 Table 6.2-1): UI pads with NUL; for the other string VRs
    /// leading and trailing spaces are not significant, except that LT, ST, UT and UR keep leading spaces.
    /// NUL padding, a common fault of writers, is removed too.
    /// </summary>
    public static string Trim(string value, DicomVR vr) =>
        vr == DicomVR.UI ? value.TrimEnd('\0', ' ') :
        vr.IsSingleValueText ? TrimSingle(value) :
        value.Trim(' ', '\0');

    /// <summary>Binary numbers (US, SS, UL, SL, SV, UV, FL, FD) and AT values as invariant text, one string per value.</summary>
    public static string[] FormatBinary(ReadOnlySpan<byte> s, DicomVR vr)
    {
        var inv = CultureInfo.InvariantCulture;
        var size = vr == DicomVR.AT ? 4 : vr.BinaryValueSize;
        if (size == 0) return [];
        var result = new string[s.Length / size];
        for (var i = 0; i < result.Length; i++)
        {
            var x = s.Slice(i * size, size);
            result[i] =
                vr == DicomVR.US ? BinaryPrimitives.ReadUInt16LittleEndian(x).ToString(inv) :
                vr == DicomVR.SS ? BinaryPrimitives.ReadInt16LittleEndian(x).ToString(inv) :
                vr == DicomVR.UL ? BinaryPrimitives.ReadUInt32LittleEndian(x).ToString(inv) :
                vr == DicomVR.SL ? BinaryPrimitives.ReadInt32LittleEndian(x).ToString(inv) :
                vr == DicomVR.SV ? BinaryPrimitives.ReadInt64LittleEndian(x).ToString(inv) :
                vr == DicomVR.UV ? BinaryPrimitives.ReadUInt64LittleEndian(x).ToString(inv) :
                vr == DicomVR.FL ? BinaryPrimitives.ReadSingleLittleEndian(x).ToString("R", inv) :
                vr == DicomVR.FD ? BinaryPrimitives.ReadDoubleLittleEndian(x).ToString("R", inv) :
                vr == DicomVR.AT ? new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(x), BinaryPrimitives.ReadUInt16LittleEndian(x[2..])).ToString() :
                Convert.ToHexString(x);
        }
        return result;
    }

    private static string TrimSingle(string text) => text.TrimEnd(' ', '\0');
}

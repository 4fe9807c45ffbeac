using System.Globalization;

namespace ConformanceKit.Dicom;

/// <summary>Value encodings of PS3.5 Table 6.2-1 that need more than a cast.</summary>
public static class DicomValueCodec
{
    /// <summary>Parses a DS or IS value with the invariant culture (PS3.5: DS is a fixed or floating point number).</summary>
    public static double ParseDecimal(string text, DicomTag tag = default)
    {
        var t = text.Trim(' ', '\0');
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        throw new FormatException($"{tag}: '{text}' is not a decimal string");
    }

    public static long ParseInteger(string text, DicomTag tag = default)
    {
        var t = text.Trim(' ', '\0');
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        throw new FormatException($"{tag}: '{text}' is not an integer string");
    }

    /// <summary>
    /// Formats a double as DS in at most 16 characters (PS3.5 Table 6.2-1): the shortest round-trip text when it
    /// fits, otherwise whichever fixed-point or exponent form within 16 characters is nearest to the value
    /// (at least 10 significant digits for any magnitude).
    /// </summary>
    public static string FormatDecimal(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "DS cannot hold NaN or infinity");
        if (value == 0) return "0";
        var inv = CultureInfo.InvariantCulture;
        var exact = CompactExponent(value.ToString("R", inv));
        if (exact.Length <= MaxDecimalLength) return exact;

        string? best = null;
        var bestError = double.PositiveInfinity;
        void Consider(string candidate)
        {
            if (candidate.Length > MaxDecimalLength) return;
            var error = Math.Abs(double.Parse(candidate, NumberStyles.Float, inv) - value);
            if (error < bestError || error == bestError && candidate.Length < best!.Length) (best, bestError) = (candidate, error);
        }
        for (var decimals = 0; decimals <= MaxDecimalLength; decimals++)
            Consider(value.ToString("F" + decimals.ToString(inv), inv));
        for (var digits = MaxDecimalLength; digits >= 0; digits--)
        {
            var candidate = CompactExponent(value.ToString("E" + digits.ToString(inv), inv));
            if (candidate.Length > MaxDecimalLength) continue;
            Consider(candidate);
            break; // fewer digits only lose precision
        }
        return best ?? throw new ArgumentOutOfRangeException(nameof(value), $"{value} cannot be written as DS");
    }

    private const int MaxDecimalLength = 16;

    // "1.2300E+017" -> "1.23E17": no trailing mantissa zeros, no plus sign, no leading exponent zeros.
    private static string CompactExponent(string s)
    {
        var e = s.IndexOf('E');
        if (e < 0) return s;
        var mantissa = s[..e];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        var exponent = s[(e + 1)..];
        var negative = exponent.StartsWith('-');
        exponent = exponent.TrimStart('+', '-').TrimStart('0');
        return mantissa + "E" + (negative ? "-" : "") + (exponent.Length == 0 ? "0" : exponent);
    }

    /// <summary>Pads a value to even length with the VR's padding byte (PS3.5 7.1.1).</summary>
    public static ReadOnlyMemory<byte> PadEven(byte[] bytes, byte pad)
    {
        if (bytes.Length % 2 == 0) return bytes;
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = pad;
        return padded;
    }

    /// <summary>Parses DA (YYYYMMDD; the legacy YYYY.MM.DD form is accepted, PS3.5 Table 6.2-1 note).</summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().Replace(".", "", StringComparison.Ordinal);
        return DateOnly.TryParseExact(t, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>Parses TM (HH[MM[SS[.F{1-6}]]]; the legacy HH:MM:SS form is accepted).</summary>
    public static TimeOnly? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().Replace(":", "", StringComparison.Ordinal);
        var frac = 0.0;
        var dot = t.IndexOf('.');
        if (dot >= 0)
        {
            var f = t[(dot + 1)..];
            if (f.Length is 0 or > 6 || !f.All(char.IsAsciiDigit)) return null;
            frac = double.Parse("0." + f, CultureInfo.InvariantCulture);
            t = t[..dot];
        }
        if (t.Length is not (2 or 4 or 6) || !t.All(char.IsAsciiDigit)) return null;
        var h = int.Parse(t[..2], CultureInfo.InvariantCulture);
        var m = t.Length >= 4 ? int.Parse(t[2..4], CultureInfo.InvariantCulture) : 0;
        var s = t.Length >= 6 ? int.Parse(t[4..6], CultureInfo.InvariantCulture) : 0;
        if (h > 23 || m > 59 || s > 60) return null;
        if (s == 60) s = 59; // leap second (PS3.5 allows 60)
        return new TimeOnly(h, m, s).Add(TimeSpan.FromTicks((long)Math.Round(frac * TimeSpan.TicksPerSecond)));
    }

    /// <summary>Parses DT (YYYY[MM[DD[HH[MM[SS[.F]]]]]][&amp;ZZXX]); returns null when malformed.</summary>
    public static DateTimeOffset? ParseDateTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        var offset = TimeSpan.Zero;
        // The offset sign can only follow the year (a value shorter than that has none).
        var sign = t.Length > 4 ? t.IndexOfAny(['+', '-'], 4) : -1;
        if (sign > 0)
        {
            var z = t[(sign + 1)..];
            if (z.Length != 4 || !z.All(char.IsAsciiDigit)) return null;
            var (hours, minutes) = (int.Parse(z[..2], CultureInfo.InvariantCulture), int.Parse(z[2..], CultureInfo.InvariantCulture));
            if (hours > 14 || minutes > 59) return null; // PS3.5 6.2: &ZZXX is an offset from UTC, -1200 to +1400
            offset = new TimeSpan(hours, minutes, 0);
            if (t[sign] == '-') offset = -offset;
            t = t[..sign];
        }
        var datePart = t.Length >= 8 ? t[..8] : t.PadRight(8, '0');
        if (t.Length == 4) datePart = t + "0101";
        else if (t.Length == 6) datePart = t + "01";
        var date = ParseDate(datePart);
        if (date is null) return null;
        var time = t.Length > 8 ? ParseTime(t[8..]) : TimeOnly.MinValue;
        if (time is null) return null;
        var local = date.Value.ToDateTime(time.Value);
        // An offset that moves the instant outside what DateTimeOffset holds (year 1 with +1400, 9999-12-31 with -1200).
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return null;
        return new DateTimeOffset(local, offset);
    }

    public static string FormatDate(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeOnly t) => t.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
}

/// <summary>A Person Name (PN) value: up to three component groups (alphabetic, ideographic, phonetic) of five components (PS3.5 6.2.1).</summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(groups[0], groups.Length > 1 ? groups[1] : "", groups.Length > 2 ? groups[2] : "");
    }

    private string[] Components => Alphabetic.Split('^');
    private string Component(int i) => Components.Length > i ? Components[i] : "";

    public string FamilyName => Component(0);
    public string GivenName => Component(1);
    public string MiddleName => Component(2);
    public string Prefix => Component(3);
    public string Suffix => Component(4);

    /// <summary>The name with trailing empty components removed, for comparisons (trailing '^' are not significant).</summary>
    public string Normalized => string.Join('=', new[] { Alphabetic, Ideographic, Phonetic }.Select(g => g.TrimEnd('^', ' '))).TrimEnd('=');

    public override string ToString() => string.Join('=', new[] { Alphabetic, Ideographic, Phonetic }).TrimEnd('=');
}

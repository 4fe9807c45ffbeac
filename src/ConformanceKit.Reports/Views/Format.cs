using System.Globalization;

namespace ConformanceKit.Reports.Views;

/// <summary>How the report writes numbers, times and durations: invariant culture, units spelt out.</summary>
public static class Format
{
    public static string Duration(double ms) => ms switch
    {
        < 0 or double.NaN => "",
        < 1000 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => $"{(int)(ms / 60_000)} min {((ms % 60_000) / 1000).ToString("0", CultureInfo.InvariantCulture)} s",
    };

    public static string Time(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";

    public static string Number(double v, string format = "0.###") =>
        double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Scientific for tiny values (orthonormality errors), fixed otherwise.</summary>
    public static string Small(double v) =>
        !double.IsFinite(v) ? v.ToString(CultureInfo.InvariantCulture)
        : v != 0 && Math.Abs(v) < 1e-3 ? v.ToString("0.0E+0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>CSS class of a verdict (fixed vocabulary; an unknown value from a hand-edited file maps to "unknown").</summary>
    public static string VerdictClass(string verdict) => verdict switch
    {
        "PASS" => "pass",
        "FAIL" => "fail",
        "INCONCLUSIVE" => "inconclusive",
        "SKIPPED" => "skipped",
        _ => "unknown",
    };

    public static string SeverityClass(string severity) => severity switch
    {
        "error" => "error",
        "warning" => "warning",
        "info" => "info",
        _ => "unknown",
    };

    /// <summary>The first <paramref name="max"/> characters, with an ellipsis when cut.</summary>
    public static string Shorten(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "\u2026";
    }
}

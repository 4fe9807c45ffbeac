using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Svg;

/// <summary>
/// A horizontal bar chart of measured values against their limits (target registration errors): one bar per
/// measurement, coloured by whether it is within its limit, with the limit marked. Inline SVG, so the report
/// needs no plotting script and prints sharp.
/// </summary>
public static class MeasurementPlot
{
    public sealed record Bar(string Label, double Value, double? Limit, string Unit);

    /// <summary>Bars drawn; a run with more measurements lists the rest in the table only.</summary>
    public const int MaxBars = 60;

    private const int Width = 760, LabelWidth = 300, RowHeight = 22, Top = 10, AxisHeight = 30;

    public static TrustedHtml Draw(IReadOnlyList<Bar> bars, string caption)
    {
        if (bars.Count == 0) return TrustedHtml.Empty;
        var shown = bars.Take(MaxBars).ToList();
        var max = shown.Select(b => Math.Max(Finite(b.Value), b.Limit is { } l ? Finite(l) : 0)).DefaultIfEmpty(1).Max();
        max = NiceCeiling(max <= 0 ? 1 : max * 1.1);
        var plotWidth = Width - LabelWidth - 20;
        double X(double v) => LabelWidth + Math.Clamp(Finite(v), 0, max) / max * plotWidth;
        var height = Top + shown.Count * RowHeight + AxisHeight;
        var w = new HtmlWriter();
        w.Open("svg", ("class", "plot"), ("viewBox", $"0 0 {Width} {height}"), ("width", Width), ("height", height), ("role", "img"), ("aria-label", caption));
        for (var n = 0; n < shown.Count; n++)
        {
            var b = shown[n];
            var y = Top + n * RowHeight;
            var within = b.Limit is not { } lim || b.Value <= lim;
            var text = $"{b.Label}: {Format.Number(b.Value)} {b.Unit}" + (b.Limit is { } l2 ? $" (limit {Format.Number(l2)} {b.Unit})" : "");
            // Not "bar": the timeline's HTML .bar rule (a dark block) would apply to the group, and axe then judges
            // the labels against that background.
            w.Open("g", ("class", within ? "plot-bar within" : "plot-bar exceeded"));
            w.Element("title", text);
            w.Element("text", Format.Shorten(b.Label, 44), ("x", LabelWidth - 6), ("y", y + 15), ("text-anchor", "end"));
            w.Empty("rect", ("x", LabelWidth), ("y", y + 3), ("width", Math.Max(1, X(b.Value) - LabelWidth)), ("height", RowHeight - 6));
            if (b.Limit is { } l) w.Empty("line", ("class", "limit"), ("x1", X(l)), ("y1", y), ("x2", X(l)), ("y2", y + RowHeight));
            w.Close("g");
        }
        var axisY = Top + shown.Count * RowHeight + 4;
        w.Empty("line", ("class", "axis"), ("x1", LabelWidth), ("y1", axisY), ("x2", LabelWidth + plotWidth), ("y2", axisY));
        var unit = shown[0].Unit;
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            w.Element("text", Format.Number(v, "0.##") + (k == 4 ? " " + unit : ""), ("x", X(v)), ("y", axisY + 16), ("text-anchor", k == 0 ? "start" : k == 4 ? "end" : "middle"), ("class", "tick"));
        }
        w.Close("svg");
        return w.ToHtml();
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="v"/>.</summary>
    private static double NiceCeiling(double v)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var f in new[] { 1.0, 2, 5, 10 })
            if (f * p >= v) return f * p;
        return 10 * p;
    }
}

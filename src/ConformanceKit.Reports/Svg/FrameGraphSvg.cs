using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Transforms;
using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Svg;

/// <summary>
/// The Frame-of-Reference graph of a scenario: one node per frame (labelled with the modalities captured
/// in it), one arrow per SRO item from the item's frame into the SRO's Registered frame, labelled with the
/// rotation angle and translation length; below it, which frames reach the base frame and through how many
/// registrations (Geometry's FrameOfReferenceGraph, PS3.3 Eq. C.20.2-3).
/// </summary>
public static class FrameGraphSvg
{
    private const int Width = 640, Height = 320, Radius = 110, NodeWidth = 150, NodeHeight = 38;

    public static TrustedHtml Build(IReadOnlyList<(string Label, SpatialRegistration Model)> sros, FrameLabels frames, FrameOfReferenceGraph graph)
    {
        var nodes = new List<string>();
        void Node(string? uid) { if (uid is not null && !nodes.Contains(uid)) nodes.Add(uid); }
        foreach (var (_, sro) in sros)
        {
            Node(sro.FrameOfReferenceUid);
            foreach (var i in sro.Items) Node(i.FrameOfReferenceUid);
        }
        foreach (var f in frames.Known) Node(f);
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (var n = 0; n < nodes.Count; n++)
        {
            var angle = nodes.Count == 1 ? 0 : 2 * Math.PI * n / nodes.Count - Math.PI / 2;
            positions[nodes[n]] = nodes.Count == 1 ? (Width / 2.0, Height / 2.0) : (Width / 2.0 + 1.9 * Radius * Math.Cos(angle), Height / 2.0 + Radius * Math.Sin(angle));
        }

        var w = new HtmlWriter();
        w.Open("figure", ("class", "for-graph"));
        w.Open("svg", ("viewBox", $"0 0 {Width} {Height}"), ("width", Width), ("height", Height), ("role", "img"),
            ("aria-label", $"Frame of Reference graph: {Format.Count(nodes.Count, "frame")}, {Format.Count(sros.Sum(s => s.Model.Items.Count), "registration item")}"));
        foreach (var (label, sro) in sros)
            foreach (var item in sro.Items)
            {
                if (item.FrameOfReferenceUid is not { } from || sro.FrameOfReferenceUid is not { } to || from == to || item.Transform is not { } m) continue;
                var (x1, y1) = positions[from];
                var (x2, y2) = positions[to];
                var (sx, sy) = Shorten(x1, y1, x2, y2);
                var (ex, ey) = Shorten(x2, y2, x1, y1);
                var text = $"{label} item {item.Index}: {Describe(m)}";
                w.Open("g", ("class", "edge"));
                w.Element("title", text);
                w.Empty("line", ("x1", sx), ("y1", sy), ("x2", ex), ("y2", ey), ("marker-end", "url(#ck-arrow)"));
                w.Element("text", Format.Shorten(text, 46), ("x", (x1 + x2) / 2), ("y", (y1 + y2) / 2 - 6), ("text-anchor", "middle"));
                w.Close("g");
            }
        foreach (var uid in nodes)
        {
            var (x, y) = positions[uid];
            var isBase = sros.Any(s => s.Model.FrameOfReferenceUid == uid);
            w.Open("g", ("class", isBase ? "node base" : "node"));
            w.Element("title", frames.Describe(uid));
            w.Empty("rect", ("x", x - NodeWidth / 2.0), ("y", y - NodeHeight / 2.0), ("width", NodeWidth), ("height", NodeHeight), ("rx", 6));
            var modalities = frames.Modalities(uid);
            w.Element("text", modalities.Length > 0 ? modalities : isBase ? "registered frame" : "frame", ("x", x), ("y", y - 3), ("text-anchor", "middle"), ("class", "name"));
            w.Element("text", frames.Short(uid), ("x", x), ("y", y + 12), ("text-anchor", "middle"), ("class", "uid"));
            w.Close("g");
        }
        w.Close("svg");

        var baseFrame = sros[0].Model.FrameOfReferenceUid;
        if (baseFrame is not null)
        {
            w.Open("figcaption");
            w.Open("ul");
            foreach (var uid in nodes.Where(u => u != baseFrame))
            {
                var path = graph.FindPath(uid, baseFrame);
                var name = frames.Modalities(uid) is { Length: > 0 } mod ? $"{mod} frame" : $"frame {frames.Short(uid)}";
                var baseName = frames.Modalities(baseFrame) is { Length: > 0 } bm ? $"{bm} frame" : "the registered frame";
                w.Element("li", path is null
                    ? $"{name} is not connected to {baseName} by any captured registration"
                    : $"{name} \u2192 {baseName}: {Format.Count(path.Hops.Count, "registration")}{(path.Hops.Any(h => h.Inverted) ? " (walked backwards through an inverse)" : "")}, composed {Describe(path.Matrix)}");
            }
            w.Close("ul");
            w.Close("figcaption");
        }
        w.Close("figure");
        return w.ToHtml();
    }

    private static string Describe(ConformanceKit.Geometry.Matrix4 m)
    {
        try
        {
            var d = TransformDecomposition.Of(m);
            return $"{Format.Number(d.RotationAngleDegrees, "0.##")}\u00b0, {Format.Number(d.Translation.Length, "0.#")} mm";
        }
        catch (InvalidOperationException) { return "singular matrix"; }
    }

    /// <summary>Moves a line end from a node centre to the node's border, so arrowheads stay visible.</summary>
    private static (double, double) Shorten(double x1, double y1, double x2, double y2)
    {
        double dx = x2 - x1, dy = y2 - y1;
        var len = Math.Sqrt(dx * dx + dy * dy);
        if (len < 1) return (x1, y1);
        var t = Math.Min(Math.Abs(NodeWidth / 2.0 / (dx == 0 ? 1e-9 : dx)), Math.Abs(NodeHeight / 2.0 / (dy == 0 ? 1e-9 : dy)));
        t = Math.Min(t + 4 / len, 0.45);
        return (x1 + dx * t, y1 + dy * t);
    }
}

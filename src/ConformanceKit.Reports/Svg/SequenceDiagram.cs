using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Svg;

/// <summary>
/// An association transcript drawn as a sequence diagram: the harness on the left, the peer on the right,
/// one arrow per PDU or DIMSE message, notes for connections and problems, a band per association. When an
/// association has DIMSE messages, its P-DATA-TF PDUs are folded into a count (the messages say more).
/// </summary>
public static class SequenceDiagram
{
    /// <summary>Rows drawn per diagram; a longer exchange is cut with a note (the text transcript stays complete).</summary>
    public const int MaxRows = 300;

    private const int Width = 760, Left = 130, Right = 630, RowHeight = 26, Top = 44, LabelChars = 84;

    public static TrustedHtml Draw(IReadOnlyList<ExchangeEvent> events, string peerName)
    {
        var rows = Rows(events, out var folded);
        var cut = rows.Count > MaxRows ? rows.Count - MaxRows : 0;
        if (cut > 0) rows = rows.Take(MaxRows).ToList();
        var height = Top + rows.Count * RowHeight + 30;
        var w = new HtmlWriter();
        var label = $"Sequence diagram: {Format.Count(rows.Count(r => r.Kind is ExchangeKind.Sent or ExchangeKind.Received), "message")} between ConformanceKit and {peerName}";
        w.Open("svg", ("class", "sequence"), ("viewBox", $"0 0 {Width} {height}"), ("width", Width), ("height", height), ("role", "img"), ("aria-label", label));
        Lifeline(w, Left, "ConformanceKit", height);
        Lifeline(w, Right, peerName, height);
        var y = Top;
        foreach (var r in rows)
        {
            y += RowHeight;
            switch (r.Kind)
            {
                case ExchangeKind.Sent:
                case ExchangeKind.Received:
                    var (x1, x2) = r.Kind == ExchangeKind.Sent ? (Left, Right) : (Right, Left);
                    w.Open("g", ("class", r.IsDimse ? "msg dimse" : "msg"));
                    w.Element("title", $"{r.Time} #{r.Association} {(r.Kind == ExchangeKind.Sent ? "sent" : "received")} {r.Text}");
                    w.Empty("line", ("x1", x1), ("y1", y), ("x2", x2), ("y2", y), ("marker-end", "url(#ck-arrow)"));
                    w.Element("text", Format.Shorten(r.Text, LabelChars), ("x", (Left + Right) / 2), ("y", y - 5), ("text-anchor", "middle"));
                    w.Element("text", r.Time, ("x", 4), ("y", y + 4), ("class", "time"));
                    w.Close("g");
                    break;
                case ExchangeKind.Problem:
                case ExchangeKind.Note:
                    var cls = r.Kind == ExchangeKind.Problem ? "note problem" : r.Association < 0 ? "note band" : "note";
                    w.Open("g", ("class", cls));
                    w.Element("title", r.Text);
                    w.Empty("rect", ("x", Left - 40), ("y", y - 16), ("width", Right - Left + 80), ("height", 20), ("rx", 4));
                    w.Element("text", Format.Shorten((r.Kind == ExchangeKind.Problem ? "problem: " : "") + r.Text, LabelChars + 10), ("x", (Left + Right) / 2), ("y", y - 2), ("text-anchor", "middle"));
                    w.Close("g");
                    break;
            }
        }
        var footer = new List<string>();
        if (folded > 0) footer.Add($"{Format.Count(folded, "P-DATA-TF PDU")} folded into their DIMSE messages");
        if (cut > 0) footer.Add($"{cut} more rows in the text transcript");
        if (footer.Count > 0) w.Element("text", string.Join("; ", footer), ("x", 4), ("y", height - 8), ("class", "time"));
        w.Close("svg");
        return w.ToHtml();
    }

    private static void Lifeline(HtmlWriter w, int x, string name, int height)
    {
        w.Open("g", ("class", "lifeline"));
        w.Empty("rect", ("x", x - 95), ("y", 6), ("width", 190), ("height", 24), ("rx", 4));
        w.Element("text", Format.Shorten(name, 28), ("x", x), ("y", 23), ("text-anchor", "middle"));
        w.Empty("line", ("x1", x), ("y1", 30), ("x2", x), ("y2", height - 20));
        w.Close("g");
    }

    /// <summary>Events in order with a band before each association; P-DATA-TF rows dropped where DIMSE rows tell the story.</summary>
    private static List<ExchangeEvent> Rows(IReadOnlyList<ExchangeEvent> events, out int folded)
    {
        var withDimse = events.Where(e => e.IsDimse).Select(e => e.Association).ToHashSet();
        var rows = new List<ExchangeEvent>();
        long? current = null;
        folded = 0;
        foreach (var e in events)
        {
            if (e.IsDataPdu && withDimse.Contains(e.Association)) { folded++; continue; }
            if (e.Time.Length > 0 && e.Association != current)
            {
                current = e.Association;
                rows.Add(new ExchangeEvent(e.Time, -1, ExchangeKind.Note, $"association #{e.Association}", false, false));
            }
            rows.Add(e);
        }
        return rows;
    }
}

using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Svg;

/// <summary>
/// An association transcript drawn as a sequence diagram: the harness on the left, the peer on the right,
/// one arrow per PDU or DIMSE message, notes for connections and problems, a band per association. When an
/// association has DIMSE messages, its P-DATA-TF PDUs are folded into a count (the messages say more), and a
/// run of exchanges that differ only in numbers (176 C-STORE requests each answered with success) is drawn as
/// its first and last exchange with a note between them: the diagram shows the shape of the conversation,
/// the text transcript below it every message.
/// </summary>
public static partial class SequenceDiagram
{
    /// <summary>Rows drawn per diagram; a longer exchange is cut with a note (the text transcript stays complete).</summary>
    public const int MaxRows = 300;

    private const int Width = 760, Left = 130, Right = 630, RowHeight = 26, Top = 44, LabelChars = 84;

    /// <summary>Fewest consecutive exchanges of one shape that are folded (first, note, last: three rows for at least four).</summary>
    public const int MinimumRepeats = 4;

    /// <summary>Longest exchange (rows from one message to the next of the same shape) the folding looks for.</summary>
    private const int MaxPeriod = 6;

    /// <summary>Association numbers of the diagram's own rows: the band opening an association, a fold note.</summary>
    private const long BandRow = -1, FoldRow = -2;

    public static TrustedHtml Draw(IReadOnlyList<ExchangeEvent> events, string peerName)
    {
        var rows = FoldRepeats(Rows(events, out var folded));
        var cut = rows.Count > MaxRows ? rows.Count - MaxRows : 0;
        if (cut > 0) rows = rows.Take(MaxRows).ToList();
        var height = Top + rows.Count * RowHeight + 30;
        var w = new HtmlWriter();
        var label = $"Sequence diagram: {Format.Count(events.Count(e => e.Kind is ExchangeKind.Sent or ExchangeKind.Received), "message")} between ConformanceKit and {peerName}";
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
                    var cls = r.Kind == ExchangeKind.Problem ? "note problem" : r.Association == BandRow ? "note band" : r.Association == FoldRow ? "note fold" : "note";
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
                rows.Add(new ExchangeEvent(e.Time, BandRow, ExchangeKind.Note, $"association #{e.Association}", false, false));
            }
            rows.Add(e);
        }
        return rows;
    }

    /// <summary>
    /// Replaces each run of at least <see cref="MinimumRepeats"/> consecutive blocks of rows with the same shape
    /// (same direction, association and text once numbers are blanked out) by the first block, a note saying
    /// how many were folded and over what time, and the last block.
    /// </summary>
    private static List<ExchangeEvent> FoldRepeats(List<ExchangeEvent> rows)
    {
        var shapes = rows.Select(Shape).ToArray();
        var result = new List<ExchangeEvent>(rows.Count);
        var i = 0;
        while (i < rows.Count)
        {
            var (period, repeats) = LongestRepeat(shapes, i);
            if (repeats < MinimumRepeats)
            {
                result.Add(rows[i++]);
                continue;
            }
            var last = i + (repeats - 1) * period;
            result.AddRange(rows.Skip(i).Take(period));
            var first = rows[i + period];
            var end = rows[last - 1];
            var span = first.Time.Length > 0 && end.Time.Length > 0 ? $", {first.Time} to {end.Time}" : "";
            result.Add(new ExchangeEvent(first.Time, FoldRow, ExchangeKind.Note,
                $"{repeats - 2} more {Format.Shorten(DimseOrFirst(rows, i, period), 30)} exchanges of this shape{span}", false, false));
            result.AddRange(rows.Skip(last).Take(period));
            i = last + period;
        }
        return result;
    }

    /// <summary>The period (1 to <see cref="MaxPeriod"/> rows) whose block starting at <paramref name="start"/> repeats most often in a row.</summary>
    private static (int Period, int Repeats) LongestRepeat(string?[] shapes, int start)
    {
        var best = (Period: 1, Repeats: 1);
        for (var p = 1; p <= MaxPeriod && start + 2 * p <= shapes.Length; p++)
        {
            if (shapes[start] is null) break;
            var n = 1;
            while (start + (n + 1) * p <= shapes.Length && SameBlock(shapes, start, start + n * p, p)) n++;
            // A longer period must repeat as often to win: the shortest block that repeats is the exchange.
            if (n > best.Repeats) best = (p, n);
        }
        return best;
    }

    private static bool SameBlock(string?[] shapes, int a, int b, int length)
    {
        for (var k = 0; k < length; k++)
            if (shapes[a + k] is null || shapes[a + k] != shapes[b + k]) return false;
        return true;
    }

    /// <summary>
    /// Rows that may fold, numbers blanked: messages and notes, and association bands (so a C-MOVE whose pending
    /// responses alternate with the C-STORE sub-operations on a second association folds too). Problems and
    /// fold notes never fold.
    /// </summary>
    private static string? Shape(ExchangeEvent e) =>
        e.Association == FoldRow || e.Kind == ExchangeKind.Problem ? null : $"{e.Kind} {e.Association} {Numbers().Replace(e.Text, "#")}";

    /// <summary>The DIMSE messages of a block without their -RQ/-RSP ends ("C-MOVE/C-STORE"), or its first row's text.</summary>
    private static string DimseOrFirst(List<ExchangeEvent> rows, int start, int period)
    {
        var names = rows.Skip(start).Take(period).Where(r => r.IsDimse).Select(r => r.Text.Split(' ')[0].Replace("-RQ", "").Replace("-RSP", "")).Distinct().ToList();
        return names.Count > 0 ? string.Join("/", names) : rows[start].Text;
    }

    /// <summary>Decimal numbers and UIDs (message IDs, instance UIDs, byte counts); hex statuses such as 0000H stay.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d[\d.]*\b(?![0-9A-F]*H\b)", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Numbers();
}

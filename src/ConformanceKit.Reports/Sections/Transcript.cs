using System.Globalization;
using System.Text.RegularExpressions;

namespace ConformanceKit.Reports.Sections;

/// <summary>What one transcript line says happened.</summary>
public enum ExchangeKind
{
    /// <summary>The harness sent a PDU or DIMSE message to the peer.</summary>
    Sent,
    /// <summary>The peer sent a PDU or DIMSE message to the harness.</summary>
    Received,
    /// <summary>Connection opened or closed, or anything else worth a note.</summary>
    Note,
    /// <summary>A protocol problem (malformed PDU, timeout, refusal).</summary>
    Problem,
}

/// <summary>One event of an association: when, which association, what, and whether it is a P-DATA-TF summary.</summary>
public sealed record ExchangeEvent(string Time, long Association, ExchangeKind Kind, string Text, bool IsDataPdu, bool IsDimse);

/// <summary>
/// Reads an association transcript as the network layer writes it (NetworkTranscript.Format: one event per
/// line, "HH:mm:ss.ffffff #ASSOCIATION description", descriptions starting "sent", "received", "connection"
/// or "problem:"). Lines of any other shape are kept as notes, so a changed format degrades to text, never
/// to an error.
/// </summary>
public static partial class TranscriptReader
{
    /// <summary>Largest transcript read (a library run's largest exchange writes a few hundred kB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static IReadOnlyList<ExchangeEvent> Parse(string text)
    {
        var events = new List<ExchangeEvent>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Length == 0) continue;
            var m = Line().Match(line);
            if (!m.Success)
            {
                events.Add(new ExchangeEvent("", 0, ExchangeKind.Note, line, false, false));
                continue;
            }
            var time = m.Groups[1].Value;
            var association = long.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
            var rest = m.Groups[3].Value;
            if (rest.StartsWith("sent ", StringComparison.Ordinal)) events.Add(Message(time, association, ExchangeKind.Sent, rest[5..]));
            else if (rest.StartsWith("received ", StringComparison.Ordinal)) events.Add(Message(time, association, ExchangeKind.Received, rest[9..]));
            else if (rest.StartsWith("problem:", StringComparison.Ordinal)) events.Add(new ExchangeEvent(time, association, ExchangeKind.Problem, rest[8..].Trim(), false, false));
            else events.Add(new ExchangeEvent(time, association, ExchangeKind.Note, rest, false, false));
        }
        return events;
    }

    private static ExchangeEvent Message(string time, long association, ExchangeKind kind, string what)
    {
        var data = what.StartsWith("P-DATA-TF", StringComparison.Ordinal);
        var dimse = DimseName().IsMatch(what);
        return new ExchangeEvent(time, association, kind, what, data, dimse);
    }

    [GeneratedRegex(@"^(\d{2}:\d{2}:\d{2}(?:\.\d+)?) #(\d+) (.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"^[CN]-[A-Z]+-(RQ|RSP)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DimseName();
}

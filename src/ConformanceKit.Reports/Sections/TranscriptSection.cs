using ConformanceKit.Reports.Svg;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Sections;

/// <summary>A step's association transcripts: the sequence diagram and the text, read from the run folder.</summary>
public sealed class TranscriptSection(RunFolderFiles files)
{
    /// <summary>
    /// Characters of transcript text shown per exchange: the start (negotiation, first messages) and the end
    /// (last messages, release) of a long one, whole lines, with a line saying how many lines lie between.
    /// The file in the run folder keeps everything. About 90 transcripts in a library run: at most 1.4 MB.
    /// </summary>
    public const int MaxTextChars = 16_000;

    /// <summary>Share of <see cref="MaxTextChars"/> given to the end of a long transcript.</summary>
    private const int TailChars = 4_000;

    public TranscriptView Build(string relativePath, string peerName)
    {
        var (text, truncated, error) = files.ReadText(relativePath, TranscriptReader.MaxBytes);
        if (text is null)
            return new TranscriptView { File = relativePath, Title = Path.GetFileName(relativePath), Diagram = Html.TrustedHtml.Empty, Text = "", Note = $"could not be read: {error}" };
        var events = TranscriptReader.Parse(text);
        var notes = new List<string>();
        if (truncated) notes.Add($"only the first {TranscriptReader.MaxBytes} bytes were read");
        var shown = HeadAndTail(text, out var omitted);
        if (omitted > 0) notes.Add($"{Format.Count(omitted, "line")} in the middle not shown here; the file holds them");
        var associations = events.Select(e => e.Association).Where(a => a > 0).Distinct().Count();
        return new TranscriptView
        {
            File = relativePath,
            Title = $"{Path.GetFileName(relativePath)}: {Format.Count(associations, "association")}, {Format.Count(events.Count(e => e.IsDimse), "DIMSE message")}",
            Diagram = SequenceDiagram.Draw(events, peerName),
            Text = shown,
            Note = string.Join("; ", notes),
        };
    }

    /// <summary>The text when short; else its first and last whole lines within <see cref="MaxTextChars"/>, joined by a marker line.</summary>
    private static string HeadAndTail(string text, out int omittedLines)
    {
        omittedLines = 0;
        if (text.Length <= MaxTextChars) return text;
        var headEnd = text.LastIndexOf('\n', MaxTextChars - TailChars);
        if (headEnd < 0) headEnd = MaxTextChars - TailChars;
        var tailStart = text.IndexOf('\n', text.Length - TailChars);
        tailStart = tailStart < 0 || tailStart < headEnd ? text.Length - TailChars : tailStart + 1;
        omittedLines = Math.Max(0, text.AsSpan(headEnd, tailStart - headEnd).Count('\n') - 1);
        return $"{text[..headEnd]}\n[... {Format.Count(omittedLines, "line")} not shown; the transcript file holds them ...]\n{text[tailStart..]}";
    }
}

using ConformanceKit.Reports.Svg;
using ConformanceKit.Reports.Views;

namespace ConformanceKit.Reports.Sections;

/// <summary>A step's association transcripts: the sequence diagram and the text, read from the run folder.</summary>
public sealed class TranscriptSection(RunFolderFiles files)
{
    /// <summary>Characters of transcript text shown per exchange (the diagram covers the start; the file has everything).</summary>
    public const int MaxTextChars = 60_000;

    public TranscriptView Build(string relativePath, string peerName)
    {
        var (text, truncated, error) = files.ReadText(relativePath, TranscriptReader.MaxBytes);
        if (text is null)
            return new TranscriptView { File = relativePath, Title = Path.GetFileName(relativePath), Diagram = Html.TrustedHtml.Empty, Text = "", Note = $"could not be read: {error}" };
        var events = TranscriptReader.Parse(text);
        var notes = new List<string>();
        if (truncated) notes.Add($"only the first {TranscriptReader.MaxBytes} bytes were read");
        var shown = text;
        if (shown.Length > MaxTextChars)
        {
            shown = shown[..MaxTextChars];
            notes.Add($"text cut at {MaxTextChars} characters; the file holds the rest");
        }
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
}

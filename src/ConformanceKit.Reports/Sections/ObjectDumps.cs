using ConformanceKit.Dicom;
using ConformanceKit.Reports.Views;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Sections;

/// <summary>
/// DICOM dumps of captured objects (the Dicom layer's tree dump, long values folded). To keep a whole
/// library's report small, an image series shows the dump of its first image only (the others share the
/// layout; `ck dump FILE` prints any of them), a dump stops after <see cref="MaxLinesPerDump"/> lines, and
/// dumping stops altogether once <see cref="TotalBudgetChars"/> characters have been spent.
/// </summary>
public sealed class ObjectDumps(RunFolderFiles files)
{
    /// <summary>Lines shown per object: an SRO dumps to about 120 lines, an RT Structure Set can run to thousands.</summary>
    public const int MaxLinesPerDump = 400;

    /// <summary>Characters of dump text in one report: about 2 MB of the 5 MB report budget (issue 7).</summary>
    public const int TotalBudgetChars = 2_000_000;

    private readonly HashSet<string> _seriesDumped = new(StringComparer.Ordinal);
    private int _spent;

    public ObjectView Describe(ObjectResult o, string anchor)
    {
        var (file, error) = files.ReadObject(o.File, headerOnly: true);
        string dump = "", note = "";
        var summary = "";
        if (o.File is null) note = "not stored in the run folder";
        else if (file is null) note = $"could not be read: {error}";
        else
        {
            summary = Summarise(file.Dataset);
            var series = file.Dataset.GetString(DicomTags.SeriesInstanceUID) ?? "";
            var isImage = file.Dataset.Contains(DicomTags.PixelData) || file.Dataset.Contains(DicomTags.Rows);
            if (isImage && series.Length > 0 && !_seriesDumped.Add(series))
                note = "another image of a series dumped above; `ck dump` prints this one";
            else if (_spent >= TotalBudgetChars)
                note = "dump left out: this report's dump budget is spent; `ck dump` prints it";
            else
                (dump, note) = Dump(file);
        }
        return new ObjectView
        {
            Anchor = anchor,
            Set = o.Set,
            SopClass = DicomUidRegistry.NameOf(o.SopClassUid),
            SopInstanceUid = o.SopInstanceUid,
            Origin = o.Origin,
            File = o.File ?? "",
            TransferSyntax = o.TransferSyntaxUid is { } ts ? DicomTransferSyntax.FromUid(ts).Name : "",
            Summary = summary,
            Dump = dump,
            DumpNote = note,
        };
    }

    private (string, string) Dump(DicomFile file)
    {
        var writer = new StringWriter();
        new DicomTreeWriter(writer).Write(file);
        var lines = writer.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var note = "";
        if (lines.Length > MaxLinesPerDump)
        {
            note = $"first {MaxLinesPerDump} of {lines.Length} lines; `ck dump` prints the rest";
            lines = lines[..MaxLinesPerDump];
        }
        var text = string.Join('\n', lines);
        _spent += text.Length;
        return (text, note);
    }

    /// <summary>One line: modality, patient, series and content label (all DICOM strings, escaped on output).</summary>
    public static string Summarise(DicomDataset ds)
    {
        var parts = new List<string>();
        void Add(string label, DicomTag tag)
        {
            string? v;
            try { v = ds.GetString(tag); }
            catch (Exception e) when (e is FormatException or DicomCharacterSetException) { v = "(undecodable)"; }
            if (!string.IsNullOrWhiteSpace(v)) parts.Add($"{label} {Format.Shorten(v, 64)}");
        }
        Add("Modality", DicomTags.Modality);
        Add("Patient", DicomTags.PatientName);
        Add("Series", DicomTags.SeriesDescription);
        Add("Label", DicomTags.ContentLabel);
        return string.Join(" \u00b7 ", parts);
    }
}

using System.Globalization;
using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Views;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports;

/// <summary>
/// reports/index.html: every run folder under the reports root with its verdict and counts, newest first,
/// each linking to its own report. A folder whose results.json cannot be read is listed with the reason.
/// </summary>
public static class RunsIndex
{
    public sealed record RunRow(string RunId, string Href, bool HasReport, string Started, string Duration, string Sut,
        string Verdict, string VerdictClass, int Total, int Pass, int Fail, int Inconclusive, int Skipped, string Problem);

    public sealed class IndexView
    {
        public required IReadOnlyList<RunRow> Runs { get; init; }
        public required string Root { get; init; }
        public required string GeneratedAt { get; init; }
        public required string GeneratedBy { get; init; }
        public required TrustedHtml Style { get; init; }
    }

    /// <summary>Writes REPORTS_ROOT/index.html and returns its path.</summary>
    public static string Write(string reportsRoot, TimeProvider? time = null)
    {
        var path = Path.Combine(reportsRoot, HtmlReport.FileName);
        RunFolder.WriteAtomically(path, Render(reportsRoot, time));
        return path;
    }

    public static string Render(string reportsRoot, TimeProvider? time = null)
    {
        var rows = new List<(DateTimeOffset Sort, RunRow Row)>();
        foreach (var dir in Directory.EnumerateDirectories(reportsRoot))
        {
            var info = new DirectoryInfo(dir);
            if (info.LinkTarget is not null) continue; // reports/latest points at a run listed already
            var results = Path.Combine(dir, ResultsJson.FileName);
            if (!File.Exists(results)) continue;
            var id = info.Name;
            var href = Uri.EscapeDataString(id) + "/" + HtmlReport.FileName;
            var hasReport = File.Exists(Path.Combine(dir, HtmlReport.FileName));
            try
            {
                var run = ResultsJson.Read(results);
                var s = run.Summary;
                var sut = run.Sut.Mode == "product" ? $"{run.Sut.Product} ({run.Sut.AeTitle}@{run.Sut.Host}:{run.Sut.Port?.ToString(CultureInfo.InvariantCulture)})" : "built-in reference actors";
                rows.Add((run.StartedAt, new RunRow(id, href, hasReport, Format.Time(run.StartedAt), Format.Duration(run.DurationMs), sut,
                    s.Verdict, Format.VerdictClass(s.Verdict), s.Total, s.Pass, s.Fail, s.Inconclusive, s.Skipped,
                    run.FinishedAt is null ? (run.Cancelled ? "cancelled" : "not finished") : "")));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                rows.Add((info.LastWriteTimeUtc, new RunRow(id, href, hasReport, "", "", "", "unreadable", "unknown", 0, 0, 0, 0, 0, e.Message)));
            }
        }
        var view = new IndexView
        {
            Runs = rows.OrderByDescending(r => r.Sort).ThenByDescending(r => r.Row.RunId, StringComparer.Ordinal).Select(r => r.Row).ToList(),
            Root = Path.GetFullPath(reportsRoot),
            GeneratedAt = Format.Time((time ?? TimeProvider.System).GetUtcNow()),
            GeneratedBy = $"ConformanceKit {typeof(RunsIndex).Assembly.GetName().Version?.ToString(3)}",
            Style = TemplateSet.Asset("report.css"),
        };
        return TemplateSet.Embedded.Render("runs.sbn", view);
    }
}

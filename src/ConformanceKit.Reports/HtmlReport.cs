using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Views;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports;

/// <summary>
/// The self-contained HTML report of one run (reports/RUN_ID/index.html), rendered from results.json and the
/// files captured in the run folder. Rendering reads only; it never changes results.json.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "index.html";

    /// <summary>Renders RUN_DIR/index.html from RUN_DIR/results.json and returns its path.</summary>
    public static string Write(string runDirectory, TimeProvider? time = null)
    {
        var run = ResultsJson.Read(Path.Combine(runDirectory, ResultsJson.FileName));
        var path = Path.Combine(runDirectory, FileName);
        RunFolder.WriteAtomically(path, Render(run, runDirectory, time));
        return path;
    }

    /// <summary>The report's HTML for a run whose captured files lie in <paramref name="runDirectory"/>.</summary>
    public static string Render(RunResult run, string runDirectory, TimeProvider? time = null)
    {
        var html = TemplateSet.Embedded.Render("report.sbn", new ReportBuilder(run, runDirectory, time).Build());
        // A template engine limit once cut the report after its summary without an error; a report that does not
        // reach its end must not be written as if it were whole.
        if (!html.AsSpan().TrimEnd().EndsWith("</html>", StringComparison.Ordinal))
            throw new InvalidOperationException($"the report of run {run.RunId} stopped after {html.Length} characters");
        return html;
    }
}

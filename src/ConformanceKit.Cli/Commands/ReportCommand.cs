using ConformanceKit.Reports;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck report`: re-renders a run's index.html from its results.json and captured files (so templates can
/// change without re-running), then the reports folder's index.html. docs/reports.md.
/// </summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "re-render a run's HTML report from its results.json (default: reports/latest)";
    public string Usage => "report [RUN_DIR...] [--no-index]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string> { "--no-index" });
        var noIndex = a.Has("--no-index");
        a.RejectUnknown();
        var runs = a.Positional.Count > 0 ? a.Positional.ToList() : [Path.Combine("reports", RunFolder.LatestName)];
        var rc = ExitCodes.Success;
        var roots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            cancel.ThrowIfCancellationRequested();
            var dir = ResolveRunDirectory(run);
            if (dir is null)
            {
                Console.Error.WriteLine($"ck report: {run} is not a run folder (no {ResultsJson.FileName} in it)");
                rc = ExitCodes.Error;
                continue;
            }
            try
            {
                Console.WriteLine($"report: {HtmlReport.Write(dir)}");
                roots.Add(Path.GetDirectoryName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar))!);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ck report: {run}: {e.Message}");
                rc = ExitCodes.Error;
            }
        }
        if (!noIndex)
            foreach (var root in roots) Console.WriteLine($"runs index: {RunsIndex.Write(root)}");
        return Task.FromResult(rc);
    }

    /// <summary>
    /// Called by `ck run` when a run ends: the run's report and the runs index. A rendering problem is reported
    /// but never changes the run's exit code, which follows from results.json alone.
    /// </summary>
    public static void RenderAfterRun(string reportsRoot, string runId)
    {
        try { Console.WriteLine($"report: {RunReports.Publish(reportsRoot, runId)}"); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ck run: the HTML report could not be written ({e.Message}); `ck report {Path.Combine(reportsRoot, runId)}` retries");
        }
    }

    /// <summary>A run folder (holding results.json); reports/latest may be a link or a text file naming the run.</summary>
    private static string? ResolveRunDirectory(string path)
    {
        if (File.Exists(Path.Combine(path, ResultsJson.FileName))) return path;
        if (File.Exists(path) && Path.GetFileName(path) == RunFolder.LatestName)
        {
            var id = File.ReadAllText(path).Trim();
            var dir = Path.Combine(Path.GetDirectoryName(path) ?? ".", id);
            if (id.Length > 0 && !id.Contains('/') && !id.Contains('\\') && File.Exists(Path.Combine(dir, ResultsJson.FileName))) return dir;
        }
        if (File.Exists(path) && Path.GetFileName(path) == ResultsJson.FileName) return Path.GetDirectoryName(path);
        return null;
    }
}

namespace ConformanceKit.Reports;

/// <summary>What `ck run` calls when a run ends: the run's report, then the reports folder's index.</summary>
public static class RunReports
{
    /// <summary>Writes reports/RUN_ID/index.html and reports/index.html; returns the run report's path.</summary>
    public static string Publish(string reportsRoot, string runId, TimeProvider? time = null)
    {
        var path = HtmlReport.Write(Path.Combine(reportsRoot, runId), time);
        RunsIndex.Write(reportsRoot, time);
        return path;
    }
}

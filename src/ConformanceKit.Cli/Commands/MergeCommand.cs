using ConformanceKit.Scenarios.Results;
using Spectre.Console;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck merge`: combines the run folders of parallel CI shards into one run (results.json, junit.xml).</summary>
public sealed class MergeCommand : ICommand
{
    public string Name => "merge";
    public string Summary => "merge the runs of CI shards (ck run --shard K/N) into one result";
    public string Usage => "merge RUN_DIR... [--out DIR]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string>());
        var reportsRoot = a.Get("--out");
        a.RejectUnknown();
        if (a.Positional.Count == 0) throw new UsageException("give the run folders to merge");
        var runs = new List<(string, RunResult)>();
        foreach (var dir in a.Positional)
        {
            var file = Path.Combine(dir, ResultsJson.FileName);
            if (!File.Exists(file)) throw new UsageException($"{dir} holds no {ResultsJson.FileName}");
            try { runs.Add((Path.GetFullPath(dir), ResultsJson.Read(file))); }
            catch (InvalidDataException e)
            {
                AnsiConsole.MarkupLine($"[red]error[/] {Markup.Escape(e.Message)}");
                return Task.FromResult(ExitCodes.Error);
            }
        }
        reportsRoot ??= Path.GetDirectoryName(runs[0].Item1)!;
        var runId = RunFolder.NewRunId(DateTimeOffset.UtcNow) + "-merged";
        var target = Path.GetFullPath(RunFolder.Create(reportsRoot, runId));
        RunMerge.Outcome outcome;
        try { outcome = RunMerge.Merge(runs, target, runId); }
        catch (InvalidDataException e)
        {
            Directory.Delete(target);
            AnsiConsole.MarkupLine($"[red]error[/] {Markup.Escape(e.Message)}");
            return Task.FromResult(ExitCodes.Error);
        }
        foreach (var w in outcome.Warnings) AnsiConsole.MarkupLine($"[yellow]warning[/] {Markup.Escape(w)}");
        ResultsJson.Write(target, outcome.Merged);
        JUnitReport.Write(target, outcome.Merged);
        RunFolder.PointLatest(reportsRoot, runId);
        RunConsole.SummaryTable(outcome.Merged, target);
        return Task.FromResult(outcome.Merged.Summary.ExitCode);
    }
}

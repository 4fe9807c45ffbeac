using System.Globalization;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Yaml;
using Spectre.Console;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck run`: runs scenarios against the reference SUTs (default) or a product (--sut FILE). docs/scenarios.md.</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "run scenarios (default: the whole library against the built-in reference actors)";
    public string Usage => "run [PATH...] [--sut FILE] [--only ID...] [--shard K/N] [--out DIR] [--answers FILE] [--deidentify] [--fault NAME]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string> { "--deidentify" });
        var sutFile = a.Get("--sut");
        var only = a.GetAll("--only").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var shardText = a.Get("--shard");
        var reportsRoot = a.Get("--out", "reports");
        var answersFile = a.Get("--answers");
        // Evidence objects get per-run patient pseudonyms (docs/security.md); the key lives only in this process.
        var deidentifier = a.Has("--deidentify") ? Dicom.DicomDeidentifier.ForNewRun() : null;
        var fault = a.Get("--fault");
        a.RejectUnknown();
        if (fault is not null && !ConformanceKit.Actors.Faults.FaultCatalogue.IsKnown(fault))
            throw new UsageException($"--fault expects one of {string.Join(", ", ConformanceKit.Actors.Faults.FaultCatalogue.All)}, not '{fault}'");
        if (fault is not null && sutFile is not null)
            throw new UsageException("--fault injects a fault into the built-in reference SUTs; it cannot be combined with --sut");

        Shard? shard = null;
        if (shardText is not null)
        {
            if (!Shard.TryParse(shardText, out var s)) throw new UsageException($"--shard expects K/N with 1 <= K <= N, not '{shardText}'");
            shard = s;
        }
        var paths = LibraryPaths(a.Positional);
        SutPreset? preset = null;
        if (sutFile is not null)
        {
            try { preset = SutPresetLoader.LoadFile(sutFile); }
            catch (ScenarioFormatException e) { throw new UsageException($"product preset {sutFile} is not valid:\n{e.Message}"); }
        }

        var library = ScenarioLibrary.Load(paths);
        RunConsole.LoadErrors(library.Errors);
        var selection = ScenarioSelection.Select(library.Scenarios, only, preset, shard);
        if (selection.UnknownIds.Count > 0)
            throw new UsageException($"no scenario with ID {string.Join(", ", selection.UnknownIds)} (ck list shows them)");

        var actors = new ConformanceKit.Scenarios.Actors.NetworkActorFactory();
        var services = new HarnessServices
        {
            Attestation = Attestation(answersFile ?? preset?.AnswersFile),
            Phantoms = new GeometryPhantomSource(),
            Actors = actors,
            ReferenceSuts = new ConformanceKit.Scenarios.ReferenceSuts.ReferenceSutRegistry(actors.Directory, fault),
            Deidentifier = deidentifier,
        };
        var plan = new RunPlan
        {
            Scenarios = selection.Selected, ReportsRoot = reportsRoot,
            RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow, shard?.ToString()),
            Preset = preset, Paths = paths, Only = only, Shard = shard, SelectedBeforeSharding = selection.BeforeSharding,
            LoadErrors = library.Errors.Select(e => e.ToString()).ToList(),
        };
        RunConsole.Prepare();
        RunConsole.Header(plan);
        var result = await new ScenarioEngine(services).RunAsync(plan, new RunConsole(), cancel);
        RunConsole.SummaryTable(result, Path.Combine(reportsRoot, result.RunId));
        ReportCommand.RenderAfterRun(reportsRoot, result.RunId);
        return result.Summary.ExitCode;
    }

    /// <summary>Positional paths, or the library folder found from here or from the program.</summary>
    internal static IReadOnlyList<string> LibraryPaths(IReadOnlyList<string> positional)
    {
        if (positional.Count > 0) return positional;
        return ScenarioLibrary.FindDefaultFolder() is { } d
            ? [d]
            : throw new UsageException("no scenario library found (no scenarios/schema.json above this folder; give PATH or set CK_SCENARIOS)");
    }

    private static IAttestationSource Attestation(string? answersFile)
    {
        var sources = new List<IAttestationSource>();
        if (answersFile is not null)
        {
            try { sources.Add(AnswersFileAttestation.Load(answersFile)); }
            catch (ScenarioFormatException e) { throw new UsageException($"answers file {answersFile} is not valid:\n{e.Message}"); }
        }
        // A human is asked only when one can answer: never in CI, where standard input is not a terminal.
        if (!Console.IsInputRedirected) sources.Add(new TerminalAttestation(Console.In, Console.Out));
        return sources.Count == 0 ? NoAttestation.Instance : new AttestationChain([.. sources]);
    }
}

/// <summary>Progress lines while a run goes, and the summary table at the end (text from peers is escaped).</summary>
internal sealed class RunConsole : IRunObserver
{
    // A CI log has no terminal width; 80 columns would wrap every table row.
    static RunConsole()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
    }

    /// <summary>Makes sure the width rule above applies before any output.</summary>
    public static void Prepare() { }

    public void ScenarioStarted(Scenario scenario, int number, int total) =>
        AnsiConsole.MarkupLine($"[grey]{number,3}/{total}[/] [bold]{Markup.Escape(scenario.Id)}[/] {Markup.Escape(scenario.Title)}");

    public void StepFinished(Scenario scenario, StepResult step)
    {
        if (step.Verdict == "SKIPPED" && step.Kind != "setup") return;
        AnsiConsole.MarkupLine($"        {Badge(step.Verdict)} [grey]{Markup.Escape(step.Id)}[/] {Markup.Escape(Shorten(step.Reason, 110))}");
    }

    public void ScenarioFinished(ScenarioResult result) =>
        AnsiConsole.MarkupLine($"      = {Badge(result.Verdict)} [grey]({Seconds(result.DurationMs)})[/]");

    public static void Header(RunPlan plan)
    {
        var who = plan.Preset is { } p ? $"product {p.Product} ({p.Inputs.Sut?.AeTitle}@{p.Inputs.Sut?.Host}:{p.Inputs.Sut?.Port})" : "built-in reference SUTs";
        AnsiConsole.MarkupLine($"[bold]ck run[/] {Markup.Escape(plan.RunId)}: {plan.Scenarios.Count} scenario(s) against {Markup.Escape(who)}" +
                               (plan.Shard is { } s ? $", shard {s}" : ""));
    }

    public static void LoadErrors(IReadOnlyList<ScenarioError> errors)
    {
        foreach (var e in errors) AnsiConsole.MarkupLine($"[red]error[/] {Markup.Escape(e.ToString())}");
    }

    public static void SummaryTable(RunResult run, string runDirectory)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Scenario", "Actor", "Profile", "Verdict", "Time", "Reason");
        foreach (var s in run.Scenarios)
            table.AddRow(Markup.Escape(s.Id), s.Actor, s.Profile, Badge(s.Verdict), Seconds(s.DurationMs), Markup.Escape(Shorten(s.Reason, 70)));
        AnsiConsole.Write(table);
        var sum = run.Summary;
        AnsiConsole.MarkupLine($"{Badge(sum.Verdict)} {sum.Total} scenario(s): {sum.Pass} passed, {sum.Fail} failed, {sum.Inconclusive} inconclusive, {sum.Skipped} skipped" +
                               $" in {Seconds(run.DurationMs)}{(run.Cancelled ? " [yellow](cancelled)[/]" : "")}");
        if (run.LoadErrors.Count > 0) AnsiConsole.MarkupLine($"[red]{run.LoadErrors.Count} scenario file(s) could not be loaded[/]");
        AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.Combine(runDirectory, ResultsJson.FileName))}, {Markup.Escape(Path.Combine(runDirectory, JUnitReport.FileName))} (exit code {sum.ExitCode})");
    }

    private static string Badge(string verdict) => verdict switch
    {
        "PASS" => "[green]PASS[/]",
        "FAIL" => "[red]FAIL[/]",
        "INCONCLUSIVE" => "[yellow]INCONCLUSIVE[/]",
        _ => "[grey]SKIPPED[/]",
    };

    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s";
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;
using Spectre.Console;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck list`: the scenarios a run would see, with what each verifies and what it still waits for.</summary>
public sealed class ListCommand : ICommand
{
    public string Name => "list";
    public string Summary => "list the scenarios of the library (or of PATHs), and check that they load";
    public string Usage => "list [PATH...] [--actor ACTOR] [--format text|json]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string>());
        var actorText = a.Get("--actor");
        var format = a.Get("--format", "text");
        a.RejectUnknown();
        if (format is not ("text" or "json")) throw new UsageException($"--format is text or json, not '{format}'");
        SutActor? actor = null;
        if (actorText is not null)
        {
            try { actor = ScenarioNames.ParseActor(actorText); }
            catch (FormatException e) { throw new UsageException(e.Message); }
        }

        RunConsole.Prepare();
        var library = ScenarioLibrary.Load(RunCommand.LibraryPaths(a.Positional));
        var services = new HarnessServices { Phantoms = new ConformanceKit.Scenarios.Engine.GeometryPhantomSource() };
        var scenarios = library.Scenarios.Where(s => actor is null || s.Actor == actor).ToList();
        if (format == "json")
        {
            static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
            var doc = new JsonArray(scenarios.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id, ["title"] = s.Title, ["actor"] = ScenarioNames.Of(s.Actor), ["profile"] = ScenarioNames.Of(s.Profile),
                ["file"] = s.SourceFile, ["verifies"] = Strings(s.Verifies), ["steps"] = Strings(s.Steps.Select(t => t.Kind.Name)),
                ["waitsFor"] = Strings(s.Unavailable(services).Distinct()),
            }).ToArray());
            var json = new JsonObject { ["scenarios"] = doc, ["errors"] = Strings(library.Errors.Select(e => e.ToString())) };
            Console.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("ID", "Actor", "Profile", "Steps", "Title", "Waits for");
            foreach (var s in scenarios)
                table.AddRow(Markup.Escape(s.Id), ScenarioNames.Of(s.Actor), ScenarioNames.Of(s.Profile),
                    s.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Title),
                    Markup.Escape(string.Join(", ", Layers(s.Unavailable(services)))));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{scenarios.Count} scenario(s)");
            RunConsole.LoadErrors(library.Errors);
        }
        return Task.FromResult(library.Errors.Count > 0 ? ExitCodes.Error : ExitCodes.Success);
    }

    /// <summary>The layers a scenario still waits for, named shortly for the table.</summary>
    private static IEnumerable<string> Layers(IEnumerable<string> reasons) =>
        reasons.Select(r => r.Contains("network", StringComparison.Ordinal) ? "network"
                          : r.Contains("geometry", StringComparison.Ordinal) ? "geometry"
                          : r.Contains("rules", StringComparison.Ordinal) ? "rules" : r)
               .Distinct().Order(StringComparer.Ordinal);
}

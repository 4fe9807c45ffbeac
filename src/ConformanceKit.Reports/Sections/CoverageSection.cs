using ConformanceKit.Reports.Views;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Sections;

/// <summary>
/// Which rules and transactions the run exercised: named in a run scenario's or step's <c>verifies:</c>
/// list, or the rule of a finding. The full lists are the Rules layer's catalogue (plus any rule ID of
/// reg-profile.md section 7 not yet in it) and the transactions of reg-profile.md section 2.1. When the
/// scenario library the run came from can be read, IDs that no scenario of it verifies are marked
/// "never exercised by the library", the gaps a monitor should know about.
/// </summary>
public static class CoverageSection
{
    public static CoverageView Build(RunResult run)
    {
        var ran = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var fired = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in run.Scenarios)
        {
            var target = s.Verdict == "SKIPPED" ? skipped : ran;
            foreach (var id in s.Verifies.Concat(s.Steps.Where(x => x.Verdict != "SKIPPED").SelectMany(x => x.Verifies))) Add(target, id, s.Id);
            foreach (var f in s.Steps.SelectMany(x => x.Findings))
                if (f.RuleId is { } r)
                {
                    Add(ran, r, s.Id);
                    fired[r] = fired.GetValueOrDefault(r) + 1;
                }
        }
        var (library, libraryNote) = LibraryVerifies(run);

        CoverageRow Row(string id, string title)
        {
            var scenarios = ran.GetValueOrDefault(id)?.ToList() ?? [];
            var (status, cls) =
                scenarios.Count > 0 ? ("exercised", "pass")
                : skipped.ContainsKey(id) ? ("selected, scenario skipped", "skipped")
                : library is not null && !library.Contains(id) ? ("never exercised by the library", "fail")
                : ("not in this run", "inconclusive");
            return new CoverageRow(id, title, status, cls, scenarios, fired.GetValueOrDefault(id));
        }

        var catalogue = RuleCatalogue.All.Select(r => (r.Id, r.Title)).ToList();
        var known = catalogue.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        catalogue.AddRange(Requirements.AllRules().Where(id => !known.Contains(id)).Select(id => (id, "(not in the rule catalogue yet)")));
        catalogue.AddRange(ran.Keys.Where(id => !Requirements.IsTransaction(id) && !catalogue.Any(c => c.Item1 == id)).Order(StringComparer.Ordinal).Select(id => (id, "(not in the rule catalogue)")));
        var rules = catalogue.Select(r => Row(r.Item1, r.Item2)).ToList();
        var transactions = Requirements.Transactions.Select(t => Row(t, "")).ToList();
        return new CoverageView
        {
            Rules = rules,
            Transactions = transactions,
            RulesExercised = rules.Count(r => r.Status == "exercised"),
            TransactionsExercised = transactions.Count(r => r.Status == "exercised"),
            LibraryNote = libraryNote,
        };
    }

    private static void Add(Dictionary<string, SortedSet<string>> map, string id, string scenario)
    {
        if (!map.TryGetValue(id, out var set)) map[id] = set = new(StringComparer.Ordinal);
        set.Add(scenario);
    }

    /// <summary>Every ID the library's scenarios verify, when the run's library paths can still be read.</summary>
    private static (HashSet<string>? Ids, string Note) LibraryVerifies(RunResult run)
    {
        var paths = run.Selection.Paths.Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
        if (paths.Count == 0)
            return (null, "The scenario library of this run could not be read here, so IDs outside the run are shown as \"not in this run\".");
        ScenarioLibrary library;
        try { library = ScenarioLibrary.Load(paths); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"The scenario library could not be read ({e.Message}).");
        }
        var ids = library.Scenarios.SelectMany(s => s.Verifies.Concat(s.Steps.SelectMany(x => x.Verifies))).ToHashSet(StringComparer.Ordinal);
        return (ids, $"Library: {Format.Count(library.Scenarios.Count, "scenario")} under {string.Join(", ", paths)}.");
    }
}

using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Loading;

/// <summary>The scenarios found under some paths, and every file that could not be loaded (with its errors).</summary>
public sealed record ScenarioLibrary(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioError> Errors)
{
    /// <summary>
    /// Loads every *.yaml / *.yml file under the given files and folders (recursively, in path order).
    /// A broken file does not stop the others; duplicate scenario IDs are errors.
    /// </summary>
    public static ScenarioLibrary Load(IEnumerable<string> paths, ScenarioLoader? loader = null)
    {
        loader ??= ScenarioLoader.Default;
        var scenarios = new List<Scenario>();
        var errors = new List<ScenarioError>();
        foreach (var file in Files(paths, errors))
        {
            try { scenarios.Add(loader.LoadFile(file)); }
            catch (ScenarioFormatException e) { errors.AddRange(e.Errors); }
        }
        foreach (var g in scenarios.GroupBy(s => s.Id).Where(g => g.Count() > 1))
            foreach (var dup in g.Skip(1))
                errors.Add(new ScenarioError(dup.Location, $"scenario ID '{g.Key}' is also used by {g.First().Location.File}"));
        return new ScenarioLibrary(scenarios.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(), errors);
    }

    private static IEnumerable<string> Files(IEnumerable<string> paths, List<ScenarioError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (File.Exists(p)) { if (seen.Add(Path.GetFullPath(p))) yield return p; continue; }
            if (!Directory.Exists(p))
            {
                errors.Add(new ScenarioError(new SourceLocation(p, 1, 1), "no such file or folder"));
                continue;
            }
            var found = Directory.EnumerateFiles(p, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 16 })
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var f in found)
                if (seen.Add(Path.GetFullPath(f))) yield return f;
        }
    }

    /// <summary>
    /// The library folder: $CK_SCENARIOS, else the nearest "scenarios" folder holding schema.json above
    /// the current directory or the program's own folder.
    /// </summary>
    public static string? FindDefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("CK_SCENARIOS") is { Length: > 0 } env) return env;
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "scenarios", "schema.json")))
                    return Path.Combine(d.FullName, "scenarios");
        return null;
    }
}

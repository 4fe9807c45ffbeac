using ConformanceKit.Scenarios.Model;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>Shard K of N (1-based) of a run split over parallel CI jobs.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static bool TryParse(string text, out Shard shard)
    {
        shard = default;
        var parts = text.Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) ||
            !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ||
            n < 1 || k < 1 || k > n) return false;
        shard = new Shard(k, n);
        return true;
    }

    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>A scenario chosen for a run; <see cref="SkipReason"/> set when it is listed but not run.</summary>
public sealed record SelectedScenario(Scenario Scenario, string? SkipReason);

/// <summary>
/// Chooses what a run runs: <c>--only</c> IDs, the product preset's actors (scenarios of other actors are
/// left out) and profile claims (scenarios of unclaimed modes are listed as SKIPPED), then the shard.
/// Sharding deals the ID-sorted list round-robin, so every shard gets a similar mix and the union of all
/// shards is exactly the unsharded selection.
/// </summary>
public static class ScenarioSelection
{
    public sealed record Result(IReadOnlyList<SelectedScenario> Selected, int BeforeSharding, IReadOnlyList<string> UnknownIds);

    public static Result Select(IReadOnlyList<Scenario> library, IReadOnlyList<string> only, SutPreset? preset, Shard? shard)
    {
        var known = library.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = only.Where(id => !known.Contains(id)).Distinct().ToList();
        IEnumerable<Scenario> chosen = only.Count > 0 ? library.Where(s => only.Contains(s.Id, StringComparer.Ordinal)) : library;
        if (preset is not null) chosen = chosen.Where(s => preset.Actors.Contains(s.Actor));
        var list = chosen.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var before = list.Count;
        if (shard is { } sh) list = list.Where((_, i) => i % sh.Count == sh.Index - 1).ToList();
        var selected = list.Select(s => new SelectedScenario(s,
            preset is not null && !preset.Profiles.Contains(s.Profile)
                ? $"{preset.Product} does not claim {ScenarioNames.Of(s.Profile)} (preset {preset.SourceFile})"
                : null)).ToList();
        return new Result(selected, before, unknown);
    }
}

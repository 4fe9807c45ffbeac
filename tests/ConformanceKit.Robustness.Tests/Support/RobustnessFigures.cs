using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConformanceKit.Robustness.Tests.Support;

/// <summary>
/// The measured figures of the robustness tests, one entry per measurement, merged into a JSON file that
/// docs/update-robustness.py folds into the table of docs/robustness.md (the numbers are never typed by hand).
/// The file is .build/robustness-figures.json at the repository root, or $CK_ROBUSTNESS_FIGURES.
/// </summary>
public static class RobustnessFigures
{
    private static readonly Lock Gate = new();

    public static string FilePath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CK_ROBUSTNESS_FIGURES") is { Length: > 0 } path) return path;
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? Path.GetTempPath(), ".build", "robustness-figures.json");
        }
    }

    /// <summary>Records (or replaces) one measurement under <paramref name="key"/> with the time it was taken.</summary>
    public static void Record(string key, object figures)
    {
        lock (Gate)
        {
            var path = FilePath;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            JsonObject all;
            try { all = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : []; }
            catch (JsonException) { all = []; }
            var entry = JsonSerializer.SerializeToNode(figures, Options)!.AsObject();
            entry["measuredAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            all[key] = entry;
            File.WriteAllText(path + ".tmp", all.ToJsonString(Options));
            File.Move(path + ".tmp", path, overwrite: true);
        }
        TestContext.Out.WriteLine($"figures {key}: {JsonSerializer.Serialize(figures, Options)}");
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>Peak working set of this process while something runs (sampled every 50 ms).</summary>
public sealed class WorkingSetProbe : IDisposable
{
    private readonly ConcurrentBag<long> _samples = [];
    private readonly Timer _timer;
    private readonly System.Diagnostics.Process _process = System.Diagnostics.Process.GetCurrentProcess();

    public WorkingSetProbe()
    {
        Baseline = Sample();
        _timer = new Timer(_ => _samples.Add(Sample()), null, 0, 50);
    }

    public long Baseline { get; }

    public long Peak => _samples.IsEmpty ? Baseline : Math.Max(Baseline, _samples.Max());

    private long Sample()
    {
        lock (_process)
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _samples.Add(Sample());
        _process.Dispose();
    }
}

using System.Globalization;
using System.Text.Json;
using ConformanceKit.Fuzz;

// ck-fuzz: the fuzz targets outside the test suite (docs/fuzzing.md, bench/fuzz.sh).
//   ck-fuzz run TARGET... [--seconds N] [--seed N] [--failures DIR] [--figures FILE]   built-in mutational campaign
//   ck-fuzz corpus TARGET --out DIR                                                     write the seeds (for AFL's -i)
//   ck-fuzz afl TARGET                                                                  one AFL++ child (SharpFuzz, instrumented build)
//   ck-fuzz replay TARGET FILE...                                                       run saved inputs once each
if (args.Length < 2 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: ck-fuzz run|corpus|afl|replay TARGET... (targets: " + string.Join(", ", FuzzTargets.Names) + ")");
    return 64;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();

switch (args[0])
{
    case "run":
    {
        var seconds = double.Parse(Option("--seconds") ?? "60", CultureInfo.InvariantCulture);
        var seed = int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture);
        var reports = new List<FuzzReport>();
        foreach (var name in positional.Count == 1 && positional[0] == "all" ? FuzzTargets.Names : positional)
        {
            using var target = FuzzTargets.Create(name);
            var report = FuzzCampaign.Run(target, TimeSpan.FromSeconds(seconds), seed, failureDirectory: Option("--failures"));
            reports.Add(report);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Target,-12} {report.Inputs,10} inputs in {report.Seconds,6:0.0} s ({report.InputsPerSecond:0}/s), corpus {report.Seeds} -> {report.CorpusSize}, " +
                $"{report.Crashes} crashes, {report.Hangs} hangs, slowest {report.SlowestInputMs:0} ms, peak working set {report.PeakWorkingSetBytes / 1048576.0:0} MiB"));
            foreach (var (kind, count) in report.Outcomes.OrderByDescending(o => o.Value).Take(8)) Console.WriteLine($"    {count,10}  {kind}");
            foreach (var f in report.Failures) Console.WriteLine($"  {f.Kind.ToUpperInvariant()}: {f.Message.Split('\n')[0]} ({f.SavedAs ?? "not saved"})");
            if (report.AfterCampaignProblem is { } p) Console.WriteLine($"  AFTER: {p}");
        }
        if (Option("--figures") is { } figures)
            File.WriteAllText(figures, JsonSerializer.Serialize(reports.Select(r => new
            {
                r.Target, r.Description, r.Inputs, r.Seeds, r.CorpusSize, r.Crashes, r.Hangs, r.Seconds, r.SlowestInputMs, r.PeakWorkingSetBytes,
            }), new JsonSerializerOptions { WriteIndented = true }));
        return reports.Any(r => r.Failures.Count > 0 || r.AfterCampaignProblem is not null) ? 1 : 0;
    }
    case "corpus":
    {
        var output = Option("--out") ?? throw new ArgumentException("corpus needs --out DIR");
        Directory.CreateDirectory(output);
        using var target = FuzzTargets.Create(positional[0]);
        var seeds = target.Seeds();
        for (var i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(output, $"seed-{i:D4}"), seeds[i]);
        Console.WriteLine($"{seeds.Count} seeds written to {output}");
        return 0;
    }
    case "afl":
    {
        // AFL++ forks nothing here: SharpFuzz keeps one process and runs each input AFL hands over; an exception
        // escaping the target is a crash for AFL. The assemblies must have been instrumented (bench/fuzz.sh does it).
        var target = FuzzTargets.Create(positional[0]);
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.ToArray());
        });
        return 0;
    }
    case "replay":
    {
        using var target = FuzzTargets.Create(positional[0]);
        foreach (var file in positional.Skip(1)) Console.WriteLine($"{file}: {target.Run(File.ReadAllBytes(file))}");
        return 0;
    }
    default:
        Console.Error.WriteLine($"ck-fuzz: unknown command {args[0]}");
        return 64;
}

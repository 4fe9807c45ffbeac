// Benchmark driver: `dotnet run -c Release --project bench/ConformanceKit.Bench -- NAME [ARGS...]`.
// Each benchmark prints plain "key: value" lines that the bench/*.sh scripts combine with the anchors' figures.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["dicom-generate"] = ConformanceKit.Bench.DicomBench.Generate,
    ["dicom-read"] = ConformanceKit.Bench.DicomBench.Read,
    ["geometry-resample-prepare"] = ConformanceKit.Bench.GeometryBench.Prepare,
    ["geometry-resample"] = ConformanceKit.Bench.GeometryBench.Run,
    ["rules-validate"] = ConformanceKit.Bench.RulesBench.Validate,
    ["rules-startup"] = ConformanceKit.Bench.RulesBench.Startup,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: ConformanceKit.Bench NAME [ARGS...]; names: " + string.Join(", ", benchmarks.Keys));
    return 64;
}
return run(args[1..]);

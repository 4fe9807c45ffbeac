using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Bench;

/// <summary>
/// `rules-validate DIR... [--repeat N] [--profile P]`: in-process validation throughput of the Rules layer over a
/// set of files (page cache warm, JIT warmed by a first run), plus where the time goes per object.
/// </summary>
public static class RulesBench
{
    private static void Phases(List<string> files, ValidationOptions options)
    {
        var iod = new ConformanceKit.Rules.Iod.IodChecker(options.Tables);
        var values = new ConformanceKit.Rules.Values.ValueChecker();
        double tIod = 0, tValues = 0, tSummary = 0;
        var n = 0;
        var sink = new FindingSink(options.Mode);
        foreach (var f in files)
        {
            DicomFile file;
            try { file = DicomFileReader.Read(f); }
            catch (DicomReadException) { continue; }
            var o = new ObjectFindings(sink, new ObjectRef(null, null, f));
            var sw = Stopwatch.StartNew();
            iod.Check(file.Dataset, o); tIod += sw.Elapsed.TotalMilliseconds; sw.Restart();
            values.Check(file.Dataset, o); tValues += sw.Elapsed.TotalMilliseconds; sw.Restart();
            ObjectSummarizer.Summarize(file.Dataset, o.Object); tSummary += sw.Elapsed.TotalMilliseconds; sw.Restart();
            n++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phase_ms_per_object: iod {tIod / n:0.###}, values {tValues / n:0.###}, summary {tSummary / n:0.###}"));
    }

    /// <summary>`rules-startup FILE`: the one-off costs of a fresh process (dictionary, tables, first object), in ms.</summary>
    public static int Startup(string[] args)
    {
        var sw = Stopwatch.StartNew();
        _ = DicomDictionary.Find(DicomTags.PatientName);
        var dictionary = sw.Elapsed.TotalMilliseconds; sw.Restart();
        _ = ConformanceKit.Rules.Tables.TableLibrary.Default;
        var tables = sw.Elapsed.TotalMilliseconds; sw.Restart();
        var options = new ValidationOptions { Mode = ProfileMode.MmroII, Parallelism = 1 };
        new FileSetValidator(options).Validate([args[0]]);
        var first = sw.Elapsed.TotalMilliseconds; sw.Restart();
        new FileSetValidator(options).Validate([args[0]]);
        var second = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"startup_ms: dictionary {dictionary:0}, tables {tables:0}, first object {first:0}, second object {second:0.#}"));
        return 0;
    }

    public static int Validate(string[] args)
    {
        var paths = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToList();
        var repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(3);
        var profile = ProfileModes.TryParse(args.SkipWhile(a => a != "--profile").Skip(1).FirstOrDefault(), out var m) ? m : ProfileMode.MmroII;
        var options = new ValidationOptions { Mode = profile };
        var validator = new FileSetValidator(options);

        var warm = validator.Validate(paths); // JIT, tables, page cache
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            var report = validator.Validate(paths);
            times.Add(sw.Elapsed.TotalSeconds);
            if (report.ObjectsValidated != warm.ObjectsValidated) throw new InvalidOperationException("runs disagree");
        }
        var best = times.Min();
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"objects: {warm.ObjectsValidated}");
        Console.WriteLine($"findings: {warm.Findings.Count()}");
        Console.WriteLine(string.Create(inv, $"seconds_best: {best:0.###}"));
        Console.WriteLine(string.Create(inv, $"objects_per_s: {warm.ObjectsValidated / best:0.#}"));

        // Where the time goes, one worker: read, object checks, set checks.
        var files = FileSetValidator.EnumerateFiles(paths).ToList();
        double read = 0, check = 0;
        var summaries = new List<ConformanceKit.Rules.Sets.ObjectSummary>();
        var objectValidator = new ObjectValidator(options);
        var sink = new FindingSink(profile);
        foreach (var f in files)
        {
            var sw = Stopwatch.StartNew();
            DicomFile file;
            try { file = DicomFileReader.Read(f); }
            catch (DicomReadException) { continue; }
            read += sw.Elapsed.TotalSeconds;
            sw.Restart();
            summaries.Add(objectValidator.Validate(file, sink));
            check += sw.Elapsed.TotalSeconds;
        }
        var setWatch = Stopwatch.StartNew();
        SetValidator.Validate(summaries, options, sink);
        var set = setWatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"one_worker_read_ms_per_object: {1000 * read / summaries.Count:0.###}"));
        Console.WriteLine(string.Create(inv, $"one_worker_check_ms_per_object: {1000 * check / summaries.Count:0.###}"));
        Console.WriteLine(string.Create(inv, $"set_rules_ms: {1000 * set:0.#}"));
        if (args.Contains("--phases")) Phases(files, options);
        return 0;
    }
}

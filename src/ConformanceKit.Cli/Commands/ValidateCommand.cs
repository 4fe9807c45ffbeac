using ConformanceKit.Dicom;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck validate`: DICOM and REG profile conformance of files and folders (one set); see docs/rules.md.</summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";
    public string Summary => "check objects against DICOM and the REG profile (exit 0 pass, 1 gating finding, 2 nothing validated)";
    public string Usage => "validate PATH... [--profile GEN|MMRO-II|MMRO-III] [--format text|json] [--reference-sro FILE] " +
                           "[--dataset hybrid|non-hybrid] [--inputs PATH]... [--sut-manufacturer NAME] | validate --list-rules [--format text|markdown]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string>(StringComparer.Ordinal) { "--list-rules" });
        if (a.Has("--list-rules"))
        {
            var listFormat = a.Get("--format", "text");
            a.RejectUnknown();
            if (listFormat == "markdown")
            {
                Console.Write(RuleCatalogueMarkdown.Render());
                return Task.FromResult(ExitCodes.Success);
            }
            foreach (var r in RuleCatalogue.All)
                Console.WriteLine($"{r.Id}\t{string.Join(' ', ProfileModes.All.Select(m => r.In(m) is { } b ? $"{m.Name()}:{b.Severity.Name()}" : $"{m.Name()}:-"))}\t{r.Title}");
            return Task.FromResult(ExitCodes.Success);
        }
        var profileText = a.Get("--profile", "GEN");
        if (!ProfileModes.TryParse(profileText, out var mode)) throw new UsageException($"unknown profile '{profileText}' (GEN, MMRO-II or MMRO-III)");
        var format = a.Get("--format", "text");
        if (format is not ("text" or "json")) throw new UsageException($"unknown format '{format}' (text or json)");
        DatasetExpectation? expected = a.Get("--dataset") switch
        {
            null => null,
            "hybrid" => DatasetExpectation.Hybrid,
            "non-hybrid" => DatasetExpectation.NonHybrid,
            var d => throw new UsageException($"unknown dataset kind '{d}' (hybrid or non-hybrid)"),
        };
        IReadOnlyList<ReferenceRegistration> references = [];
        if (a.Get("--reference-sro") is { } referencePath)
        {
            try { references = ReferenceRegistrations.FromSro(DicomFileReader.Read(referencePath).Dataset); }
            catch (Exception e) when (e is DicomReadException or FormatException) { throw new UsageException($"--reference-sro {referencePath}: {e.Message}"); }
        }
        var inputs = a.GetAll("--inputs");
        var options = new ValidationOptions
        {
            Mode = mode, Expected = expected, References = references,
            Inputs = inputs.Count > 0 ? FileSetValidator.Summarize(inputs) : null,
            SutManufacturer = a.Get("--sut-manufacturer"),
        };
        a.RejectUnknown();
        if (a.Positional.Count == 0) throw new UsageException("give at least one file or folder");
        foreach (var p in a.Positional.Where(p => !File.Exists(p) && !Directory.Exists(p)))
            Console.Error.WriteLine($"ck validate: {p}: no such file or folder (reported as unreadable)");

        var report = new FileSetValidator(options).Validate(a.Positional, cancel);
        if (format == "json")
        {
            ConsoleOutput.WriteUtf8Line(stream => ValidationReportWriter.WriteJson(report, stream));
        }
        else
        {
            ValidationReportWriter.WriteText(report, Console.Out);
        }
        return Task.FromResult(report.ExitCode);
    }
}

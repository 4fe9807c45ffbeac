using System.Text;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Security;

/// <summary>
/// `ck run` (a separate process) given hostile vendor files: a product preset, an answers file and scenario files
/// that try type instantiation, alias bombs, deep nesting, oversized documents and markup. Each is refused with its
/// file, line and column and the usage exit code (64), or, for a scenario file of the library, reported as a load
/// error (the run is INCONCLUSIVE, exit 2) in a report whose HTML carries the hostile text escaped; never a stack
/// trace, never a hang, never a side effect.
/// </summary>
public class HostileRunInputTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    /// <summary>Hostile YAML documents (the same families the yaml fuzz target starts from), by name.</summary>
    private static readonly Dictionary<string, string> Documents = new()
    {
        ["type-tag"] = "id: !!python/object/apply:os.system ['touch PWNED']\n",
        ["dotnet-type"] = "id: !<tag:yaml.org,2002:System.Diagnostics.Process> {StartInfo: {FileName: /bin/sh, Arguments: '-c \"touch PWNED\"'}}\n",
        ["alias-bomb"] = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        ["deep"] = new string('[', 5000) + new string(']', 5000) + "\n",
        ["oversized"] = "x: \"" + new string('a', 2 << 20) + "\"\n",
        ["not-yaml"] = "\0\u0001\u00ff{{{: : :\n\t- ]",
        ["markup"] = "DSP-001:\n  <script>alert('ck-xss')</script>: yes\n",
    };

    private static async Task<PeerRun> CkRun(string workingDirectory, params string[] arguments)
    {
        var run = await PeerProcess.RunAsync("dotnet", [CkProcess.Dll, "run", .. arguments], Bounded, workingDirectory);
        Assert.That(run.Error + run.Output, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no stack trace:\n" + run);
        return run;
    }

    [TestCase("--answers")]
    [TestCase("--sut")]
    public async Task HostilePresetAndAnswersFilesAreRefusedWithTheirPlace(string option)
    {
        using var dir = new TempDirectory("ck-hostile-run");
        foreach (var (name, text) in Documents)
        {
            var file = dir.Combine(name + ".yaml");
            await File.WriteAllTextAsync(file, text, Encoding.UTF8);
            var run = await CkRun(dir.Path, option, file, "--out", dir.Combine("out"));
            Assert.That(run.ExitCode, Is.EqualTo(64), $"{name}: usage error\n{run}");
            Assert.That(run.Error, Does.Match($@"{name}\.yaml(:\d+:\d+)?: "), $"{name}: the refusal names the file (and its line and column)\n{run}");
            Assert.That(File.Exists(dir.Combine("PWNED")), Is.False, $"{name}: nothing was executed");
        }
    }

    [Test]
    public async Task HostileScenarioFilesAreLoadErrorsAndTheReportEscapesThem()
    {
        using var dir = new TempDirectory("ck-hostile-run");
        var library = dir.Combine("lib");
        Directory.CreateDirectory(library);
        foreach (var (name, text) in Documents) await File.WriteAllTextAsync(Path.Combine(library, name + ".yaml"), text, Encoding.UTF8);
        // Markup in the file name and in the text an error message quotes.
        await File.WriteAllTextAsync(Path.Combine(library, "<img src=x onerror=alert('ck-xss-name')>.yaml"), "id: \"<script>alert('ck-xss-id')</script>\"\n");

        var run = await CkRun(dir.Path, library, "--out", dir.Combine("out"));
        Assert.That(run.ExitCode, Is.EqualTo(2), "load errors make the run INCONCLUSIVE, not passed\n" + run);
        Assert.That(File.Exists(dir.Combine("PWNED")), Is.False, "nothing was executed");
        var html = await File.ReadAllTextAsync(dir.Combine("out", "latest", "index.html")); // the run's report (out/index.html lists the runs)
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("ck-xss-name"), "the hostile file name is reported");
            Assert.That(html, Does.Not.Contain("<img src=x").And.Not.Contain("<script>alert"), "and escaped");
            foreach (var name in Documents.Keys) Assert.That(html, Does.Contain(name + ".yaml"), $"{name}.yaml is reported as a load error");
        });
    }
}

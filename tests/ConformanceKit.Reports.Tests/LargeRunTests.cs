using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Tests;

/// <summary>Reports of runs larger than the shared test run: a whole library's findings, merged shards.</summary>
public class LargeRunTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ck-largerun-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static RunResult Run(string id, int findings, EnvironmentInfo? environment)
    {
        var step = new StepResult
        {
            Id = "1-validate", Name = "validate", Kind = "validate", Verdict = "PASS", Reason = "",
            Findings = Enumerable.Range(0, findings).Select(n => new FindingResult
            {
                RuleId = "DCM-FILE-004", Severity = "info", Message = $"finding {n} " + new string('x', 600), Path = "PatientName",
            }).ToList(),
        };
        var scenario = new ScenarioResult { Id = id + "-1", Title = "t", Actor = "display", Profile = "MMRO-II", File = "t.yaml", Verdict = "PASS", Reason = "", Steps = [step] };
        return new RunResult
        {
            RunId = id, HarnessVersion = "0.1.0", StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
            Sut = new SutInfo { Mode = "reference" }, Selection = new SelectionInfo(), Summary = ScenarioEngine.Summarise([scenario], false),
            Scenarios = [scenario], Environment = environment,
        };
    }

    private static EnvironmentInfo Machine(string os) => new()
    {
        Os = os, Runtime = ".NET 10.0.1", Architecture = "X64", ProcessorCount = 2,
        Components = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["ConformanceKit.Scenarios"] = "0.1.0" },
    };

    [Test]
    public void A_report_longer_than_scriban_s_default_string_limit_is_rendered_to_the_end()
    {
        // 3000 findings of about 1 kB each: the findings section alone is several MiB, past Scriban's 1 MiB LimitToString,
        // which once cut the report silently after the summary.
        var html = HtmlReport.Render(Run("big", 3000, Machine("Debian 12")), _dir);
        Assert.That(html.Length, Is.GreaterThan(3 * 1024 * 1024));
        Assert.That(html.TrimEnd(), Does.EndWith("</html>"));
        Assert.That(html, Does.Contain("id=\"f3000\"").And.Contain("<h2 id=\"environment-h\">").And.Contain("Debian 12"));
    }

    [Test]
    public void A_merged_run_keeps_the_environment_of_its_shards_and_its_report_shows_it()
    {
        var a = Run("ra", 1, Machine("Debian 12"));
        var b = Run("rb", 1, Machine("Ubuntu 24.04"));
        var merged = RunMerge.Merge([(Path.Combine(_dir, "ra"), a), (Path.Combine(_dir, "rb"), b)], Path.Combine(_dir, "m"), "m");
        Assert.That(merged.Merged.Environment?.Os, Is.EqualTo("Debian 12"));
        Assert.That(merged.Warnings, Has.One.Contains("different environments").And.Contains("Ubuntu 24.04"));
        var html = HtmlReport.Render(merged.Merged, _dir);
        Assert.That(html, Does.Contain("Debian 12").And.Contain("ConformanceKit.Scenarios"));
        Assert.That(html, Does.Not.Contain("does not record the run&#39;s environment"));
    }
}

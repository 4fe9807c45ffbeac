using System.Text.RegularExpressions;
using ConformanceKit.Reports.Tests.Support;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Tests;

/// <summary>The HTML of a report produced by a real engine run, checked as text (the browser tests check it rendered).</summary>
public class ReportContentTests
{
    private ReportRuns.ProducedRun _run = null!;
    private string _html = "";

    [OneTimeSetUp]
    public async Task Produce()
    {
        _run = await ReportRuns.GetAsync();
        _html = await File.ReadAllTextAsync(_run.ReportPath);
    }

    [Test]
    public void The_run_reaches_the_verdicts_the_report_tests_need()
    {
        var ours = _run.Result.Scenarios.Where(s => s.Id.StartsWith("RPT-", StringComparison.Ordinal)).ToDictionary(s => s.Id, s => s.Verdict);
        Assert.That(ours, Is.EqualTo(new Dictionary<string, string> { ["RPT-001"] = "FAIL", ["RPT-002"] = "PASS", ["RPT-003"] = "FAIL", ["RPT-004"] = "SKIPPED" }),
            string.Join("\n", _run.Result.Scenarios.Select(s => $"{s.Id} {s.Verdict} {s.Reason}")));
    }

    [Test]
    public void Verdict_counts_shown_equal_results_json()
    {
        var summary = ResultsJson.Read(Path.Combine(_run.RunDirectory, ResultsJson.FileName)).Summary;
        int Shown(string key) => int.Parse(Regex.Match(_html, $"data-count=\"{key}\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((Shown("TOTAL"), Shown("PASS"), Shown("FAIL"), Shown("INCONCLUSIVE"), Shown("SKIPPED")),
            Is.EqualTo((summary.Total, summary.Pass, summary.Fail, summary.Inconclusive, summary.Skipped)));
    }

    [Test]
    public void Every_scenario_step_and_finding_has_its_place()
    {
        foreach (var s in _run.Result.Scenarios)
            Assert.That(_html, Does.Match($"<details class=\"scenario\" id=\"s\\d+\" data-verdict=\"{s.Verdict}\">\\s*<summary><span class=\"badge [a-z]+\">{s.Verdict}</span> <span class=\"mono\">{Regex.Escape(s.Id)}</span>"), s.Id);
        var findings = _run.Result.Scenarios.Sum(s => s.Steps.Sum(x => x.Findings.Count));
        Assert.That(findings, Is.GreaterThan(0));
        Assert.That(Regex.Matches(_html, "<details class=\"finding\" id=\"f\\d+\"").Count, Is.EqualTo(findings));
    }

    [Test]
    public void The_report_is_self_contained()
    {
        Assert.That(_html, Does.Not.Match("(src|href)\\s*=\\s*\"(https?:|//|file:)"));
        Assert.That(_html, Does.Not.Contain("<link").And.Not.Contain("@import").And.Not.Contain("url(http"));
        foreach (Match m in Regex.Matches(_html, "src=\"([^\"]*)\""))
            Assert.That(m.Groups[1].Value, Does.StartWith("data:image/png;base64,"));
        Assert.That(Regex.Matches(_html, "<script").Count, Is.EqualTo(1), "only the report's own inline script");
    }

    [Test]
    public void Hostile_strings_from_dicom_and_yaml_appear_only_escaped()
    {
        foreach (var raw in new[] { Hostile.Script, Hostile.Image, Hostile.ReturnedContentLabel, "<b>bold</b>" })
            Assert.That(_html, Does.Not.Contain(raw));
        Assert.That(_html, Does.Contain("&lt;script&gt;alert(&#39;ck-xss-script&#39;)&lt;/script&gt;"));
        Assert.That(_html, Does.Contain("&lt;img src=x onerror=alert(&quot;ck-xss-img&quot;)&gt;"));
        Assert.That(_html, Does.Contain("O&#39;Brien &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    }

    [Test]
    public void Captured_objects_are_dumped_and_the_sro_gets_a_panel()
    {
        Assert.That(_html, Does.Contain("<details class=\"dump\"><summary>DICOM dump of "));
        Assert.That(_html, Does.Contain("(0070,0308) SQ RegistrationSequence"));
        Assert.That(_html, Does.Contain("<article class=\"sro\""));
        Assert.That(_html, Does.Contain("rotation angle").And.Contain("orthonormality error").And.Contain("determinant (3x3)"));
        Assert.That(_html, Does.Contain("<figure class=\"for-graph\">"));
    }

    [Test]
    public void The_report_stays_under_five_megabytes()
    {
        Assert.That(new FileInfo(_run.ReportPath).Length, Is.LessThan(5L * 1024 * 1024));
    }

    [Test]
    public void The_runs_index_lists_the_run_with_its_verdict()
    {
        var index = File.ReadAllText(Path.Combine(_run.ReportsRoot, "index.html"));
        Assert.That(index, Does.Contain($"href=\"{_run.Result.RunId}/index.html\""));
        Assert.That(index, Does.Contain($"<span class=\"badge fail\">{_run.Result.Summary.Verdict}</span>"));
    }
}

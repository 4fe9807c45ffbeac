using System.Globalization;
using ConformanceKit.Reports.Tests.Support;
using ConformanceKit.Scenarios.Results;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConformanceKit.Reports.Tests;

/// <summary>The report of a real engine run, opened from file:// in Debian's Chromium and used as a monitor would.</summary>
[NonParallelizable]
public class BrowserTests
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private ReportRuns.ProducedRun _run = null!;

    [OneTimeSetUp]
    public async Task Launch()
    {
        (_playwright, _browser) = await Chromium.LaunchOrIgnoreAsync();
        _run = await ReportRuns.GetAsync();
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    private async Task<WatchedPage> OpenReportAsync()
    {
        var w = await WatchedPage.OpenAsync(_browser);
        await w.Page.GotoAsync(new Uri(_run.ReportPath).AbsoluteUri);
        return w;
    }

    [Test]
    public async Task A_monitor_reads_counts_opens_a_scenario_a_finding_and_a_dump_then_filters_and_searches()
    {
        var w = await OpenReportAsync();
        var page = w.Page;
        var summary = ResultsJson.Read(Path.Combine(_run.RunDirectory, ResultsJson.FileName)).Summary;
        async Task<int> Shown(string key) => int.Parse(await page.Locator($"[data-count={key}]").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.That((await Shown("TOTAL"), await Shown("PASS"), await Shown("FAIL"), await Shown("INCONCLUSIVE"), await Shown("SKIPPED")),
            Is.EqualTo((summary.Total, summary.Pass, summary.Fail, summary.Inconclusive, summary.Skipped)));
        Assert.That(await page.Locator("[data-run-verdict]").InnerTextAsync(), Is.EqualTo(summary.Verdict));
        await w.ScreenshotAsync("summary");

        // Open the failing archive scenario from the summary table: the link opens its section.
        var rpt1 = _run.Result.Scenarios.FindIndex(s => s.Id == "RPT-001") + 1;
        await page.Locator($"a[href='#s{rpt1}']").First.ClickAsync();
        var scenario = page.Locator($"details.scenario#s{rpt1}");
        Assert.That(await scenario.GetAttributeAsync("open"), Is.Not.Null);
        Assert.That(await scenario.Locator("ol.timeline > li").CountAsync(), Is.EqualTo(_run.Result.Scenarios[rpt1 - 1].Steps.Count));

        // Expand a dump of a captured object.
        var compare = scenario.Locator("li[data-verdict=FAIL]").First;
        var receive = scenario.Locator("ol.timeline > li", new() { HasText = "receive" }).First;
        await receive.Locator("details.step-details > summary").ClickAsync();
        var dump = receive.Locator("details.dump").First;
        await dump.Locator("summary").ClickAsync();
        Assert.That(await dump.Locator("pre").IsVisibleAsync(), Is.True);
        Assert.That(await dump.Locator("pre").InnerTextAsync(), Does.Contain("(0010,0010) PN PatientName"));
        Assert.That(await compare.IsVisibleAsync(), Is.True);
        await w.ScreenshotAsync("scenario-open");

        // Expand a finding.
        var finding = page.Locator("#findings-list details.finding[data-severity=error]").First;
        await finding.Locator("summary").ClickAsync();
        Assert.That(await finding.Locator("dl.finding-body").IsVisibleAsync(), Is.True);
        Assert.That(await finding.Locator("dl.finding-body").InnerTextAsync(), Does.Contain("Where"));

        // Severity filter: hide errors.
        var total = await page.Locator("#findings-list details.finding").CountAsync();
        var errors = await page.Locator("#findings-list details.finding[data-severity=error]").CountAsync();
        await page.Locator("input[data-severity-filter][value=error]").UncheckAsync();
        Assert.That(await page.Locator("#findings-list details.finding[data-severity=error]:visible").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("#finding-count").InnerTextAsync(), Is.EqualTo($"{total - errors} of {total} findings shown"));
        await page.Locator("input[data-severity-filter][value=error]").CheckAsync();

        // Text search.
        await page.Locator("#finding-search").FillAsync("ContentLabel");
        var visible = page.Locator("#findings-list details.finding:visible");
        var matches = await visible.CountAsync();
        Assert.That(matches, Is.GreaterThan(0).And.LessThan(total));
        foreach (var text in await visible.AllInnerTextsAsync()) Assert.That(text, Does.Contain("ContentLabel").IgnoreCase);
        Assert.That(await page.Locator("#finding-count").InnerTextAsync(), Is.EqualTo($"{matches} of {total} findings shown"));
        await w.ScreenshotAsync("search");
        await page.Locator("#finding-search").FillAsync("");
        Assert.That(await page.Locator("#findings-list details.finding:visible").CountAsync(), Is.EqualTo(total));

        w.AssertQuiet();
    }

    [Test]
    public async Task Hostile_strings_render_as_text_and_no_script_runs()
    {
        var w = await OpenReportAsync();
        var page = w.Page;
        var finding = page.Locator("#findings-list details.finding", new() { HasText = "ContentLabel" }).First;
        await finding.Locator("summary").ClickAsync();
        await w.ScreenshotAsync("finding", finding);
        await w.ScreenshotAsync("sro-panel", page.Locator("article.sro").First);
        // Then everything open, dumps and raw transcripts included: all hostile text is on the page.
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.That(text, Does.Contain(Hostile.Script).And.Contain(Hostile.Image).And.Contain(Hostile.ReturnedContentLabel).And.Contain(Hostile.Quotes));
        var injected = await page.EvaluateAsync<int>("() => document.querySelectorAll('[onerror],[onload],script:not(:last-of-type),body img:not([src^=\"data:\"]),main svg svg').length");
        Assert.That(injected, Is.Zero, "elements made from hostile strings");
        Assert.That(await page.EvaluateAsync<int>("() => document.scripts.length"), Is.EqualTo(1));
        Assert.That(w.ConsoleMessages.Where(m => Hostile.Markers.Any(m.Contains)), Is.Empty);
        w.AssertQuiet();
    }

    [Test]
    public async Task Axe_finds_no_serious_or_critical_violation()
    {
        var w = await OpenReportAsync();
        await w.Page.Locator("button[data-expand=all]").ClickAsync();
        var results = await w.Page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        Assert.That(bad, Is.Empty);

        var index = await WatchedPage.OpenAsync(_browser);
        await index.Page.GotoAsync(new Uri(Path.Combine(_run.ReportsRoot, "index.html")).AbsoluteUri);
        var indexResults = await index.Page.RunAxe();
        Assert.That(indexResults.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id), Is.Empty);
        w.AssertQuiet();
    }

    [Test]
    public async Task The_runs_index_links_to_the_report()
    {
        var w = await WatchedPage.OpenAsync(_browser);
        await w.Page.GotoAsync(new Uri(Path.Combine(_run.ReportsRoot, "index.html")).AbsoluteUri);
        var row = w.Page.Locator($"tr[data-run='{_run.Result.RunId}']");
        Assert.That(await row.Locator(".badge").InnerTextAsync(), Is.EqualTo(_run.Result.Summary.Verdict));
        await row.Locator("a").ClickAsync();
        await w.Page.WaitForURLAsync("**/index.html");
        Assert.That(w.Page.Url, Does.EndWith($"{_run.Result.RunId}/index.html"));
        Assert.That(await w.Page.TitleAsync(), Does.Contain(_run.Result.RunId));
        await w.ScreenshotAsync("report-from-index");
        w.AssertQuiet();
    }
}

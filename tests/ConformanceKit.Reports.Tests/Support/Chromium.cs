using Microsoft.Playwright;

namespace ConformanceKit.Reports.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright's bundled driver (no browser download: `playwright install` cannot
/// run here). Tests that need it call <see cref="LaunchOrIgnoreAsync"/>, which skips them when it is absent
/// (./run.sh test installs it as root).
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchOrIgnoreAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Ignore($"{ExecutablePath} is absent (Debian package chromium; ./run.sh test installs it as root)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath, Headless = true, Args = Args, Timeout = 60_000,
        });
        return (playwright, browser);
    }
}

/// <summary>A page that records everything the tests must see never happen: dialogs, console output, page errors, requests off file://.</summary>
internal sealed class WatchedPage
{
    public required IPage Page { get; init; }
    public List<string> Dialogs { get; } = [];
    public List<string> ConsoleErrors { get; } = [];
    public List<string> ConsoleMessages { get; } = [];
    public List<string> PageErrors { get; } = [];
    public List<string> ForeignRequests { get; } = [];

    public static async Task<WatchedPage> OpenAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000); // a shared two-core machine renders a whole library's report slowly
        var w = new WatchedPage { Page = page };
        page.Dialog += async (_, d) => { w.Dialogs.Add($"{d.Type}: {d.Message}"); await d.DismissAsync(); };
        page.Console += (_, m) =>
        {
            w.ConsoleMessages.Add($"{m.Type}: {m.Text}");
            if (m.Type == "error") w.ConsoleErrors.Add(m.Text);
        };
        page.PageError += (_, e) => w.PageErrors.Add(e);
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith("file://", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) w.ForeignRequests.Add(r.Url);
        };
        return w;
    }

    /// <summary>A screenshot attached to the test result: the whole page, or one element of a very long page.</summary>
    public async Task ScreenshotAsync(string name, ILocator? element = null)
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{TestContext.CurrentContext.Test.MethodName}-{name}.png");
        if (element is not null) await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        else await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    public void AssertQuiet()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Dialogs, Is.Empty, "dialogs");
            Assert.That(ConsoleErrors, Is.Empty, "console errors");
            Assert.That(PageErrors, Is.Empty, "page errors");
            Assert.That(ForeignRequests, Is.Empty, "requests other than file:// and data:");
        });
    }
}

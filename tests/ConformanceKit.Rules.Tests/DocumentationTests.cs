using ConformanceKit.Rules.Catalogue;

namespace ConformanceKit.Rules.Tests;

/// <summary>docs/rules.md carries the rule catalogue exactly as the code defines it.</summary>
public class DocumentationTests
{
    private static string RulesDoc()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "rules.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) return candidate;
        }
        throw new FileNotFoundException("docs/rules.md not found above the test directory");
    }

    [Test]
    public void EveryRuleInCodeIsInTheDocumentation()
    {
        var doc = File.ReadAllText(RulesDoc());
        var missing = RuleCatalogue.All.Where(r => !doc.Contains($"| {r.Id} |", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        Assert.That(missing, Is.Empty, "rules missing from docs/rules.md (regenerate with ck validate --list-rules --format markdown)");
    }

    [Test]
    public void CatalogueSectionEqualsTheGeneratedOne()
    {
        var doc = File.ReadAllText(RulesDoc()).ReplaceLineEndings("\n");
        var begin = doc.IndexOf(RuleCatalogueMarkdown.Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(RuleCatalogueMarkdown.End, StringComparison.Ordinal);
        Assert.That(begin, Is.GreaterThanOrEqualTo(0), "catalogue start marker missing");
        Assert.That(end, Is.GreaterThan(begin), "catalogue end marker missing");
        var section = doc[begin..(end + RuleCatalogueMarkdown.End.Length)] + "\n";
        Assert.That(section, Is.EqualTo(RuleCatalogueMarkdown.Render().ReplaceLineEndings("\n")),
            "docs/rules.md is stale: regenerate the catalogue with ck validate --list-rules --format markdown");
    }
}

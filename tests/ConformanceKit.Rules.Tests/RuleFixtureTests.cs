using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Tests.Fixtures;

namespace ConformanceKit.Rules.Tests;

/// <summary>Every rule fires on a fixture made for it, and the fixture fires nothing else than what it declares.</summary>
public class RuleFixtureTests
{
    public static IEnumerable<TestCaseData> Cases() => RuleFixtures.All().Select(f => new TestCaseData(f).SetName($"{f.Rule} {f.Fault}"));

    [TestCaseSource(nameof(Cases))]
    public void FixtureFiresItsRuleAndOnlyWhatItDeclares(RuleFixture fixture)
    {
        var findings = fixture.Run(fixture.Mode);
        var fired = findings.Select(f => f.Rule.Id).ToHashSet(StringComparer.Ordinal);
        Assert.That(fired, Does.Contain(fixture.Rule), Harness.Describe(findings));
        Assert.That(fired.Order(StringComparer.Ordinal), Is.EqualTo(fixture.AlsoFires.Append(fixture.Rule).Distinct().Order(StringComparer.Ordinal)), Harness.Describe(findings));
        Assert.That(findings.Where(f => f.Rule.Id == fixture.Rule).All(f => f.Path is not null && f.Message.Length > 0), Is.True);
    }

    [Test]
    public void EveryRuleInTheCatalogueHasAFixture()
    {
        var covered = RuleFixtures.All().Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);
        var missing = RuleCatalogue.All.Where(r => !covered.Contains(r.Id)).Select(r => r.Id).ToList();
        Assert.That(missing, Is.Empty, "rules no fixture fires are defects");
        var unknown = covered.Where(id => RuleCatalogue.Find(id) is null).ToList();
        Assert.That(unknown, Is.Empty, "fixtures for rules the catalogue does not have");
    }

    [Test]
    public void RuleIdsAreUniqueAndEveryRuleIsCitedAndApplies()
    {
        Assert.That(RuleCatalogue.All.Select(r => r.Id).Distinct().Count(), Is.EqualTo(RuleCatalogue.All.Count));
        Assert.That(RuleCatalogue.All.Where(r => r.Citations.Count == 0 || r.Modes.Count == 0), Is.Empty);
    }
}

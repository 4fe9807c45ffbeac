using ConformanceKit.Scenarios.Verdicts;
using static ConformanceKit.Scenarios.Verdicts.Verdict;

namespace ConformanceKit.Scenarios.Tests;

public class VerdictRulesTests
{
    // The whole combination table for two parts (rules C1-C4); combining is order-free and associative.
    [TestCase(Pass, Pass, Pass)]
    [TestCase(Pass, Skipped, Pass)]
    [TestCase(Skipped, Skipped, Skipped)]
    [TestCase(Pass, Inconclusive, Inconclusive)]
    [TestCase(Skipped, Inconclusive, Inconclusive)]
    [TestCase(Pass, Fail, Fail)]
    [TestCase(Inconclusive, Fail, Fail)]
    [TestCase(Skipped, Fail, Fail)]
    [TestCase(Fail, Fail, Fail)]
    [TestCase(Inconclusive, Inconclusive, Inconclusive)]
    public void Combination_table(Verdict a, Verdict b, Verdict expected)
    {
        Assert.That(VerdictRules.Combine([a, b]), Is.EqualTo(expected));
        Assert.That(VerdictRules.Combine([b, a]), Is.EqualTo(expected));
    }

    [Test]
    public void Nothing_combines_to_skipped()
    {
        Assert.That(VerdictRules.Combine([]), Is.EqualTo(Skipped));
    }

    [Test]
    public void Combining_is_associative_over_all_triples()
    {
        var all = Enum.GetValues<Verdict>();
        foreach (var a in all)
        foreach (var b in all)
        foreach (var c in all)
            Assert.That(VerdictRules.Combine([VerdictRules.Combine([a, b]), c]), Is.EqualTo(VerdictRules.Combine([a, b, c])));
    }

    // Rules S1-S3 for one step: reported verdict x error finding x harness error.
    [TestCase(Pass, false, false, Pass)]
    [TestCase(Pass, true, false, Fail)]
    [TestCase(Fail, false, false, Fail)]
    [TestCase(Inconclusive, true, false, Inconclusive)]
    [TestCase(Skipped, false, false, Skipped)]
    [TestCase(Pass, false, true, Inconclusive)]
    [TestCase(Fail, true, true, Inconclusive)]
    [TestCase(Skipped, false, true, Inconclusive)]
    public void Step_verdict(Verdict reported, bool errorFinding, bool harnessError, Verdict expected)
    {
        Assert.That(VerdictRules.ForStep(reported, errorFinding, harnessError), Is.EqualTo(expected));
    }

    [Test]
    public void A_harness_error_is_never_pass()
    {
        foreach (var v in Enum.GetValues<Verdict>())
        foreach (var finding in new[] { false, true })
            Assert.That(VerdictRules.ForStep(v, finding, harnessError: true), Is.Not.EqualTo(Pass));
    }

    [TestCase(new[] { Pass, Pass }, false, 0)]
    [TestCase(new[] { Pass, Skipped }, false, 0)]
    [TestCase(new Verdict[0], false, 0)]
    [TestCase(new[] { Pass, Inconclusive }, false, 2)]
    [TestCase(new[] { Inconclusive, Fail }, false, 1)]
    [TestCase(new[] { Pass, Pass }, true, 2)]
    [TestCase(new[] { Fail }, true, 1)]
    public void Exit_codes(Verdict[] scenarios, bool cancelled, int expected)
    {
        Assert.That(VerdictRules.ExitCode(scenarios, cancelled), Is.EqualTo(expected));
    }

    [TestCase(Fail, false, true)]
    [TestCase(Inconclusive, false, true)]
    [TestCase(Fail, true, false)]
    [TestCase(Pass, false, false)]
    [TestCase(Skipped, false, false)]
    public void What_stops_a_scenario(Verdict v, bool continueOnFail, bool stops)
    {
        Assert.That(VerdictRules.StopsScenario(v, continueOnFail), Is.EqualTo(stops));
    }

    [Test]
    public void Verdict_names_round_trip()
    {
        foreach (var v in Enum.GetValues<Verdict>())
            Assert.That(VerdictNames.Parse(VerdictNames.Of(v)), Is.EqualTo(v));
        Assert.That(VerdictNames.Of(Inconclusive), Is.EqualTo("INCONCLUSIVE"));
    }
}

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
    public void DiagnosisNamesTheInvertedMatrix()
    {
        var fixture = RuleFixtures.All().Single(f => f.Rule == "REG-SRO-036");
        var finding = fixture.Run(fixture.Mode).Single(f => f.Rule.Id == "REG-SRO-036");
        Assert.That(finding.Message, Does.Contain("inverted"));
        Assert.That(finding.Path, Is.EqualTo("RegistrationSequence[2]/MatrixRegistrationSequence[1]/MatrixSequence[1]/FrameOfReferenceTransformationMatrix"));
    }

    [Test]
    public void TruthfulPhantomSroMatchesItsTruth()
    {
        var study = Study.Phantom();
        var options = new Validation.ValidationOptions
        {
            References = [new Validation.ReferenceRegistration(study.Ct[0].GetString(Dicom.DicomTags.FrameOfReferenceUID)!,
                study.Mr[0].GetString(Dicom.DicomTags.FrameOfReferenceUID)!, Geometry.Phantoms.PhantomPresets.Mmro2CtFromMr)],
        };
        var report = Harness.Run(study, ProfileMode.MmroII, options);
        Assert.That(report.Findings, Is.Empty, Harness.Describe(report.Findings));
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

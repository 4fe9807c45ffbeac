using ConformanceKit.Rules.Tests.Fixtures;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Rules.Tests;

/// <summary>A correct data set gives no finding at all, in every profile mode.</summary>
public class CorrectSetTests
{
    [TestCase(ProfileMode.Gen)]
    [TestCase(ProfileMode.MmroII)]
    [TestCase(ProfileMode.MmroIII)]
    public void CorrectStudyHasNoFinding(ProfileMode mode)
    {
        var report = Harness.Run(Study.Phantom(), mode);
        Assert.That(report.ObjectsValidated, Is.EqualTo(3 * Study.Slices + 4));
        Assert.That(report.Findings, Is.Empty, Harness.Describe(report.Findings));
        Assert.That(report.ExitCode, Is.EqualTo(ValidationReport.ExitPass));
    }
}

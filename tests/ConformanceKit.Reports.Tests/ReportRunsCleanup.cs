using ConformanceKit.Reports.Tests.Support;

namespace ConformanceKit.Reports.Tests;

/// <summary>Removes the shared run's temporary folder when the test assembly is done.</summary>
[SetUpFixture]
public sealed class ReportRunsCleanup
{
    [OneTimeTearDown]
    public void Delete() => ReportRuns.Delete();
}

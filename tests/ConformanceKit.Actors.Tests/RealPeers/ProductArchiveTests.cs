using ConformanceKit.Scenarios.Model;
using ConformanceKit.Testing;

namespace ConformanceKit.Actors.Tests.RealPeers;

/// <summary>
/// The Archive scenarios against real archives playing the SUT, started by the test on loopback with TCP_NODELAY=1:
/// Orthanc (Debian's 1.10) and dcmtk's dcmqrscp. They pass where the products conform; where one does not, the test
/// names the finding and says why.
/// </summary>
[NonParallelizable]
public class ProductArchiveTests
{
    [Test]
    public async Task Orthanc_as_the_archive()
    {
        PeerTools.Require("Orthanc", "orthanc");
        using var temp = new TempDirectory("ck-orthanc-run");
        var run = new ArchiveLibraryRun();
        await using var orthanc = await OrthancPeer.StartAsync("ORTHANC",
            run.Harness.Select(h => new OrthancModality(h.Key, h.Value.AeTitle, "127.0.0.1", h.Value.Port)));
        var result = await run.RunAsync("Orthanc 1.10", new SutEndpoint("ORTHANC", "127.0.0.1", orthanc.DicomPort), temp.Path);

        Assert.That(result.Scenarios, Has.Count.EqualTo(ArchiveLibraryRun.ScenarioCount));
        Assert.That(result.Scenarios.Select(s => s.Verdict), Is.All.EqualTo("PASS"), ArchiveLibraryRun.Describe(result));
    }

    /// <summary>
    /// dcmqrscp passes every Archive scenario but one step: its index keeps no SOP Class UID, so an IMAGE-level
    /// C-FIND never returns it. That is an optional return key in PS3.4 C.6.2.1, but REG-ARC-003 (reg-profile.md,
    /// an inferred requirement) asks for it so that a Display can tell an SRO from an image before retrieving.
    /// The harness must report exactly that finding and nothing else.
    /// </summary>
    [Test]
    public async Task Dcmqrscp_as_the_archive()
    {
        using var temp = new TempDirectory("ck-dcmqrscp-run");
        var run = new ArchiveLibraryRun();
        await using var dcmqrscp = await DcmqrscpPeer.StartAsync("DCMQRSCP", run.Harness.Values.Select(h => new DcmqrscpHost(h.AeTitle, "127.0.0.1", h.Port)));
        var result = await run.RunAsync("dcmqrscp 3.6.7", new SutEndpoint("DCMQRSCP", "127.0.0.1", dcmqrscp.Port), temp.Path);
        var describe = ArchiveLibraryRun.Describe(result) + "\n" + dcmqrscp.Output;

        Assert.That(result.Scenarios, Has.Count.EqualTo(ArchiveLibraryRun.ScenarioCount));
        Assert.That(result.Scenarios.Where(s => s.Id != "ARC-001").Select(s => s.Verdict), Is.All.EqualTo("PASS"), describe);
        var arc1 = result.Scenarios.Single(s => s.Id == "ARC-001");
        Assert.That(arc1.Verdict, Is.EqualTo("FAIL"), describe);
        var failed = arc1.Steps.Where(t => t.Verdict == "FAIL").ToList();
        Assert.That(failed, Has.Count.EqualTo(1), describe);
        Assert.That(failed[0].Kind, Is.EqualTo("query"), describe);
        var errors = failed[0].Findings.Where(f => f.Severity == "error").ToList();
        Assert.That(errors.Select(f => f.RuleId), Is.EqualTo(new[] { "REG-ARC-003" }), describe);
        Assert.That(errors[0].Found, Does.Contain("SOPClassUID=absent"), describe);
    }
}

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
        TestContext.Out.WriteLine(ArchiveLibraryRun.Describe(result));
        Assert.Fail(ArchiveLibraryRun.Describe(result));
    }

    [Test]
    public async Task Dcmqrscp_as_the_archive()
    {
        using var temp = new TempDirectory("ck-dcmqrscp-run");
        var run = new ArchiveLibraryRun();
        await using var dcmqrscp = await DcmqrscpPeer.StartAsync("DCMQRSCP", run.Harness.Values.Select(h => new DcmqrscpHost(h.AeTitle, "127.0.0.1", h.Port)));
        var result = await run.RunAsync("dcmqrscp 3.6.7", new SutEndpoint("DCMQRSCP", "127.0.0.1", dcmqrscp.Port), temp.Path);
        Assert.Fail(ArchiveLibraryRun.Describe(result) + "\n" + dcmqrscp.Output);
    }
}

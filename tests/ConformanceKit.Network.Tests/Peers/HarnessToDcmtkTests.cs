using System.Security.Cryptography;
using static ConformanceKit.Testing.PeerFiles;

namespace ConformanceKit.Network.Tests.Peers;

/// <summary>The harness SCU against dcmtk's storescp (started by the test with TCP_NODELAY=1, stopped by PID).</summary>
[NonParallelizable]
public class HarnessToDcmtkTests
{
    internal static async Task<(PeerProcess Process, int Port, string Output)> StartStorescpAsync(TempDirectory dir, string aeTitle = "STORESCP")
    {
        var storescp = PeerTools.Require("storescp", "dcmtk");
        var port = FreePort.Pick();
        var output = dir.Combine("storescp");
        Directory.CreateDirectory(output);
        // +B writes what arrives exactly as read, so the stored dataset can be compared byte for byte.
        var process = PeerProcess.Start(storescp, Args("--aetitle", aeTitle, "+B", "-od", output, port));
        await process.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(20));
        return (process, port, output);
    }

    internal static DicomClientOptions Client(int port, string calledAe = "STORESCP") => new() { Port = port, CalledAeTitle = calledAe, CallingAeTitle = "CK_SCU" };

    internal static async Task StoreAllAsync(DicomClientOptions client, IReadOnlyList<string> files)
    {
        var items = files.Select(StoreItem.FromFile).ToList();
        await using var association = await DicomClient.AssociateAsync(client,
            new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax))));
        foreach (var item in items)
        {
            var response = await association.StoreAsync(item);
            Assert.That(response.Status, Is.EqualTo(DimseStatus.Success), $"{item.Origin}: {response.Describe()}");
        }
    }

    [Test]
    public async Task StoredObjectsArriveAtStorescpByteForByte()
    {
        using var dir = new TempDirectory();
        var sent = SmallSeries(dir, "harness-to-storescp", 5);
        var (storescp, port, output) = await StartStorescpAsync(dir);
        await using (storescp)
        {
            await StoreAllAsync(Client(port), sent);
        }
        AssertSameDatasets(sent, DatasetsIn(output));
    }

    [Test]
    public async Task AnObjectOver100MegabytesIsFragmentedAndArrivesIntact()
    {
        using var dir = new TempDirectory();
        // 7300 x 7300 16-bit pixels: 106.6 MB of Pixel Data, far more than one PDU (storescp accepts 16 KiB PDUs by default).
        var big = SyntheticCt.Image(1, 7300, 7300, DicomUidGenerator.New(), DicomUidGenerator.New(), DicomUidGenerator.New(), DicomUidGenerator.New());
        var path = dir.Combine("big.dcm");
        DicomFileWriter.Write(path, DicomFile.Create(big));
        big = null!;
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(100_000_000));
        var (storescp, port, output) = await StartStorescpAsync(dir);
        await using (storescp)
        {
            await StoreAllAsync(Client(port), [path]);
        }
        var (uid, sent, _) = DatasetOf(File.ReadAllBytes(path));
        var receivedPath = Directory.GetFiles(output).Single();
        var (receivedUid, received, _) = DatasetOf(File.ReadAllBytes(receivedPath));
        Assert.That(receivedUid, Is.EqualTo(uid));
        Assert.That(SHA256.HashData(received), Is.EqualTo(SHA256.HashData(sent)), "dataset bytes of the 100 MB object");
    }

    [Test]
    public async Task EchoAgainstStorescpSucceeds()
    {
        // storescp 3.6.7 answers any called AE title; rejection is checked against Orthanc and the harness SCP.
        using var dir = new TempDirectory();
        var (storescp, port, _) = await StartStorescpAsync(dir);
        await using (storescp)
        {
            await using var association = await DicomClient.AssociateAsync(Client(port, "ANYTHING"), new PresentationContextPlan().AddVerification());
            Assert.That((await association.EchoAsync()).Status, Is.EqualTo(DimseStatus.Success));
        }
    }
}

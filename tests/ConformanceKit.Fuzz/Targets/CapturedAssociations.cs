using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Testing;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// PDUs recorded from real associations on loopback, the seeds of the network targets: the harness's own SCU
/// (echo, store, find) and, when dcmtk is installed, storescu and echoscu (another implementation's bytes),
/// all against a harness SCP whose transcript captures every PDU as received.
/// </summary>
public static class CapturedAssociations
{
    /// <summary>What one recording holds: each association's requestor bytes in order, and every PDU seen.</summary>
    public sealed record Recording(IReadOnlyList<byte[]> RequestorStreams, IReadOnlyList<byte[]> Pdus);

    private static readonly Lazy<Recording> Recorded = new(() => RecordAsync().GetAwaiter().GetResult());

    public static Recording Get() => Recorded.Value;

    private static async Task<Recording> RecordAsync()
    {
        using var dir = new TempDirectory("ck-fuzz-capture");
        var transcript = new NetworkTranscript(capturePayloads: true);
        await using var server = new DicomServer(new DicomServerOptions
        {
            AeTitle = "CK_SCP",
            Store = new FileStorageService(dir.Combine("in")),
            Observer = transcript,
        }).Start();
        var client = new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" };

        await using (var echo = await DicomClient.AssociateAsync(client, new PresentationContextPlan().AddVerification()))
            await echo.EchoAsync();
        var images = SyntheticCt.Series(2, 16, 16, seed: "fuzz-capture").Select(ds => StoreItem.FromDataset(ds)).ToList();
        await using (var store = await DicomClient.AssociateAsync(client with { Settings = new AssociationSettings { MaxPduLength = 1024 } },
                         new PresentationContextPlan().AddObjects(images.Select(i => (i.SopClassUid, i.TransferSyntax)))))
        {
            foreach (var image in images) await store.StoreAsync(image);
        }
        var files = SyntheticCt.WriteFiles(SyntheticCt.Series(2, 16, 16, seed: "fuzz-capture-dcmtk"), dir.Combine("out"));
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        if (PeerTools.Find("storescu") is { } storescu)
            await PeerProcess.RunAsync(storescu, ["-aet", "STORESCU", "-aec", "CK_SCP", "--max-pdu", "4096", "127.0.0.1", port, .. files], TimeSpan.FromSeconds(30));
        if (PeerTools.Find("echoscu") is { } echoscu)
            await PeerProcess.RunAsync(echoscu, ["-aet", "ECHOSCU", "-aec", "CK_SCP", "127.0.0.1", port], TimeSpan.FromSeconds(30));
        for (var i = 0; i < 200 && server.Associations.Count > 0; i++) await Task.Delay(10);

        // The server side's associations: what each requestor sent, PDU by PDU, as the server received it.
        var serverSide = transcript.OfType<ConnectionEvent>().Where(c => !c.IsRequestor).Select(c => c.AssociationId).Distinct().ToList();
        var streams = serverSide.Select(id => transcript.PduBytes(id, Direction.Received).SelectMany(b => b).ToArray())
            .Where(s => s.Length > 0).ToList();
        var pdus = transcript.OfType<PduEvent>().Where(p => p.Bytes is not null).Select(p => p.Bytes!)
            .GroupBy(Convert.ToBase64String).Select(g => g.First()).ToList();
        return new Recording(streams, pdus);
    }
}

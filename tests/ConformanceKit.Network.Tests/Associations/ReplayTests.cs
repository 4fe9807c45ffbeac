
namespace ConformanceKit.Network.Tests.Associations;

/// <summary>A captured session replayed byte for byte against a fresh SCP gives the same answers.</summary>
public class ReplayTests
{
    [Test]
    public async Task ACapturedStoreSessionReplaysWithTheSameAnswers()
    {
        using var dir = new TempDirectory();
        var transcript = new NetworkTranscript(capturePayloads: true);
        var items = SyntheticCt.Series(3, 32, 32, seed: "replay").Select(ds => StoreItem.FromDataset(ds)).ToList();
        long id;
        await using (var server = new DicomServer(new DicomServerOptions { Store = new FileStorageService(dir.Combine("first")) }).Start())
        await using (var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", Observer = transcript },
                         new PresentationContextPlan().AddObject(items[0].SopClassUid, items[0].TransferSyntax)))
        {
            id = association.Id;
            foreach (var item in items) Assert.That((await association.StoreAsync(item)).Status, Is.EqualTo(DimseStatus.Success));
        }
        Assert.That(transcript.OfType<DimseEvent>().Count(d => d.Direction == Direction.Sent && d.DatasetBytes is not null), Is.EqualTo(3), "datasets are captured");

        await using var fresh = new DicomServer(new DicomServerOptions { Store = new FileStorageService(dir.Combine("replayed")) }).Start();
        var result = await TranscriptReplay.ReplayRequestorAsync(transcript, id, "127.0.0.1", fresh.Port);
        Assert.That(result.AllMatch, Is.True, string.Join("\n", result.Steps));
        var received = result.Steps.Where(s => s.Direction == Direction.Received).Select(s => s.ActualType).ToList();
        Assert.That(received.First(), Is.EqualTo(PduType.AssociateAccept));
        Assert.That(received.Last(), Is.EqualTo(PduType.ReleaseResponse));
        Assert.That(Directory.GetFiles(dir.Combine("replayed"), "*.dcm"), Has.Length.EqualTo(3), "the replayed stores landed");
    }
}

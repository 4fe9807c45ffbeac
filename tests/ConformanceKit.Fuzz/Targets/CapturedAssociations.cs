using System.Globalization;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Testing;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// PDUs recorded from real associations on loopback, the seeds of the network targets: the harness's own SCU
/// (echo, store, find) and, when dcmtk is installed, storescu and echoscu (another implementation's bytes),
/// all against a harness SCP whose transcript captures every PDU as received; and a session with the simulated
/// Archive (store, C-FIND at each level with wild card and range keys, C-MOVE, C-GET).
/// </summary>
public static class CapturedAssociations
{
    /// <summary>What one recording holds: each association's requestor bytes in order, and every PDU seen.</summary>
    public sealed record Recording(IReadOnlyList<byte[]> RequestorStreams, IReadOnlyList<byte[]> Pdus);

    private static readonly Lazy<Recording> Recorded = new(() => RecordAsync().GetAwaiter().GetResult());

    public static Recording Get() => Recorded.Value;

    /// <summary>The Archive's AE title in the recording (the fuzz target's archive answers it, and moves to it).</summary>
    public const string ArchiveAeTitle = "CK_ARCHIVE";

    private static readonly Lazy<IReadOnlyList<byte[]>> RecordedArchive = new(() => RecordArchiveAsync().GetAwaiter().GetResult());

    /// <summary>What each requestor sent to the simulated Archive, one byte stream per association.</summary>
    public static IReadOnlyList<byte[]> GetArchive() => RecordedArchive.Value;

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

        var streams = RequestorStreams(transcript);
        var pdus = transcript.OfType<PduEvent>().Where(p => p.Bytes is not null).Select(p => p.Bytes!)
            .GroupBy(Convert.ToBase64String).Select(g => g.First()).ToList();
        return new Recording(streams, pdus);
    }

    /// <summary>The server side's associations: what each requestor sent, PDU by PDU, as the server received it.</summary>
    private static List<byte[]> RequestorStreams(NetworkTranscript transcript)
    {
        var serverSide = transcript.OfType<ConnectionEvent>().Where(c => !c.IsRequestor).Select(c => c.AssociationId).Distinct().ToList();
        return serverSide.Select(id => transcript.PduBytes(id, Direction.Received).SelectMany(b => b).ToArray()).Where(s => s.Length > 0).ToList();
    }

    private static async Task<IReadOnlyList<byte[]>> RecordArchiveAsync()
    {
        using var dir = new TempDirectory("ck-fuzz-capture-archive");
        var transcript = new NetworkTranscript(capturePayloads: true);
        var destinations = new Dictionary<string, MoveDestination>(StringComparer.Ordinal);
        await using var archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = ArchiveAeTitle, Directory = dir.Combine("archive"), Durability = Durability.Flushed, Destinations = destinations, Observer = transcript,
        });
        destinations[ArchiveAeTitle] = new MoveDestination(ArchiveAeTitle, "127.0.0.1", archive.Port);
        var client = new DicomClientOptions { Port = archive.Port, CalledAeTitle = ArchiveAeTitle, CallingAeTitle = "FUZZ_SCU" };
        var datasets = SyntheticCt.Series(2, 8, 8, seed: "fuzz-capture-archive", patientId: "FUZZ");
        var study = datasets[0].GetString(DicomTags.StudyInstanceUID)!;
        var images = datasets.Select(ds => StoreItem.FromDataset(ds)).ToList();
        await using (var store = await DicomClient.AssociateAsync(client, new PresentationContextPlan().AddObjects(images.Select(i => (i.SopClassUid, i.TransferSyntax)))))
            foreach (var image in images) await store.StoreAsync(image);

        const string find = DicomUids.StudyRootQueryRetrieveInformationModelFind, move = DicomUids.StudyRootQueryRetrieveInformationModelMove,
            get = DicomUids.StudyRootQueryRetrieveInformationModelGet;
        await using (var q = await DicomClient.AssociateAsync(client, new PresentationContextPlan().Add(find, DicomUids.ExplicitVRLittleEndian)))
        {
            DicomDataset[] identifiers =
            [
                new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").With(DicomTags.PatientName, "F*^?").With(DicomTags.StudyDate, "19000101-")
                    .With(DicomTags.StudyInstanceUID, "").With(DicomTags.ModalitiesInStudy, "CT\\MR").With(DicomTags.NumberOfStudyRelatedInstances, ""),
                new DicomDataset().With(DicomTags.QueryRetrieveLevel, "SERIES").With(DicomTags.StudyInstanceUID, study).With(DicomTags.Modality, "CT")
                    .With(DicomTags.SeriesInstanceUID, "").With(DicomTags.SeriesTime, "000000-235959"),
                new DicomDataset().With(DicomTags.QueryRetrieveLevel, "IMAGE").With(DicomTags.StudyInstanceUID, study).With(DicomTags.SOPInstanceUID, "")
                    .With(DicomTags.InstanceNumber, "").SetSequence(DicomTags.ReferencedImageSequence, new DicomDataset().With(DicomTags.ReferencedSOPInstanceUID, "")),
            ];
            foreach (var identifier in identifiers) await foreach (var _ in q.FindAsync(find, identifier)) { }
        }
        var retrieveKeys = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").With(DicomTags.StudyInstanceUID, study);
        await using (var m = await DicomClient.AssociateAsync(client, new PresentationContextPlan().Add(move, DicomUids.ExplicitVRLittleEndian)))
            await m.MoveAsync(move, ArchiveAeTitle, retrieveKeys);
        await using (var g = await DicomClient.AssociateAsync(client, new PresentationContextPlan().Add(get, DicomUids.ExplicitVRLittleEndian)
                         .AddStorageAsScp([DicomUids.CTImageStorage])))
            await g.GetAsync(get, retrieveKeys, new FileStorageService(dir.Combine("got")));
        // The Archive's own requestor side (the C-MOVE sub-association) is recorded as received by its acceptor side too: kept, it is one more peer.
        return RequestorStreams(transcript);
    }
}

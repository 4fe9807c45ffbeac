using ConformanceKit.Network.Tests.Support;

namespace ConformanceKit.Network.Tests.Associations;

/// <summary>C-FIND, C-MOVE, C-GET and C-CANCEL between the harness SCU and the harness SCP.</summary>
public class QueryRetrieveLoopbackTests
{
    private static readonly IReadOnlyList<DicomDataset> Study = SyntheticCt.Series(4, 16, 16, seed: "qr-loopback")
        .Concat(SyntheticCt.Series(2, 16, 16, seed: "qr-other", patientId: "CK0002", patientName: "Other^Patient")).ToList();

    private static DicomClientOptions Client(int port) => new() { Port = port, CalledAeTitle = "CK_SCP" };

    private static DicomDataset Identifier(string level) => new DicomDataset()
        .With(DicomTags.QueryRetrieveLevel, level)
        .With(DicomTags.PatientID, "CK0001");

    [TestCase("STUDY", 1)]
    [TestCase("SERIES", 1)]
    [TestCase("IMAGE", 4)]
    public async Task FindReturnsOneMatchPerEntityOfTheLevel(string level, int expected)
    {
        await using var server = new DicomServer(new DicomServerOptions { Query = new TestArchive(Study) }).Start();
        await using var association = await DicomClient.AssociateAsync(Client(server.Port),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, PresentationContextPlan.UncompressedSyntaxes));
        var identifier = Identifier(level).With(DicomTags.StudyInstanceUID, "").With(DicomTags.PatientName, "");
        var matches = new List<DicomDataset>();
        await foreach (var m in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, identifier)) matches.Add(m);
        Assert.That(matches, Has.Count.EqualTo(expected));
        Assert.That(matches.Select(m => m.GetString(DicomTags.PatientName)).Distinct(), Is.EqualTo(new[] { "Phantom^Ct" }));
        Assert.That(matches.All(m => m.GetString(DicomTags.QueryRetrieveLevel) == level));
    }

    [Test]
    public async Task FindWithABadLevelFailsWithTheStatusInWords()
    {
        await using var server = new DicomServer(new DicomServerOptions { Query = new TestArchive(Study) }).Start();
        await using var association = await DicomClient.AssociateAsync(Client(server.Port),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, PresentationContextPlan.UncompressedSyntaxes));
        var e = await Assert.ThrowsAsync<DimseFailureException>(async () =>
        {
            await foreach (var _ in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("GALAXY"))) { }
        });
        Assert.That(e!.Status, Is.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass));
        Assert.That(e.Message, Does.Contain("identifier does not match SOP class").And.Contain("GALAXY"));
    }

    [Test]
    public async Task CancellingAFindSendsCCancelAndTheScpStops()
    {
        var query = new EndlessQuery();
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { Query = query, Observer = transcript }).Start();
        await using var association = await DicomClient.AssociateAsync(Client(server.Port),
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, PresentationContextPlan.UncompressedSyntaxes));
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, Identifier("STUDY"), cts.Token))
                if (++seen == 3) cts.Cancel();
        });
        Assert.That(query.SawCancel, Is.True, "the query service saw the cancellation");
        var finals = transcript.OfType<DimseEvent>().Where(d => d.Direction == Direction.Sent && d.Command.CommandField == DimseCommandField.CFindResponse
                                                                 && !d.Command.Status.IsPending).ToList();
        Assert.That(finals.Single().Command.Status, Is.EqualTo(DimseStatus.Cancel));
        Assert.That(transcript.OfType<DimseEvent>().Any(d => d.Command.CommandField == DimseCommandField.CCancelRequest), Is.True);
        Assert.That(association.IsEstablished, Is.True, "the association survives the cancel");
    }

    private static async Task<(DicomServer Destination, FileStorageService Store, DicomServer Source)> MoveSetupAsync(
        TempDirectory dir, Func<int, MoveDestination>? destination = null, AcceptancePolicy? destinationPolicy = null)
    {
        var store = new FileStorageService(dir.Combine("dest"));
        var dest = new DicomServer(new DicomServerOptions { AeTitle = "DEST", Store = store, Acceptance = destinationPolicy ?? new AcceptancePolicy() }).Start();
        var source = new DicomServer(new DicomServerOptions
        {
            Query = new TestArchive(Study),
            Retrieve = new TestArchive(Study),
            MoveDestinations = new Dictionary<string, MoveDestination> { ["DEST"] = destination?.Invoke(dest.Port) ?? new MoveDestination("DEST", "127.0.0.1", dest.Port) },
        }).Start();
        return (dest, store, source);
    }

    private static Task<Association> MoveAssociationAsync(int port) => DicomClient.AssociateAsync(Client(port),
        new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelMove, PresentationContextPlan.UncompressedSyntaxes));

    [Test]
    public async Task MoveSendsTheStudyToTheDestinationByteForByte()
    {
        using var dir = new TempDirectory();
        var (dest, store, source) = await MoveSetupAsync(dir);
        await using (dest)
        await using (source)
        {
            await using var association = await MoveAssociationAsync(source.Port);
            var progress = new List<RetrieveResult>();
            var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "DEST", Identifier("STUDY"),
                new SynchronousProgress<RetrieveResult>(progress.Add));
            Assert.That(result.Status, Is.EqualTo(DimseStatus.Success), result.Describe(DimseCommandField.CMoveResponse));
            Assert.That((result.Completed, result.Failed, result.Warning), Is.EqualTo((4, 0, 0)));
            Assert.That(progress.Select(p => p.Remaining), Is.EqualTo(new[] { 3, 2, 1 }), "pending responses count down");
            foreach (var ds in Study.Take(4))
            {
                var file = DicomFileReader.Read(Path.Combine(store.Directory, ds.GetString(DicomTags.SOPInstanceUID) + ".dcm"));
                Assert.That(DicomWriter.Encode(file.Dataset, file.TransferSyntax), Is.EqualTo(DicomWriter.Encode(ds, file.TransferSyntax)));
                Assert.That(file.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle), Is.EqualTo("CK_SCP"), "the sub-association comes from the SCP");
            }
        }
    }

    [Test]
    public async Task MoveToAnUnknownDestinationSaysSo()
    {
        using var dir = new TempDirectory();
        var (dest, _, source) = await MoveSetupAsync(dir);
        await using (dest)
        await using (source)
        {
            await using var association = await MoveAssociationAsync(source.Port);
            var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "NOWHERE", Identifier("STUDY"));
            Assert.That(result.Status, Is.EqualTo(DimseStatus.MoveDestinationUnknown));
            Assert.That(result.Describe(DimseCommandField.CMoveResponse), Does.Contain("move destination unknown").And.Contain("NOWHERE"));
        }
    }

    [TestCase("refused", TestName = "MoveWhoseDestinationRefusesTheSubAssociationSaysSo")]
    [TestCase("port", TestName = "MoveWhoseDestinationPortIsWrongSaysSo")]
    [TestCase("context", TestName = "MoveWhoseDestinationRejectsThePresentationContextSaysSo")]
    public async Task MoveFailuresAreExplained(string failure)
    {
        using var dir = new TempDirectory();
        var transcript = new NetworkTranscript();
        var wrongPort = FreePort.Pick();
        Func<int, MoveDestination> destination = failure switch
        {
            "refused" => port => new MoveDestination("OTHER_AE", "127.0.0.1", port), // the destination only answers to DEST
            "port" => _ => new MoveDestination("DEST", "127.0.0.1", wrongPort),
            _ => port => new MoveDestination("DEST", "127.0.0.1", port),
        };
        var policy = failure == "context" ? new AcceptancePolicy { AbstractSyntaxes = new HashSet<string> { DicomUids.Verification } } : null;
        var (dest, store, source) = await MoveSetupAsync(dir, destination, policy);
        await using (dest)
        await using (source)
        {
            await using var association = await MoveAssociationAsync(source.Port);
            var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, "DEST", Identifier("STUDY"));
            var text = result.Describe(DimseCommandField.CMoveResponse);
            Assert.That(result.Status.IsFailure, Is.True, text);
            Assert.That(result.Failed, Is.EqualTo(4), text);
            Assert.That(result.FailedSopInstanceUids, Has.Count.EqualTo(4));
            var expected = failure switch
            {
                "refused" => "refused the sub-association",
                "port" => "wrong port",
                _ => "rejected context: CT Image Storage",
            };
            Assert.That(text, Does.Contain(expected));
            Assert.That(Directory.Exists(store.Directory) ? Directory.GetFiles(store.Directory) : [], Is.Empty);
        }
    }

    [Test]
    public async Task GetBringsTheObjectsBackOnTheSameAssociation()
    {
        using var dir = new TempDirectory();
        var archive = new TestArchive(Study);
        await using var server = new DicomServer(new DicomServerOptions { Retrieve = archive }).Start();
        var plan = new PresentationContextPlan()
            .Add(DicomUids.StudyRootQueryRetrieveInformationModelGet, PresentationContextPlan.UncompressedSyntaxes)
            .AddStorageAsScp([DicomUids.CTImageStorage]);
        await using var association = await DicomClient.AssociateAsync(Client(server.Port), plan);
        var store = new FileStorageService(dir.Combine("got"));
        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier("IMAGE"), store);
        Assert.That(result.Status, Is.EqualTo(DimseStatus.Success), result.Describe(DimseCommandField.CGetResponse));
        Assert.That(result.Completed, Is.EqualTo(4));
        foreach (var ds in Study.Take(4))
        {
            var file = DicomFileReader.Read(Path.Combine(store.Directory, ds.GetString(DicomTags.SOPInstanceUID) + ".dcm"));
            Assert.That(DicomWriter.Encode(file.Dataset, file.TransferSyntax), Is.EqualTo(DicomWriter.Encode(ds, file.TransferSyntax)));
        }
    }

    [Test]
    public async Task CancellingAGetSendsCCancelAndTheScpStopsItsSubOperations()
    {
        var many = SyntheticCt.Series(20, 16, 16, seed: "qr-get-cancel");
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { Retrieve = new TestArchive(many), Observer = transcript }).Start();
        var plan = new PresentationContextPlan()
            .Add(DicomUids.StudyRootQueryRetrieveInformationModelGet, PresentationContextPlan.UncompressedSyntaxes)
            .AddStorageAsScp([DicomUids.CTImageStorage]);
        await using var association = await DicomClient.AssociateAsync(Client(server.Port), plan);
        using var cts = new CancellationTokenSource();
        var store = new SlowStore(() => cts.Cancel());
        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier("IMAGE"), store, cancel: cts.Token);

        Assert.That(result.Status, Is.EqualTo(DimseStatus.Cancel), result.Describe(DimseCommandField.CGetResponse));
        Assert.That(transcript.OfType<DimseEvent>().Count(d => d.Command.CommandField == DimseCommandField.CCancelRequest), Is.EqualTo(1));
        Assert.That(store.Received, Is.InRange(1, 19), "the SCP stopped before sending everything");
        Assert.That(result.Completed, Is.EqualTo(store.Received));
        Assert.That(result.Remaining, Is.EqualTo(20 - store.Received), "a cancelled C-GET reports its remaining sub-operations (PS3.4 C.4.3)");
        Assert.That(association.IsEstablished, Is.True, "the association survives the cancel");
    }

    /// <summary>Takes 100 ms per object, and calls back once the first object has arrived.</summary>
    private sealed class SlowStore(Action firstArrived) : IStoreService, IStoreSink
    {
        public int Received;

        public ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel) => ValueTask.FromResult<IStoreSink>(this);

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel) => ValueTask.CompletedTask;

        public async ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel)
        {
            if (Interlocked.Increment(ref Received) == 1) firstArrived();
            await Task.Delay(100, CancellationToken.None);
            return ServiceResult.Success;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Test]
    public async Task GetWithoutTheScpRoleFailsEachSubOperationInWords()
    {
        await using var server = new DicomServer(new DicomServerOptions { Retrieve = new TestArchive(Study) }).Start();
        var plan = new PresentationContextPlan()
            .Add(DicomUids.StudyRootQueryRetrieveInformationModelGet, PresentationContextPlan.UncompressedSyntaxes)
            .Add(DicomUids.CTImageStorage, PresentationContextPlan.UncompressedSyntaxes); // no role selection
        await using var association = await DicomClient.AssociateAsync(Client(server.Port), plan);
        var result = await association.GetAsync(DicomUids.StudyRootQueryRetrieveInformationModelGet, Identifier("IMAGE"), new FileStorageService(Path.GetTempPath()));
        Assert.That(result.Failed, Is.EqualTo(4));
        Assert.That(result.ErrorComment, Does.Contain("no SCP role for CT Image Storage"));
    }
}

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which reorders reports).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

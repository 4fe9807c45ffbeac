using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Robustness.Tests.Security;

/// <summary>
/// Who may talk to the harness: the Calling AE allow-list and the Called AE check (PS3.8 Table 9-21 reasons 3 and
/// 7), C-MOVE only to configured destinations (PS3.4 C.4.2.1.1: A801 otherwise, and no connection is attempted),
/// and TLS (PS3.15 B.1) with certificate verification on both sides; plain TCP only where configured.
/// </summary>
public class AccessControlTests
{
    private static readonly X509Certificate2 Authority = TestCertificates.CreateAuthority();
    private static readonly X509Certificate2 ServerCertificate = TestCertificates.Issue(Authority, "CN=localhost", server: true);
    private static readonly X509Certificate2Collection Roots = [Authority];

    private static Task<Association> Associate(int port, string calling, string called = "CK_SCP", TlsClientOptions? tls = null) =>
        DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = called, CallingAeTitle = calling, Tls = tls },
            new PresentationContextPlan().AddVerification());

    [TestCase("friend", TestName = "AllowListIsCaseSensitive")]
    [TestCase("FRIEND2", TestName = "AllowListIsNotAPrefixMatch")]
    [TestCase("FRIEN", TestName = "AllowListIsNotASubstringMatch")]
    [TestCase("../FRIEND", TestName = "AllowListIsNotAPathMatch")]
    public async Task CallersOutsideTheAllowListAreRejected(string calling)
    {
        await using var server = new DicomServer(new DicomServerOptions { AllowedCallingAeTitles = new HashSet<string> { "FRIEND" } }).Start();
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => Associate(server.Port, calling));
        Assert.That((e!.Reject.Result, e.Reject.Reason), Is.EqualTo((RejectResult.RejectedPermanent, AssociateRejectPdu.UserCallingAeNotRecognized)));
        await using var friend = await Associate(server.Port, " FRIEND"); // leading and trailing spaces are not significant (PS3.5 AE)
        Assert.That((await friend.EchoAsync()).Status.IsSuccess);
    }

    [Test]
    public async Task TheArchiveServesOnlyItsAllowedCallers()
    {
        using var dir = new TempDirectory("ck-archive-acl");
        await using var archive = ConformanceKit.Actors.Archive.SimulatedArchive.Start(new ConformanceKit.Actors.Archive.ArchiveOptions
        {
            AeTitle = "CK_SCP", Directory = dir.Combine("archive"), AllowedCallingAeTitles = new HashSet<string> { "FRIEND" },
        });
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => Associate(archive.Port, "STRANGER"));
        Assert.That((e!.Reject.Result, e.Reject.Reason), Is.EqualTo((RejectResult.RejectedPermanent, AssociateRejectPdu.UserCallingAeNotRecognized)));
        await using var friend = await Associate(archive.Port, "FRIEND");
        Assert.That((await friend.EchoAsync()).Status.IsSuccess);
    }

    [Test]
    public async Task AWrongCalledAeTitleIsRejectedUnlessAnyIsAllowed()
    {
        await using var strict = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP" }).Start();
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => Associate(strict.Port, "CK_SCU", "OTHER"));
        Assert.That(e!.Reject.Reason, Is.EqualTo(AssociateRejectPdu.UserCalledAeNotRecognized));
        await using var any = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", AcceptAnyCalledAeTitle = true }).Start();
        await using var association = await Associate(any.Port, "CK_SCU", "OTHER");
        Assert.That((await association.EchoAsync()).Status.IsSuccess);
    }

    /// <summary>A retrieve back end that selects one object, and counts how often it is asked.</summary>
    private sealed class OneObject(DicomDataset dataset) : IRetrieveService
    {
        public int Calls;

        public ValueTask<IReadOnlyList<StoreItem>> ResolveAsync(QueryRequest request, CancellationToken cancel)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult<IReadOnlyList<StoreItem>>([StoreItem.FromDataset(dataset)]);
        }
    }

    [Test]
    public async Task MovesGoOnlyToConfiguredDestinations()
    {
        var ds = SyntheticCt.Series(1, 8, 8, seed: "move-acl")[0];
        // Something listens where an attacker would like the objects to go; it must never be connected to.
        var trap = FreePort.Listen();
        var trapPort = FreePort.PortOf(trap);
        var connected = trap.AcceptSocketAsync();
        var retrieve = new OneObject(ds);
        await using var server = new DicomServer(new DicomServerOptions
        {
            Retrieve = retrieve,
            MoveDestinations = new Dictionary<string, MoveDestination> { ["KNOWN"] = new("KNOWN", "127.0.0.1", FreePort.Pick()) },
        }).Start();
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" },
            new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelMove, DicomUids.ImplicitVRLittleEndian));
        var identifier = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").With(DicomTags.StudyInstanceUID, ds.GetString(DicomTags.StudyInstanceUID)!);
        foreach (var destination in new[] { "ATTACKER", $"127.0.0.1:{trapPort}", "known", "KNOWN2" })
        {
            var result = await association.MoveAsync(DicomUids.StudyRootQueryRetrieveInformationModelMove, destination, identifier);
            Assert.That(result.Status, Is.EqualTo(DimseStatus.MoveDestinationUnknown), destination);
        }
        Assert.That(await Task.WhenAny(connected, Task.Delay(500)), Is.Not.SameAs(connected), "no connection was attempted");
        Assert.That(retrieve.Calls, Is.Zero, "the archive was not even asked which objects match");
        trap.Stop();
    }

    private static DicomServer TlsServer(X509Certificate2Collection? trustedClientRoots) => new DicomServer(new DicomServerOptions
    {
        Tls = new TlsServerOptions { Certificate = ServerCertificate, RequireClientCertificate = trustedClientRoots is not null, TrustedClientRoots = trustedClientRoots },
    }).Start();

    [Test]
    public async Task AClientCertificateFromAnotherAuthorityIsRefused()
    {
        await using var server = TlsServer(Roots);
        var stranger = TestCertificates.Issue(TestCertificates.CreateAuthority("CN=Stranger CA"), "CN=intruder", server: false);
        await Assert.ThrowsAsync<AssociationAbortedException>(() => Associate(server.Port, "CK_SCU", tls: new TlsClientOptions { TrustedRoots = Roots, ClientCertificate = stranger }));
        var mine = TestCertificates.Issue(Authority, "CN=ck-client", server: false);
        await using var association = await Associate(server.Port, "CK_SCU", tls: new TlsClientOptions { TrustedRoots = Roots, ClientCertificate = mine });
        Assert.That(association.IsTls && (await association.EchoAsync()).Status.IsSuccess);
    }

    [Test]
    public async Task AServerWhoseNameDoesNotMatchIsRefused()
    {
        await using var server = TlsServer(null);
        await Assert.ThrowsAsync<AssociationAbortedException>(() => Associate(server.Port, "CK_SCU", tls: new TlsClientOptions { TrustedRoots = Roots, TargetHost = "archive.example" }));
    }

    [Test]
    public async Task PlainTcpReachesATlsServerNever()
    {
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions
        {
            Tls = new TlsServerOptions { Certificate = ServerCertificate }, Observer = transcript,
            Settings = new AssociationSettings { ArtimTimeout = TimeSpan.FromSeconds(2) },
        }).Start();
        await Assert.ThrowsAsync(Is.InstanceOf<AssociationException>(), () => Associate(server.Port, "CK_SCU"));
        await Load.ConcurrentIngestTests.WaitAsync(() => transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("dropped before any association")));
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("dropped before any association")), Is.True, transcript.Format());
        Assert.That(transcript.OfType<DimseEvent>(), Is.Empty, "no DIMSE message was exchanged in clear");
    }

    [Test]
    public async Task ATlsClientDoesNotFallBackToPlainTcp()
    {
        await using var plain = new DicomServer(new DicomServerOptions()).Start();
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => Associate(plain.Port, "CK_SCU", tls: new TlsClientOptions { TrustedRoots = Roots }));
        Assert.That(e!.Message, Does.Contain("transport connection failed"));
    }
}

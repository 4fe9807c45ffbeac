using System.Security.Cryptography.X509Certificates;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Network.Tests.Associations;

/// <summary>TLS (PS3.15 B.1) between the harness SCU and SCP, with certificates made in code.</summary>
public class TlsTests
{
    private static readonly X509Certificate2 Authority = TestCertificates.CreateAuthority();
    private static readonly X509Certificate2 ServerCertificate = TestCertificates.Issue(Authority, "CN=localhost", server: true);
    private static readonly X509Certificate2 ClientCertificate = TestCertificates.Issue(Authority, "CN=ck-client", server: false);
    private static X509Certificate2Collection Roots => [Authority];

    private static DicomServer Server(bool requireClientCertificate, NetworkTranscript? transcript = null, IStoreService? store = null) =>
        new DicomServer(new DicomServerOptions
        {
            Tls = new TlsServerOptions { Certificate = ServerCertificate, RequireClientCertificate = requireClientCertificate, TrustedClientRoots = Roots },
            Observer = transcript,
            Store = store,
        }).Start();

    [Test]
    public async Task MutualTlsCarriesEchoAndStore()
    {
        using var dir = new TempDirectory();
        var transcript = new NetworkTranscript();
        await using var server = Server(true, transcript, new FileStorageService(dir.Path));
        var item = StoreItem.FromDataset(SyntheticCt.Series(1, 32, 32, seed: "tls")[0]);
        await using (var association = await DicomClient.AssociateAsync(new DicomClientOptions
                     {
                         Port = server.Port, CalledAeTitle = "CK_SCP",
                         Tls = new TlsClientOptions { TrustedRoots = Roots, ClientCertificate = ClientCertificate },
                     }, new PresentationContextPlan().AddVerification().AddObject(item.SopClassUid, item.TransferSyntax)))
        {
            Assert.That(association.IsTls, Is.True);
            Assert.That((await association.EchoAsync()).Status, Is.EqualTo(DimseStatus.Success));
            Assert.That((await association.StoreAsync(item)).Status, Is.EqualTo(DimseStatus.Success));
        }
        Assert.That(File.Exists(Path.Combine(dir.Path, item.SopInstanceUid + ".dcm")), Is.True);
        Assert.That(transcript.OfType<ConnectionEvent>().Any(c => c.Opened && c.Detail == "TLS"), Is.True);
    }

    [Test]
    public async Task AClientWithoutACertificateIsRefusedWhenOneIsRequired()
    {
        var transcript = new NetworkTranscript();
        await using var server = Server(true, transcript);
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => DicomClient.AssociateAsync(new DicomClientOptions
        {
            Port = server.Port, CalledAeTitle = "CK_SCP", Tls = new TlsClientOptions { TrustedRoots = Roots },
        }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Message, Does.Contain("transport connection"));
        Assert.That(server.Associations, Is.Empty);
    }

    [Test]
    public async Task AServerCertificateFromAnUntrustedAuthorityIsRefused()
    {
        await using var server = Server(false);
        var otherRoot = TestCertificates.CreateAuthority("CN=Someone Else");
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => DicomClient.AssociateAsync(new DicomClientOptions
        {
            Port = server.Port, CalledAeTitle = "CK_SCP", Tls = new TlsClientOptions { TrustedRoots = [otherRoot] },
        }, new PresentationContextPlan().AddVerification()));
        Assert.That(e!.Message, Does.Contain("transport connection failed"));
    }

    [Test]
    public async Task TlsWithoutClientCertificatesWorksWhenNoneIsRequired()
    {
        await using var server = Server(false);
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions
        {
            Port = server.Port, CalledAeTitle = "CK_SCP", Tls = new TlsClientOptions { TrustedRoots = Roots },
        }, new PresentationContextPlan().AddVerification());
        Assert.That((await association.EchoAsync()).Status, Is.EqualTo(DimseStatus.Success));
    }

    [Test]
    public async Task A_peer_that_accepts_but_never_answers_the_TLS_handshake_is_ended_by_the_connect_timeout()
    {
        // A plain TCP listener that accepts and stays silent: the TLS client waits for a ServerHello that never comes.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        var options = new DicomClientOptions
        {
            Port = port, CalledAeTitle = "CK_SCP", ConnectTimeout = TimeSpan.FromMilliseconds(400), Tls = new TlsClientOptions { TrustedRoots = Roots },
        };
        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() =>
            DicomClient.AssociateAsync(options, new PresentationContextPlan().AddVerification()).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(e!.Message, Is.EqualTo($"transport connection failed: TLS handshake with 127.0.0.1:{port} timed out: no TLS answer within 0.4 s " +
                                           "of connecting (is the peer using TLS on this port?)"));
        (await accepted).Dispose();
    }
}

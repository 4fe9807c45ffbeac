using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Actors.Network;

/// <summary>
/// The harness's TLS material (PS3.15 B.1) given as PEM files: its certificate and private key, and the
/// certificates it trusts for peers. Builds the network layer's options for the harness's listening actors
/// and for its associations with the SUT.
/// </summary>
public sealed record HarnessTls(string? CertificatePem, string? PrivateKeyPem, string? TrustedPem, bool VerifyPeer)
{
    /// <summary>Options for a listening actor: needs the certificate; asks peers for theirs when trusted roots are given and peers are verified.</summary>
    public TlsServerOptions Server()
    {
        if (CertificatePem is null || PrivateKeyPem is null)
            throw new InvalidOperationException("a harness actor listening with TLS needs tls.certificate and tls.private-key");
        var roots = TrustedPem is null ? null : Roots(TrustedPem);
        return new TlsServerOptions
        {
            Certificate = Certificate(CertificatePem, PrivateKeyPem),
            RequireClientCertificate = VerifyPeer && roots is not null,
            TrustedClientRoots = roots,
        };
    }

    /// <summary>Options for connecting to <paramref name="host"/>: the peer's certificate is checked against the trusted roots unless verification is off.</summary>
    public TlsClientOptions Client(string host) => new()
    {
        TargetHost = host is "127.0.0.1" or "::1" ? "localhost" : host,
        TrustedRoots = TrustedPem is null ? null : Roots(TrustedPem),
        ClientCertificate = CertificatePem is not null && PrivateKeyPem is not null ? Certificate(CertificatePem, PrivateKeyPem) : null,
        AcceptAnyServerCertificate = !VerifyPeer,
    };

    private static X509Certificate2Collection Roots(string pem)
    {
        var roots = new X509Certificate2Collection();
        try { roots.ImportFromPemFile(pem); }
        catch (Exception e) when (e is IOException or CryptographicException)
        {
            throw new InvalidOperationException($"cannot read trusted certificates from {pem}: {e.Message}", e);
        }
        return roots;
    }

    /// <summary>A certificate with its key, re-imported through PKCS#12 so that SslStream can use the key on every platform.</summary>
    private static X509Certificate2 Certificate(string certificatePem, string keyPem)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or CryptographicException)
        {
            throw new InvalidOperationException($"cannot read the certificate {certificatePem} with key {keyPem}: {e.Message}", e);
        }
    }
}

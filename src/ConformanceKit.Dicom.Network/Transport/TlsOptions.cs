using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ConformanceKit.Dicom.Network.Transport;

/// <summary>TLS for an association requestor (PS3.15 Annex B.1, the Basic TLS Secure Transport Connection Profile).</summary>
public sealed record TlsClientOptions
{
    /// <summary>Name the server certificate must carry (ignored when <see cref="AcceptAnyServerCertificate"/>).</summary>
    public string TargetHost { get; init; } = "localhost";

    /// <summary>Certificate (with private key) offered when the server asks for one; optional.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Roots that anchor the server's chain instead of the system store; null uses the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Skips server certificate validation (test setups only; the transcript says so).</summary>
    public bool AcceptAnyServerCertificate { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.None; // the system's current defaults (TLS 1.2/1.3)
}

/// <summary>TLS for an association acceptor (PS3.15 Annex B.1).</summary>
public sealed record TlsServerOptions
{
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Whether peers must present a client certificate (mutual authentication).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Roots that anchor client certificate chains instead of the system store.</summary>
    public X509Certificate2Collection? TrustedClientRoots { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.None;
}

/// <summary>Certificate chain checks against an explicit set of roots (or the system store).</summary>
internal static class CertificateTrust
{
    public static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, bool checkName)
    {
        if (certificate is null) return false;
        if (roots is null) return errors == SslPolicyErrors.None;
        if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var cert = new X509Certificate2(certificate);
        return chain.Build(cert);
    }
}

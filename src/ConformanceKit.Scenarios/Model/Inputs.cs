namespace ConformanceKit.Scenarios.Model;

/// <summary>Where the system under test listens (its Storage/Query-Retrieve SCP).</summary>
public sealed record SutEndpoint(string AeTitle, string Host, int Port);

/// <summary>An AE title and listening port the harness uses for one of its simulated actors (port 0: pick a free port).</summary>
public sealed record HarnessEndpoint(string AeTitle, int Port);

/// <summary>DICOM TLS (PS3.15 Annex B) settings for associations with the SUT.</summary>
public sealed record TlsSettings(bool Enabled, string? Certificate, string? PrivateKey, string? Trusted, bool VerifyPeer)
{
    public static readonly TlsSettings Off = new(false, null, null, null, true);
}

/// <summary>
/// Inputs a scenario needs that vary by product and site (Inferno's "inputs"). A scenario may give
/// defaults; a product preset (<c>--sut FILE</c>) overrides them.
/// </summary>
public sealed record ScenarioInputs(
    SutEndpoint? Sut,
    IReadOnlyDictionary<string, HarnessEndpoint> Harness,
    TlsSettings? Tls)
{
    public static readonly ScenarioInputs Empty = new(null, new Dictionary<string, HarnessEndpoint>(), null);

    /// <summary>These inputs with every value <paramref name="over"/> gives replacing ours.</summary>
    public ScenarioInputs OverriddenBy(ScenarioInputs over)
    {
        var harness = new Dictionary<string, HarnessEndpoint>(Harness, StringComparer.Ordinal);
        foreach (var (k, v) in over.Harness) harness[k] = v;
        return new ScenarioInputs(over.Sut ?? Sut, harness, over.Tls ?? Tls);
    }
}

/// <summary>
/// A product preset (<c>--sut FILE</c>): who the product is, which actors and profile revisions it
/// claims, how to reach it, and optionally an answers file for attestation steps in CI.
/// </summary>
public sealed record SutPreset(
    string Product,
    IReadOnlyList<SutActor> Actors,
    IReadOnlyList<ProfileMode> Profiles,
    ScenarioInputs Inputs,
    string? AnswersFile,
    double WindowScale,
    string SourceFile);

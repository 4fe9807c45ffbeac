using ConformanceKit.Scenarios.Model;

namespace ConformanceKit.Scenarios.Schema;

/// <summary>Shapes shared by scenario files, product presets and step arguments.</summary>
public static class CommonShapes
{
    /// <summary>PS3.5 Table 6.2-1 AE: 1-16 characters of the default repertoire, no backslash or control characters, not only spaces.</summary>
    public static TextShape AeTitle(string description) => new()
    {
        Pattern = @"^[!-\[\]-~][ -\[\]-~]{0,15}$",
        PatternMeaning = "an AE title (1-16 printable characters, no backslash, not starting with a space)",
        Description = description,
    };

    public static TextShape Name(string meaning, string description) => new()
    {
        Pattern = "^[a-z][a-z0-9-]{0,39}$",
        PatternMeaning = $"{meaning} (lower-case letters, digits and '-', starting with a letter, at most 40)",
        Description = description,
    };

    public static TextShape SetName(string description) => Name("an object set name", description);
    public static TextShape ActorName(string description) => Name("an actor name", description);

    public static TextShape Requirement(string description) => new()
    {
        Pattern = @"^(REG-[A-Z]+-[0-9]{3}|MMRO(-II)?-[0-9]|RAD-[0-9]+|RO-[0-9]+)$",
        PatternMeaning = "a rule ID (REG-SRO-001) or transaction ID (MMRO-II-1, RAD-8) from reg-profile.md",
        Description = description,
    };

    public static TextShape Transaction(string description) => new() { OneOf = Requirements.Transactions, Description = description };

    public static TextShape Actor(string description) => new() { OneOf = ScenarioNames.Actors, Description = description };
    public static TextShape Profile(string description) => new() { OneOf = ScenarioNames.Profiles, Description = description };

    public static IntegerShape Port(string description, bool allowZero) => new(allowZero ? 0 : 1, 65535) { Description = description };

    public static ObjectShape SutEndpoint(bool required) => new(
        new Property("ae-title", AeTitle("The SUT's AE title (called AE when the harness connects to it)."), required),
        new Property("host", new TextShape { MaxLength = 255, Description = "Host name or address of the SUT." }, required),
        new Property("port", Port("TCP port the SUT listens on.", allowZero: false), required))
    {
        Description = "How to reach the system under test.",
    };

    public static MapShape HarnessEndpoints() => new("^[a-z][a-z0-9-]{0,39}$", "an actor name",
        new ObjectShape(
            new Property("ae-title", AeTitle("The AE title this harness actor uses."), Required: true),
            new Property("port", Port("Port it listens on (0: any free port).", allowZero: true))))
    {
        Description = "AE titles and ports of the harness's own simulated actors, by actor name.",
    };

    public static ObjectShape Tls() => new(
        new Property("enabled", new BooleanShape { Description = "Use DICOM TLS (PS3.15 Annex B) with the SUT." }, Required: true),
        new Property("certificate", new TextShape { Description = "PEM certificate the harness presents." }),
        new Property("private-key", new TextShape { Description = "PEM private key of that certificate." }),
        new Property("trusted", new TextShape { Description = "PEM file of certificates trusted for the SUT." }),
        new Property("verify-peer", new BooleanShape { Description = "Check the SUT's certificate (default true)." }))
    {
        Description = "Secure transport settings.",
    };
}

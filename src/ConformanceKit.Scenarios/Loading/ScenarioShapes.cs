using System.Text.Json.Nodes;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Loading;

/// <summary>
/// The shapes of the three YAML documents the harness reads: a scenario, a product preset (--sut FILE)
/// and an answers file. The JSON Schemas in scenarios/ are written from these (see <see cref="Schemas"/>).
/// </summary>
public static class ScenarioShapes
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    public static ObjectShape Data() => new(
        new Property("phantom", new TextShape { OneOf = PhantomPresets.All.Select(p => p.Name).ToList(), Description = "A phantom preset generated for the run (its sets and true transforms are listed in docs/scenarios.md)." }),
        new Property("size", new TextShape { OneOf = PhantomPresets.Sizes, Description = "Phantom size (default small)." }),
        new Property("folder", new TextShape { Description = "A folder of DICOM files (relative to the scenario file), split into sets by 'sets'." }),
        new Property("sets", new MapShape("^[a-z][a-z0-9-]{0,39}$", "an object set name", new ObjectShape([
            .. ObjectFilter.Properties,
            new Property("series-description", new TextShape { Description = "Series Description (0008,103E) equal to this." }),
            new Property("series-number", new IntegerShape { Description = "Series Number (0020,0011) equal to this." }),
        ])) { Description = "For a folder: set name -> which objects belong to it." }))
    {
        Description = "The objects the scenario uses: a phantom preset or a folder (exactly one).",
    };

    public static ObjectShape Inputs(bool preset) => new(
        new Property("sut", CommonShapes.SutEndpoint(required: preset)),
        new Property("harness", CommonShapes.HarnessEndpoints()),
        new Property("tls", CommonShapes.Tls()))
    {
        Description = "Endpoints and transport: defaults a product preset (--sut FILE) overrides.",
    };

    public static ObjectShape Scenario(StepRegistry registry) => new(
        new Property("id", new TextShape
        {
            Pattern = "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", MaxLength = 40,
            PatternMeaning = "a scenario ID (upper-case words joined by '-', e.g. ARC-001)",
            Description = "Unique, stable ID (used by --only, answers files and reports).",
        }, Required: true),
        new Property("title", new TextShape { MaxLength = 120, Description = "One line saying what is tested." }, Required: true),
        new Property("description", new TextShape { Description = "Why, how, and what passes." }, Required: true),
        new Property("actor", CommonShapes.Actor("The actor the SUT plays."), Required: true),
        new Property("profile", CommonShapes.Profile("Profile mode: rules and severities applied."), Required: true),
        new Property("verifies", new ListShape(CommonShapes.Requirement("A rule or transaction ID covered."), minItems: 1) { Description = "Rule and transaction IDs (reg-profile.md sections 7 and 2) this scenario covers." }, Required: true),
        new Property("modelled-on", new TextShape { Description = "The IHE-RO MMRO-II test tool scenario this one follows (reg-profile.md 5.2)." }),
        new Property("tags", new ListShape(new TextShape { Pattern = "^[a-z0-9-]+$", PatternMeaning = "a tag (lower-case, digits, '-')" }) { Description = "Free labels for selection." }),
        new Property("data", Data(), Required: true),
        new Property("inputs", Inputs(preset: false)),
        new Property("steps", new StepListShape(registry) { Description = "What the harness does, in order." }, Required: true))
    {
        Description = "A ConformanceKit scenario (docs/scenarios.md).",
    };

    public static ObjectShape Preset() => new(
        new Property("product", new TextShape { MaxLength = 200, Description = "Product name and version, shown in reports." }, Required: true),
        new Property("actors", new ListShape(CommonShapes.Actor("An actor the product plays."), minItems: 1) { Description = "Actors the product plays: only their scenarios are selected." }, Required: true),
        new Property("profiles", new ListShape(CommonShapes.Profile("A profile mode the product claims."), minItems: 1) { Description = "Profile modes claimed; scenarios of other modes are SKIPPED." }, Required: true),
        new Property("sut", CommonShapes.SutEndpoint(required: true), Required: true),
        new Property("harness", CommonShapes.HarnessEndpoints()),
        new Property("tls", CommonShapes.Tls()),
        new Property("answers", new TextShape { Description = "Answers file for attestation steps (relative to this file)." }),
        new Property("window-scale", new NumberShape(0.1, 100) { Description = "Multiplies every wait window (a slow product: 2)." }))
    {
        Description = "A product preset for `ck run --sut FILE`.",
    };

    /// <summary>The JSON Schema documents kept in scenarios/, by file name.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Schemas(StepRegistry registry) => new Dictionary<string, JsonObject>
    {
        ["schema.json"] = Document(Scenario(registry), "conformancekit-scenario", "ConformanceKit scenario"),
        ["sut.schema.json"] = Document(Preset(), "conformancekit-sut", "ConformanceKit product preset (--sut FILE)"),
        ["answers.schema.json"] = Document(AnswersFileAttestation.FileShape, "conformancekit-answers", "ConformanceKit attestation answers"),
    };

    private static JsonObject Document(Shape shape, string id, string title)
    {
        var body = shape.ToJsonSchema();
        var doc = new JsonObject { ["$schema"] = SchemaDialect, ["$id"] = $"urn:{id}", ["title"] = title };
        foreach (var (k, v) in body.ToList())
        {
            body.Remove(k);
            doc[k] = v;
        }
        return doc;
    }
}

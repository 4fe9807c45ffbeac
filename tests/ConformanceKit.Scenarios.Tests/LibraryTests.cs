using System.Text.Json;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Tests;

/// <summary>The scenario library in scenarios/ and its JSON Schemas.</summary>
public class LibraryTests
{
    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ConformanceKit.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    private static string LibraryFolder => Path.Combine(RepositoryRoot(), "scenarios");

    private static readonly Lazy<ScenarioLibrary> Library = new(() => ScenarioLibrary.Load([LibraryFolder]));

    /// <summary>
    /// The committed schemas are exactly what the loader's shapes produce, so schema and loader agree on
    /// every key, type and required field. After changing a shape, regenerate with CK_WRITE_SCHEMAS=1.
    /// </summary>
    [Test]
    public void Committed_json_schemas_are_generated_from_the_loader_shapes()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var (name, schema) in ScenarioShapes.Schemas(StepRegistry.Default))
        {
            var path = Path.Combine(LibraryFolder, name);
            var text = schema.ToJsonString(options) + "\n";
            if (Environment.GetEnvironmentVariable("CK_WRITE_SCHEMAS") == "1") File.WriteAllText(path, text);
            Assert.That(File.Exists(path), Is.True, $"{path} is missing (run the tests with CK_WRITE_SCHEMAS=1)");
            Assert.That(File.ReadAllText(path), Is.EqualTo(text), $"{name} is out of date (run the tests with CK_WRITE_SCHEMAS=1)");
        }
    }

    [Test]
    public void Schema_lists_every_step_kind_and_top_level_key()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(LibraryFolder, "schema.json")));
        var props = doc.RootElement.GetProperty("properties");
        var keys = props.EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(keys, Is.EqualTo(ScenarioShapes.Scenario(StepRegistry.Default).Properties.Select(p => p.Name)));
        var kinds = props.GetProperty("steps").GetProperty("items").GetProperty("oneOf").EnumerateArray()
            .Select(v => v.GetProperty("required")[0].GetString()).ToList();
        Assert.That(kinds, Is.EquivalentTo(StepRegistry.Default.Kinds.Select(k => k.Name)));
    }

    [Test]
    public void Every_library_scenario_loads()
    {
        Assert.That(Library.Value.Errors, Is.Empty, string.Join("\n", Library.Value.Errors));
        Assert.That(Library.Value.Scenarios, Has.Count.GreaterThanOrEqualTo(30));
    }

    [Test]
    public void Scenarios_live_in_the_folder_of_their_actor()
    {
        foreach (var s in Library.Value.Scenarios)
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(s.SourceFile)));
            Assert.That(folder, Is.EqualTo(ScenarioNames.Of(s.Actor)), s.Id);
        }
        Assert.That(Library.Value.Scenarios.Select(s => s.Actor).Distinct(), Is.EquivalentTo(Enum.GetValues<SutActor>()));
    }

    [Test]
    public void Every_scenario_verifies_a_rule_and_a_transaction()
    {
        foreach (var s in Library.Value.Scenarios)
        {
            Assert.That(s.Verifies.Any(Requirements.IsRule), Is.True, $"{s.Id} verifies no rule");
            Assert.That(s.Verifies.Any(Requirements.IsTransaction), Is.True, $"{s.Id} verifies no transaction");
        }
    }

    [Test]
    public void Library_covers_the_profile_rules_it_can_exercise()
    {
        var covered = Library.Value.Scenarios.SelectMany(s => s.Verifies.Concat(s.Steps.SelectMany(t => t.Verifies))).ToHashSet();
        var families = new[] { "REG-ARC-", "REG-DSP-", "REG-RT-" };
        var missing = Requirements.AllRules().Where(r => families.Any(r.StartsWith)).Where(r => !covered.Contains(r)).ToList();
        Assert.That(missing, Is.Empty, "rules no scenario verifies");
        var transactions = new[] { "MMRO-II-1", "MMRO-II-2", "MMRO-3", "MMRO-4", "MMRO-5", "RAD-8", "RO-5" };
        Assert.That(transactions.Where(t => !covered.Contains(t)), Is.Empty, "transactions no scenario performs");
    }

    [Test]
    public void The_issue_list_of_scenarios_is_present()
    {
        var byTag = Library.Value.Scenarios.SelectMany(s => s.Tags.Select(t => (t, s.Id))).ToLookup(x => x.t, x => x.Id);
        foreach (var tag in new[]
        {
            "transparency", "serves-registrator", "serves-display", "serves-dose-display",
            "non-hybrid", "hybrid", "prior-sro", "hfp", "ffs", "ffp", "non-ct-primary", "sagittal",
            "both-non-identity", "negative", "contours",
        })
            Assert.That(byTag[tag], Is.Not.Empty, $"no scenario tagged {tag}");
    }

    [Test]
    public void Example_product_preset_and_answers_load()
    {
        var preset = SutPresetLoader.LoadFile(Path.Combine(LibraryFolder, "examples", "product.sut.yaml.example"));
        Assert.That(preset.Actors, Is.Not.Empty);
        Assert.That(preset.Inputs.Sut, Is.Not.Null);
        var answers = AnswersFileAttestation.Load(Path.Combine(LibraryFolder, "examples", "answers.yaml.example"));
        Assert.That(answers.Count, Is.GreaterThan(0));
    }
}

public class RequirementCatalogueTests
{
    [Test]
    public void Every_rule_id_a_scenario_may_verify_is_in_the_rule_catalogue()
    {
        var catalogue = ConformanceKit.Rules.Catalogue.RuleCatalogue.All.Select(r => r.Id).ToHashSet();
        Assert.That(Requirements.AllRules().Where(id => !catalogue.Contains(id)), Is.Empty);
    }
}

public class DocumentationTests
{
    private static string Docs()
    {
        for (var d = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "docs", "scenarios.md"))) return File.ReadAllText(Path.Combine(d.FullName, "docs", "scenarios.md"));
        throw new InvalidOperationException("docs/scenarios.md not found");
    }

    [Test]
    public void Docs_describe_every_step_kind_and_phantom_preset()
    {
        var docs = Docs();
        foreach (var k in StepRegistry.Default.Kinds) Assert.That(docs, Does.Contain($"| `{k.Name}` |"), k.Name);
        foreach (var p in PhantomPresets.All) Assert.That(docs, Does.Contain($"`{p.Name}`"), p.Name);
        foreach (var rule in new[] { "S1", "S2", "S3", "C1", "C2", "C3", "C4", "R1", "R2", "E1" }) Assert.That(docs, Does.Contain($"**{rule}"), rule);
    }
}

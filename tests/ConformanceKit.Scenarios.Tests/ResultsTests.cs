using System.Xml.Linq;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Scenarios.Tests;

public class ResultsTests
{
    private static ScenarioResult Scenario(string id, string verdict, string actor = "archive", string reason = "r") => new()
    {
        Id = id, Title = "t " + id, Actor = actor, Profile = "MMRO-II", File = "s.yaml", Verdict = verdict, Reason = reason,
        Steps =
        [
            new StepResult
            {
                Id = "1-compare", Name = "compare", Kind = "compare", Verdict = verdict, Reason = reason,
                Findings = [new FindingResult { RuleId = "REG-ARC-002", Severity = "error", Message = "value changed", Path = "ContentLabel(0070,0080)" }],
                Objects = [new ObjectResult { Set = "got", SopClassUid = "1.2", SopInstanceUid = "1.3", Origin = "received", File = "scenarios/X/objects/got/1.3.dcm" }],
            },
        ],
    };

    private static RunResult Run(string id, IEnumerable<ScenarioResult> scenarios, string? shard = null, int before = 0) => new()
    {
        RunId = id, HarnessVersion = "0.1.0", StartedAt = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        FinishedAt = DateTimeOffset.Parse("2026-01-01T00:01:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Sut = new SutInfo { Mode = "reference" },
        Selection = new SelectionInfo { Shard = shard, SelectedBeforeSharding = before },
        Summary = ScenarioEngine.Summarise(scenarios.ToList(), false),
        Scenarios = scenarios.ToList(),
    };

    [Test]
    public void Results_json_round_trips_with_stable_names()
    {
        var run = Run("r1", [Scenario("A-1", "FAIL")]);
        var json = ResultsJson.Serialize(run);
        Assert.That(json, Does.Contain("\"schema\": \"conformancekit/results/1\"").And.Contain("\"sopInstanceUid\": \"1.3\"").And.Contain("\"exitCode\": 1"));
        Assert.That(json, Does.Not.Contain("\"citation\""), "nulls are omitted");
        var dir = TestObjects.TempDirectory();
        try
        {
            ResultsJson.Write(dir, run);
            var back = ResultsJson.Read(Path.Combine(dir, "results.json"));
            Assert.That(ResultsJson.Serialize(back), Is.EqualTo(json));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Reading_something_else_is_a_clear_error()
    {
        var dir = TestObjects.TempDirectory();
        try
        {
            var p = Path.Combine(dir, "results.json");
            File.WriteAllText(p, ResultsJson.Serialize(Run("r", [])).Replace(RunResult.SchemaId, "other", StringComparison.Ordinal));
            Assert.That(() => ResultsJson.Read(p), Throws.TypeOf<InvalidDataException>().With.Message.Contains("has schema 'other'"));
            File.WriteAllText(p, "not json");
            Assert.That(() => ResultsJson.Read(p), Throws.TypeOf<InvalidDataException>().With.Message.Contains("is not a results.json"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Junit_has_one_testcase_per_scenario_and_maps_verdicts()
    {
        var run = Run("r1", [Scenario("A-1", "PASS"), Scenario("A-2", "FAIL"), Scenario("R-1", "INCONCLUSIVE", "registrator"), Scenario("R-2", "SKIPPED", "registrator")]);
        var xml = XDocument.Parse(JUnitReport.Render(run));
        var root = xml.Root!;
        Assert.That(root.Attribute("tests")!.Value, Is.EqualTo("4"));
        Assert.That((root.Attribute("failures")!.Value, root.Attribute("errors")!.Value, root.Attribute("skipped")!.Value), Is.EqualTo(("1", "1", "1")));
        Assert.That(root.Elements("testsuite").Select(e => e.Attribute("name")!.Value), Is.EqualTo(new[] { "archive", "registrator" }));
        var cases = root.Descendants("testcase").ToList();
        Assert.That(cases, Has.Count.EqualTo(4));
        Assert.That(cases[1].Element("failure")!.Value, Does.Contain("error REG-ARC-002: value changed at ContentLabel(0070,0080)"));
        Assert.That(cases[2].Element("error"), Is.Not.Null);
        Assert.That(cases[3].Element("skipped"), Is.Not.Null);
    }

    [Test]
    public void Junit_survives_hostile_text()
    {
        var run = Run("r1", [Scenario("A-1", "FAIL", reason: "bad \u0001 <script>alert(1)</script> ]]> \"q\"")]);
        var xml = XDocument.Parse(JUnitReport.Render(run));
        Assert.That(xml.Descendants("failure").Single().Attribute("message")!.Value, Is.EqualTo("bad \uFFFD <script>alert(1)</script> ]]> \"q\""));
    }

    [Test]
    public void Shards_merge_into_one_result_with_paths_rebased()
    {
        var a = Run("ra", [Scenario("A-1", "PASS"), Scenario("A-3", "PASS")], "1/2", 3);
        var b = Run("rb", [Scenario("A-2", "FAIL")], "2/2", 3);
        var m = RunMerge.Merge([("/r/ra", a), ("/r/rb", b)], "/r/merged", "merged");
        Assert.That(m.Warnings, Is.Empty);
        Assert.That(m.Merged.Scenarios.Select(s => s.Id), Is.EqualTo(new[] { "A-1", "A-2", "A-3" }));
        Assert.That(m.Merged.Summary.ExitCode, Is.EqualTo(1));
        Assert.That(m.Merged.MergedFrom, Is.EqualTo(new[] { "ra", "rb" }));
        Assert.That(m.Merged.Scenarios[1].Steps[0].Objects[0].File, Is.EqualTo("../rb/scenarios/X/objects/got/1.3.dcm"));
    }

    [Test]
    public void A_missing_shard_is_reported_and_makes_the_merge_inconclusive()
    {
        var a = Run("ra", [Scenario("A-1", "PASS")], "1/2", 3);
        var m = RunMerge.Merge([("/r/ra", a)], "/r/merged", "merged");
        Assert.That(m.Warnings.Single(), Does.Contain("a shard is missing"));
        Assert.That(m.Merged.Summary.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void A_scenario_in_two_runs_cannot_be_merged()
    {
        var a = Run("ra", [Scenario("A-1", "PASS")]);
        var b = Run("rb", [Scenario("A-1", "PASS")]);
        Assert.That(() => RunMerge.Merge([("/r/ra", a), ("/r/rb", b)], "/r/m", "m"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("A-1"));
    }

    [Test]
    public void Shards_partition_the_selection()
    {
        var lib = Enumerable.Range(1, 7).Select(i => ScenarioLoader.Default.Load(
            ScenarioLoaderTests.Valid.Replace("TEST-001", $"TEST-{i:000}", StringComparison.Ordinal), "s.yaml", "/tmp")).ToList();
        var all = ScenarioSelection.Select(lib, [], null, null).Selected.Select(s => s.Scenario.Id).ToList();
        var parts = Enumerable.Range(1, 3).Select(k => ScenarioSelection.Select(lib, [], null, new Shard(k, 3))).ToList();
        Assert.That(parts.SelectMany(p => p.Selected.Select(s => s.Scenario.Id)).Order(), Is.EqualTo(all));
        Assert.That(parts.Select(p => p.Selected.Count), Is.EqualTo(new[] { 3, 2, 2 }));
        Assert.That(parts.All(p => p.BeforeSharding == 7), Is.True);
        Assert.That(ScenarioSelection.Select(lib, ["TEST-002", "NOPE-1"], null, null).UnknownIds, Is.EqualTo(new[] { "NOPE-1" }));
    }

    [TestCase("1/3", true)]
    [TestCase("3/3", true)]
    [TestCase("0/3", false)]
    [TestCase("4/3", false)]
    [TestCase("1/0", false)]
    [TestCase("a/b", false)]
    [TestCase("-1/3", false)]
    [TestCase("1/3/4", false)]
    public void Shard_syntax(string text, bool ok)
    {
        Assert.That(Shard.TryParse(text, out _), Is.EqualTo(ok));
    }
}

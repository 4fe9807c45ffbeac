using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Tests;

public class EngineTests : ScenarioRunFixture
{
    /// <summary>A step kind that throws, to prove a harness error is INCONCLUSIVE.</summary>
    private sealed class ExplodeKind : StepKind
    {
        public override string Name => "explode";
        public override string Summary => "throws";
        public override ObjectShape Arguments { get; } = new();
        public override IStep Bind(BoundObject args, StepBindContext cx) => new Step();
        private sealed class Step : IStep
        {
            public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel) => throw new IOException("disk on fire");
        }
    }

    /// <summary>An actor whose inbox the test fills, standing in for the network layer's Storage SCP.</summary>
    internal sealed class InMemoryActor(string name, string role, HarnessEndpoint endpoint) : IActorInstance
    {
        public string Name => name;
        public string Role => role;
        public HarnessEndpoint Endpoint => endpoint;
        public ObjectInbox? Inbox { get; } = new();
        public bool Disposed { get; private set; }
        public ValueTask DisposeAsync() { Disposed = true; Inbox!.Close(); return ValueTask.CompletedTask; }
    }

    internal sealed class InMemoryActors(Action<InMemoryActor>? onStart = null) : IActorFactory
    {
        public List<InMemoryActor> Started { get; } = [];
        public Task<IActorInstance> StartAsync(ActorStartRequest request, string runDirectory, CancellationToken cancel)
        {
            var a = new InMemoryActor(request.Name, request.Role, request.Endpoint with { Port = 11113 });
            Started.Add(a);
            onStart?.Invoke(a);
            return Task.FromResult<IActorInstance>(a);
        }
    }

    private static readonly ScenarioLoader Loader = new(new StepRegistry([.. StepRegistry.Default.Kinds, new ExplodeKind()]));

    private Scenario Write(string id, string steps, string profile = "MMRO-II")
    {
        var yaml = $"""
            id: {id}
            title: test {id}
            description: engine test
            actor: archive
            profile: {profile}
            verifies: [REG-ARC-002]
            data:
              folder: data
              sets:
                ct: {"{"} modality: [CT] {"}"}
                reg: {"{"} modality: [REG] {"}"}
            steps:
            {steps}
            """;
        var path = Path.Combine(Root, id + ".yaml");
        File.WriteAllText(path, yaml);
        return Loader.LoadFile(path);
    }

    private async Task<RunResult> Run(IEnumerable<Scenario> scenarios, HarnessServices? services = null, SutPreset? preset = null, CancellationToken cancel = default)
    {
        var list = scenarios.ToList();
        var sel = ScenarioSelection.Select(list, [], preset, null);
        return await RunEngineAsync(sel.Selected, services ?? new HarnessServices(), preset, sel.BeforeSharding, cancel);
    }

    private static SutPreset Preset(params ProfileMode[] profiles) =>
        new("Acme 1.0", [SutActor.Archive], profiles, ScenarioInputs.Empty with { Sut = new SutEndpoint("ACME", "127.0.0.1", 11112) }, null, 1.0, "acme.yaml");

    [Test]
    public async Task Comparing_data_with_itself_passes_and_writes_the_outputs()
    {
        var s = Write("ENG-001", "  - compare: { actual: reg, expected: [reg], mode: bytes }");
        var run = await Run([s], preset: Preset(ProfileMode.MmroII));
        var r = run.Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("PASS"), r.Reason);
        Assert.That(r.Steps.Select(x => (x.Id, x.Verdict)), Is.EqualTo(new[] { ("setup-data", "PASS"), ("setup-sut", "PASS"), ("1-compare", "PASS") }));
        Assert.That(r.Steps[0].Reason, Does.Contain("ct (3), reg (1)").And.Contain("notes.txt skipped"));
        Assert.That(run.Summary.ExitCode, Is.EqualTo(0));

        var dir = Path.Combine(Root, "reports", run.RunId);
        var back = ResultsJson.Read(Path.Combine(dir, "results.json"));
        Assert.That(back, Is.Not.Null);
        Assert.That(back.Scenarios.Single().Steps[2].Reason, Is.EqualTo("1 object(s) identical byte for byte"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "junit.xml")), Does.Contain("tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\""));
        var latest = new DirectoryInfo(Path.Combine(Root, "reports", "latest"));
        Assert.That(latest.LinkTarget, Is.EqualTo(run.RunId));
        Assert.That(File.Exists(Path.Combine(latest.FullName, "results.json")), Is.True);
    }

    [Test]
    public async Task A_second_run_moves_latest()
    {
        var s = Write("ENG-002", "  - delay: { duration: 1ms }");
        var first = await Run([s], preset: Preset(ProfileMode.MmroII));
        var second = await Run([s], preset: Preset(ProfileMode.MmroII));
        Assert.That(second.RunId, Is.Not.EqualTo(first.RunId));
        Assert.That(new DirectoryInfo(Path.Combine(Root, "reports", "latest")).LinkTarget, Is.EqualTo(second.RunId));
    }

    [Test]
    public async Task A_sut_that_does_not_answer_makes_the_scenario_inconclusive_and_cleanup_still_runs()
    {
        var s = Write("ENG-003", """
              - send: { objects: [ct] }
              - compare: { actual: reg, expected: [reg] }
              - delay: { duration: 1ms }
                always: true
            """);
        var closed = ConformanceKit.Testing.FreePort.Pick();
        var preset = Preset(ProfileMode.MmroII) with { Inputs = ScenarioInputs.Empty with { Sut = new SutEndpoint("ACME", "127.0.0.1", closed) } };
        var r = (await Run([s], preset: preset)).Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(r.Reason, Does.StartWith($"1-send: nothing answered at ACME at 127.0.0.1:{closed}"));
        Assert.That(r.Steps.Skip(2).Select(x => x.Verdict), Is.EqualTo(new[] { "INCONCLUSIVE", "SKIPPED", "PASS" }));
        Assert.That(r.Steps[3].Reason, Is.EqualTo("step 1-send ended INCONCLUSIVE"));
    }

    [Test]
    public async Task A_send_fault_that_changes_none_of_the_objects_is_inconclusive_before_anything_is_sent()
    {
        // No SUT listens on the preset's port: the step must stop at the fault, not at the connection.
        var s = Write("ENG-020", "  - send: { objects: [ct], fault: transposed-matrix }");
        var step = (await Run([s], preset: Preset(ProfileMode.MmroII))).Scenarios.Single().Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(step.Reason, Does.StartWith("fault transposed-matrix changes none of the 3 object(s) sent (CT Image Storage)"));
    }

    [Test]
    public async Task A_harness_error_is_inconclusive_with_the_error_recorded()
    {
        var s = Write("ENG-004", "  - explode: {}");
        var run = await Run([s], preset: Preset(ProfileMode.MmroII));
        var step = run.Scenarios.Single().Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(step.HarnessError, Is.EqualTo(new HarnessError("IOException", "disk on fire")));
        Assert.That(run.Summary.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task A_failed_check_fails_and_on_fail_continue_keeps_going()
    {
        var s = Write("ENG-005", """
              - compare: { actual: ct, expected: [reg] }
                on-fail: continue
              - compare: { actual: reg, expected: [reg] }
            """);
        var run = await Run([s], preset: Preset(ProfileMode.MmroII));
        var r = run.Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("FAIL"));
        Assert.That(r.Steps.Skip(2).Select(x => x.Verdict), Is.EqualTo(new[] { "FAIL", "PASS" }));
        var f = r.Steps[2].Findings;
        Assert.That(f.Count(x => x.Severity == "error" && x.Message.EndsWith("was not returned", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(f.Count(x => x.Severity == "warning" && x.Message.EndsWith("returned but not expected", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(f.All(x => x.RuleId == "REG-ARC-002"), Is.True);
        Assert.That(run.Summary.ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(Root, "reports", run.RunId, "junit.xml")), Does.Contain("<failure message=").And.Contain("was not returned"));
    }

    [Test]
    public async Task Attestation_answers_come_from_the_answers_file()
    {
        var answers = Path.Combine(Root, "answers.yaml");
        File.WriteAllText(answers, "ENG-006:\n  shown: \"yes\"\n  where: \"1, 2, 3.5\"\n  far: \"10 0 0\"\n");
        var s = Write("ENG-006", """
              - id: shown
                attest: { question: "Does the display show patient ${ct.PatientID}?", expect: "yes" }
              - id: where
                attest: { question: "Marker?", answer: point, expect-point: [1, 2, 3] }
              - id: far
                attest: { question: "Marker 2?", answer: point, expect-point: [0, 0, 0] }
                on-fail: continue
              - id: unanswered
                attest: { question: "Anything?" }
            """);
        var services = new HarnessServices { Attestation = AnswersFileAttestation.Load(answers) };
        var r = (await Run([s], services, Preset(ProfileMode.MmroII))).Scenarios.Single();
        var steps = r.Steps.Skip(2).ToList();
        Assert.That(steps.Select(x => x.Verdict), Is.EqualTo(new[] { "PASS", "PASS", "FAIL", "INCONCLUSIVE" }));
        Assert.That(steps[0].Attestation!.Question, Is.EqualTo($"Does the display show patient PAT1-{r.PatientIdSuffix}?"));
        Assert.That(steps[0].Attestation!.Source, Does.StartWith("answers file"));
        Assert.That(steps[1].Measurements.Single().Value, Is.EqualTo(0.5).Within(1e-9));
        Assert.That(steps[2].Measurements.Single().WithinLimit, Is.False);
        Assert.That(steps[3].Reason, Does.StartWith("no answer"));
        Assert.That(r.Verdict, Is.EqualTo("FAIL"));
    }

    [Test]
    public async Task Receive_collects_what_the_sut_sends_within_the_window()
    {
        var reg = DicomFile.Create(TestObjects.Sro("P", "1.9.1", "1.9.2", "1.9.3", "1.9.4", "1.9.5"));
        var ct = DicomFile.Create(TestObjects.Ct("P", "1.9.1", "1.9.6", "1.9.3", 1));
        var actors = new InMemoryActors(a => _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            a.Inbox!.Deliver(new ScenarioObject(ct, "received from SUT"));
            a.Inbox!.Deliver(new ScenarioObject(reg, "received from SUT"));
        }));
        var s = Write("ENG-007", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 10s, settle: 200ms, expect: { modality: [REG], count: 1 }, store-as: sro }
              - compare: { actual: sro, expected: [sro], mode: bytes }
              - stop: { actor: store }
            """);
        var run = await Run([s], new HarnessServices { Actors = actors }, Preset(ProfileMode.MmroII));
        var r = run.Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("PASS"), r.Reason);
        var receive = r.Steps[3];
        Assert.That(receive.Objects.Select(o => o.Set), Is.EqualTo(new[] { "sro", "received-other" }));
        Assert.That(receive.Findings.Single().Severity, Is.EqualTo("info"));
        Assert.That(File.Exists(Path.Combine(Root, "reports", run.RunId, receive.Objects[0].File!)), Is.True);
        Assert.That(receive.DurationMs, Is.LessThan(5000), "the step ends once the expectation is met and the settle time passed");
        Assert.That(actors.Started.Single().Disposed, Is.True);
    }

    [Test]
    public async Task Receive_expect_none_passes_on_silence_and_fails_on_an_object()
    {
        var quiet = Write("ENG-008", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 200ms, expect: { modality: [REG], none: true } }
            """);
        var noisy = Write("ENG-009", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 2s, expect: { modality: [REG], none: true } }
            """);
        var reg = DicomFile.Create(TestObjects.Sro("P", "1.9.1", "1.9.2", "1.9.3", "1.9.4", "1.9.5"));
        var run1 = await Run([quiet], new HarnessServices { Actors = new InMemoryActors() }, Preset(ProfileMode.MmroII));
        Assert.That(run1.Scenarios.Single().Verdict, Is.EqualTo("PASS"));
        var run2 = await Run([noisy], new HarnessServices { Actors = new InMemoryActors(a => a.Inbox!.Deliver(new ScenarioObject(reg, "received"))) }, Preset(ProfileMode.MmroII));
        var step = run2.Scenarios.Single().Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("FAIL"));
        Assert.That(step.Findings.Single().RuleId, Is.EqualTo("REG-SRO-033"));
    }

    [Test]
    public async Task A_sut_that_never_sends_is_inconclusive_with_a_diagnosis()
    {
        var s = Write("ENG-010", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 200ms, expect: { modality: [REG] } }
            """);
        var step = (await Run([s], new HarnessServices { Actors = new InMemoryActors() }, Preset(ProfileMode.MmroII))).Scenarios.Single().Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(step.Reason, Does.StartWith("nothing arrived at actor 'store' (AE CK_STORE, port 11113) within"));
    }

    [Test]
    public async Task Step_timeout_is_inconclusive()
    {
        var s = Write("ENG-011", """
              - delay: { duration: 30s }
                timeout: 100ms
            """);
        var step = (await Run([s], preset: Preset(ProfileMode.MmroII))).Scenarios.Single().Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(step.Reason, Is.EqualTo("timed out after 100ms"));
    }

    [Test]
    public async Task Cancelling_stops_cleanly_and_keeps_the_results_so_far()
    {
        var a = Write("ENG-012", "  - delay: { duration: 1ms }");
        var b = Write("ENG-013", "  - delay: { duration: 60s }");
        var c = Write("ENG-014", "  - delay: { duration: 1ms }");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var run = await Run([a, b, c], preset: Preset(ProfileMode.MmroII), cancel: cts.Token);
        Assert.That(run.Cancelled, Is.True);
        Assert.That(run.Scenarios.Select(x => x.Verdict), Is.EqualTo(new[] { "PASS", "INCONCLUSIVE", "SKIPPED" }));
        Assert.That(run.Scenarios[1].Steps.Last().Reason, Is.EqualTo("cancelled by the operator"));
        Assert.That(run.Summary.ExitCode, Is.EqualTo(2));
        var written = ResultsJson.Read(Path.Combine(Root, "reports", run.RunId, "results.json"));
        Assert.That(written.Cancelled, Is.True);
        Assert.That(written.Scenarios, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Without_a_preset_the_reference_sut_is_needed()
    {
        var s = Write("ENG-015", "  - delay: { duration: 1ms }");
        var r = (await Run([s])).Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(r.Steps[1].Id, Is.EqualTo("setup-sut"));
        Assert.That(r.Steps[1].Reason, Does.StartWith("not yet available: reference Archive"));
        Assert.That(r.Steps[2].Verdict, Is.EqualTo("SKIPPED"));
    }

    [Test]
    public async Task Scenarios_of_an_unclaimed_profile_are_skipped()
    {
        var s = Write("ENG-016", "  - delay: { duration: 1ms }", profile: "MMRO-III");
        var run = await Run([s], preset: Preset(ProfileMode.MmroII));
        var r = run.Scenarios.Single();
        Assert.That(r.Verdict, Is.EqualTo("SKIPPED"));
        Assert.That(r.Reason, Is.EqualTo("Acme 1.0 does not claim MMRO-III (preset acme.yaml)"));
        Assert.That(run.Summary.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task A_phantom_scenario_waits_for_the_geometry_layer()
    {
        var path = Path.Combine(Root, "p.yaml");
        File.WriteAllText(path, """
            id: ENG-017
            title: t
            description: d
            actor: registrator
            profile: MMRO-II
            verifies: [REG-SRO-034]
            data: { phantom: ct-mr-pet }
            steps:
              - delay: { duration: 1ms }
            """);
        var r = (await Run([Loader.LoadFile(path)], preset: Preset(ProfileMode.MmroII) with { Actors = [SutActor.Registrator] })).Scenarios.Single();
        Assert.That(r.Steps[0].Reason, Is.EqualTo("not yet available: phantom generator (geometry layer, issue 4)"));
        Assert.That(r.Verdict, Is.EqualTo("INCONCLUSIVE"));
    }
}

public class ValidateStepTests : ScenarioRunFixture
{
    private async Task<ScenarioResult> Run(string data, string steps, string actor = "archive")
    {
        var path = Path.Combine(Root, "v.yaml");
        File.WriteAllText(path, $"""
            id: VAL-001
            title: t
            description: d
            actor: {actor}
            profile: MMRO-II
            verifies: [REG-SRO-006]
            data: {data}
            steps:
            {steps}
            """);
        var scenario = ScenarioLoader.Default.LoadFile(path);
        var preset = new SutPreset("Acme", [scenario.Actor], [ProfileMode.MmroII], ScenarioInputs.Empty with { Sut = new SutEndpoint("A", "127.0.0.1", 104) }, null, 1, "p.yaml");
        var services = new HarnessServices { Phantoms = new GeometryPhantomSource() };
        return (await RunEngineAsync([new SelectedScenario(scenario, null)], services, preset)).Scenarios.Single();
    }

    private const string Folder = "{ folder: data, sets: { reg: { modality: [REG] }, ct: { modality: [CT] } } }";

    [Test]
    public async Task A_truthful_phantom_sro_passes_the_mmro_ii_rules()
    {
        var r = await Run("{ phantom: ct-mr-pet, size: tiny }", "  - validate: { objects: [reg-ct-mr, ct, mr] }", "registrator");
        var step = r.Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("PASS"), string.Join("\n", step.Findings.Select(f => $"{f.Severity} {f.RuleId} {f.Path}: {f.Message}")));
    }

    [Test]
    public async Task A_non_conformant_sro_fails_with_rule_findings_and_citations()
    {
        var step = (await Run(Folder, "  - validate: { objects: [reg, ct] }")).Steps.Last();
        Assert.That(step.Verdict, Is.EqualTo("FAIL"));
        var manufacturer = step.Findings.First(f => f.RuleId == "REG-SRO-006");
        Assert.That(manufacturer.Severity, Is.EqualTo("error"));
        Assert.That(manufacturer.Citation, Is.Not.Null.And.Not.Empty);
        Assert.That(manufacturer.SopInstanceUid, Does.StartWith("2.25."), "findings name the object by its run UID");
    }

    [Test]
    public async Task Expected_rules_make_a_negative_test()
    {
        var waived = ConformanceKit.Rules.Catalogue.RuleCatalogue.All.Select(r => r.Id).Where(r => r != "REG-SRO-006" && r.StartsWith("REG-", StringComparison.Ordinal));
        var ok = (await Run(Folder, $"  - validate: {{ objects: [reg, ct], expect-rules: [REG-SRO-006], waive-rules: [{string.Join(", ", waived)}] }}")).Steps.Last();
        Assert.That(ok.Findings.Where(f => f.RuleId == "REG-SRO-006").Select(f => f.Severity), Is.Not.Empty.And.All.EqualTo("info"));
        Assert.That(ok.Findings.Where(f => f.Severity == "error").Select(f => f.RuleId), Has.None.StartsWith("REG-"),
            "expected rules are not errors, waived ones are warnings");
        var missing = (await Run(Folder, "  - validate: { objects: [ct], expect-rules: [REG-SRO-026] }")).Steps.Last();
        Assert.That(missing.Verdict, Is.EqualTo("FAIL"));
        Assert.That(missing.Findings.Single(f => f.Severity == "error" && f.RuleId == "REG-SRO-026").Message, Does.Contain("did not"));
    }
}

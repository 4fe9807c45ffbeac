using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Actors;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Testing;

namespace ConformanceKit.Scenarios.Tests;

/// <summary>The harness's Storage SCP actor over real loopback DICOM, with dcmtk's storescu playing the SUT.</summary>
public class StorageActorTests
{
    /// <summary>A scenario run over loopback: data folder written, the YAML's steps under a header naming the actor and the store port.</summary>
    private sealed class LoopbackRun(string prefix) : IDisposable
    {
        public TempDirectory Temp { get; } = new(prefix);
        public int Port { get; } = FreePort.Pick();
        public string RunId { get; } = RunFolder.NewRunId(DateTimeOffset.UtcNow);
        public string Reports => Temp.Combine("reports");

        public Scenario Load(string id, string actor, string verifies, string sets, string steps)
        {
            TestObjects.WriteFolder(Temp.Combine("data"));
            var path = Temp.Combine("s.yaml");
            File.WriteAllText(path, $$"""
                id: {{id}}
                title: {{id}}
                description: d
                actor: {{actor}}
                profile: MMRO-II
                verifies: [{{verifies}}]
                data: { folder: data, sets: { {{sets}} } }
                inputs:
                  harness:
                    store: { ae-title: CK_STORE, port: {{Port}} }
                steps:
                """ + "\n" + steps);
            return ScenarioLoader.Default.LoadFile(path);
        }

        public async Task<ScenarioResult> RunAsync(Scenario scenario, SutActor actor)
        {
            var preset = new SutPreset("loopback", [actor], [ProfileMode.MmroII], ScenarioInputs.Empty with { Sut = new SutEndpoint("ACME", "127.0.0.1", 1) }, null, 1, "p.yaml");
            var plan = new RunPlan { Scenarios = [new SelectedScenario(scenario, null)], ReportsRoot = Reports, RunId = RunId, Preset = preset };
            var result = await new ScenarioEngine(new HarnessServices { Actors = new NetworkActorFactory() }).RunAsync(plan, SilentObserver.Instance, CancellationToken.None);
            return result.Scenarios.Single();
        }

        public string RunFile(string relative) => Path.Combine(Reports, RunId, relative);

        public Task<PeerRun> StoreScuAsync(string calledAe, string file, bool waitForPort = true) => Task.Run(async () =>
        {
            for (var i = 0; waitForPort && i < 200 && !await PeerProcess.IsListeningAsync(Port); i++) await Task.Delay(50);
            return await PeerProcess.RunAsync("/usr/bin/storescu", ["-aet", "ACME_REG", "-aec", calledAe, "127.0.0.1", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), file],
                TimeSpan.FromSeconds(30), environment: new Dictionary<string, string> { ["TCP_NODELAY"] = "1" });
        });

        public void Dispose() => Temp.Dispose();
    }

    private static string Steps(ScenarioResult r) => string.Join("\n", r.Steps.Select(s => $"{s.Id} {s.Verdict} {s.Reason}"));

    [Test]
    public async Task A_registrator_sut_sending_its_sro_with_storescu_passes_receive_and_byte_compare()
    {
        if (!File.Exists("/usr/bin/storescu")) Assert.Ignore("dcmtk storescu is not installed (./run.sh test installs it)");
        using var run = new LoopbackRun("ck-scn-storage");
        var scenario = run.Load("NET-001", "registrator", "MMRO-II-1, REG-SRO-001", "reg: { modality: [REG] }", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 30s, settle: 300ms, expect: { sop-class: [SpatialRegistrationStorage], count: 1 }, store-as: got }
              - compare: { actual: got, expected: [reg], mode: bytes }
              - stop: { actor: store }
            """);
        // The SUT sends the SRO as this run names it (run identity is deterministic per run and scenario).
        var sent = new RunIdentity(run.RunId, scenario.Id).Apply(DicomFileReader.Read(run.Temp.Combine("data", "reg.dcm")));
        DicomFileWriter.Write(run.Temp.Combine("sent.dcm"), sent);
        var sut = run.StoreScuAsync("CK_STORE", run.Temp.Combine("sent.dcm"));
        var r = await run.RunAsync(scenario, SutActor.Registrator);
        var peer = await sut;
        Assert.That(peer.ExitCode, Is.EqualTo(0), peer.ToString());
        Assert.That(r.Verdict, Is.EqualTo("PASS"), Steps(r));
        Assert.That(r.Steps[2].Reason, Does.StartWith($"started storage 'store' as AE CK_STORE on port {run.Port}"));
        Assert.That(r.Steps[4].Reason, Is.EqualTo("1 object(s) identical byte for byte"));
    }

    [Test]
    public async Task A_send_with_a_fault_delivers_the_faulty_copy_and_keeps_it_as_evidence()
    {
        using var run = new LoopbackRun("ck-scn-fault");
        var scenario = run.Load("NET-002", "display", "MMRO-II-2, REG-SRO-023", "reg: { modality: [REG] }, ct: { modality: [CT] }", """
              - start: { actor: storage, name: store }
              - send: { objects: [ct, reg], to: store, fault: transposed-matrix }
              - receive: { on: store, window: 30s, settle: 200ms, expect: { modality: [REG], count: 1 }, store-as: got }
              - stop: { actor: store }
            """);
        var r = await run.RunAsync(scenario, SutActor.Display);
        Assert.That(r.Verdict, Is.EqualTo("PASS"), Steps(r));
        var send = r.Steps[3];
        Assert.That(send.Reason, Is.EqualTo($"4 of 4 object(s) stored by CK_STORE at 127.0.0.1:{run.Port}; fault transposed-matrix in 1 object(s)"));
        var kept = send.Objects.Single();
        Assert.That(kept.Set, Is.EqualTo("sent-transposed-matrix"));

        // What the actor received is the transpose of the data's matrix: translation column moved to the bottom row.
        var original = Matrices(DicomFileReader.Read(run.Temp.Combine("data", "reg.dcm")).Dataset);
        var received = Matrices(DicomFileReader.Read(run.RunFile(r.Steps[4].Objects.Single(o => o.Set == "got").File!)).Dataset);
        var evidence = Matrices(DicomFileReader.Read(run.RunFile(kept.File!)).Dataset);
        Assert.That(received[1], Is.EqualTo(Transpose(original[1])));
        Assert.That(evidence, Is.EqualTo(received));
        Assert.That(received[0], Is.EqualTo(original[0]), "the identity item is its own transpose");
    }

    [Test]
    public async Task Nothing_arriving_is_diagnosed_from_what_the_sut_did_on_the_wire()
    {
        if (!File.Exists("/usr/bin/storescu")) Assert.Ignore("dcmtk storescu is not installed (./run.sh test installs it)");
        using var run = new LoopbackRun("ck-scn-silent");
        var scenario = run.Load("NET-003", "registrator", "MMRO-II-1, REG-SRO-001", "reg: { modality: [REG] }", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 1s, expect: { modality: [REG], count: 1 } }
                on-fail: continue
              - receive: { on: store, window: 10s, expect: { modality: [REG], count: 1 } }
                on-fail: continue
              - stop: { actor: store }
            """);
        // During the second window a SUT calls with the wrong AE title: the harness rejects it (PS3.8 9.3.4). No port
        // polling before: a probe is itself a connection the first window would report.
        var sut = Task.Delay(4000).ContinueWith(_ => run.StoreScuAsync("CK_STOR", run.Temp.Combine("data", "reg.dcm"), waitForPort: false)).Unwrap();
        var r = await run.RunAsync(scenario, SutActor.Registrator);
        var peer = await sut;
        Assert.That(peer.ExitCode, Is.Not.EqualTo(0), "storescu must have been rejected: " + peer);
        Assert.That(r.Verdict, Is.EqualTo("INCONCLUSIVE"), Steps(r));
        Assert.That(r.Steps[3].Reason, Does.StartWith("nothing arrived at actor 'store'").And.Contain("no peer connected: check that the SUT ran and that its destination is AE CK_STORE"));
        Assert.That(r.Steps[4].Verdict, Is.EqualTo("INCONCLUSIVE"));
        Assert.That(r.Steps[4].Reason, Does.Contain("1 association(s) reached the harness and were rejected").And.Contain("the SUT must call AE CK_STORE on port"));
        Assert.That(r.Steps[4].Transcripts, Has.Count.EqualTo(1), "the rejected association is in the step's transcript");
    }

    private static List<double[]> Matrices(DicomDataset sro) => sro.GetItems(DicomTags.RegistrationSequence)
        .Select(i => i.GetItem(DicomTags.MatrixRegistrationSequence)!.GetItem(DicomTags.MatrixSequence)!.GetDoubles(DicomTags.FrameOfReferenceTransformationMatrix))
        .ToList();

    private static double[] Transpose(double[] m) => Enumerable.Range(0, 16).Select(k => m[k % 4 * 4 + k / 4]).ToArray();
}

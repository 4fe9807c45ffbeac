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
    [Test]
    public async Task A_registrator_sut_sending_its_sro_with_storescu_passes_receive_and_byte_compare()
    {
        if (!File.Exists("/usr/bin/storescu")) Assert.Ignore("dcmtk storescu is not installed (./run.sh test installs it)");
        using var temp = new TempDirectory("ck-scn-storage");
        TestObjects.WriteFolder(temp.Combine("data"));
        var port = FreePort.Pick();
        var path = temp.Combine("s.yaml");
        File.WriteAllText(path, $$"""
            id: NET-001
            title: storage actor
            description: d
            actor: registrator
            profile: MMRO-II
            verifies: [MMRO-II-1, REG-SRO-001]
            data: { folder: data, sets: { reg: { modality: [REG] } } }
            inputs:
              harness:
                store: { ae-title: CK_STORE, port: {{port}} }
            steps:
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 30s, settle: 300ms, expect: { sop-class: [SpatialRegistrationStorage], count: 1 }, store-as: got }
              - compare: { actual: got, expected: [reg], mode: bytes }
              - stop: { actor: store }
            """);
        var scenario = ScenarioLoader.Default.LoadFile(path);
        var runId = RunFolder.NewRunId(DateTimeOffset.UtcNow);
        // The SUT sends the SRO as this run names it (run identity is deterministic per run and scenario).
        var sent = new RunIdentity(runId, scenario.Id).Apply(DicomFileReader.Read(temp.Combine("data", "reg.dcm")));
        DicomFileWriter.Write(temp.Combine("sent.dcm"), sent);
        var sut = Task.Run(async () =>
        {
            for (var i = 0; i < 200 && !await PeerProcess.IsListeningAsync(port); i++) await Task.Delay(50);
            return await PeerProcess.RunAsync("/usr/bin/storescu", ["-aet", "ACME_REG", "-aec", "CK_STORE", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), temp.Combine("sent.dcm")],
                TimeSpan.FromSeconds(30), environment: new Dictionary<string, string> { ["TCP_NODELAY"] = "1" });
        });
        var preset = new SutPreset("storescu", [SutActor.Registrator], [ProfileMode.MmroII], ScenarioInputs.Empty with { Sut = new SutEndpoint("ACME_REG", "127.0.0.1", 1) }, null, 1, "p.yaml");
        var plan = new RunPlan
        {
            Scenarios = [new SelectedScenario(scenario, null)], ReportsRoot = temp.Combine("reports"), RunId = runId, Preset = preset,
        };
        var result = await new ScenarioEngine(new HarnessServices { Actors = new NetworkActorFactory() }).RunAsync(plan, SilentObserver.Instance, CancellationToken.None);
        var peer = await sut;
        var r = result.Scenarios.Single();
        Assert.That(peer.ExitCode, Is.EqualTo(0), peer.ToString());
        Assert.That(r.Verdict, Is.EqualTo("PASS"), string.Join("\n", r.Steps.Select(s => $"{s.Id} {s.Verdict} {s.Reason}")));
        Assert.That(r.Steps[2].Reason, Does.StartWith($"started storage 'store' as AE CK_STORE on port {port}"));
        Assert.That(r.Steps[4].Reason, Is.EqualTo("1 object(s) identical byte for byte"));
    }
}

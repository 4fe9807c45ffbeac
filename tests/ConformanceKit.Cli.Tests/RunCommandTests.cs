using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConformanceKit.Cli.Commands;
using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Testing;

namespace ConformanceKit.Cli.Tests;

/// <summary>`ck run` as a real process: Ctrl-C (SIGINT) stops it cleanly and the results so far are written.</summary>
[NonParallelizable]
public class RunCommandTests
{
    private static string Scenario(string id, string steps) => $"""
        id: {id}
        title: run {id}
        description: d
        actor: registrator
        profile: MMRO-II
        verifies: [MMRO-II-1, REG-SRO-001]
        data: {"{"} folder: data, sets: {"{"} reg: {"{"} modality: [REG] {"}"} {"}"} {"}"}
        steps:
        {steps}
        """;

    [Test]
    public async Task Sigint_stops_the_run_cleanly_and_writes_the_results_collected_so_far()
    {
        using var temp = new TempDirectory("ck-cli-run");
        var lib = Directory.CreateDirectory(temp.Combine("lib")).FullName;
        var data = Directory.CreateDirectory(temp.Combine("lib", "data")).FullName;
        DicomFileWriter.Write(Path.Combine(data, "reg.dcm"), DicomFile.Create(TinyObjects.Sro("RUN1", "1.2.826.0.1.3680043.10.3.1", "1.2.826.0.1.3680043.10.3.2",
            "1.2.826.0.1.3680043.10.3.3", "1.2.826.0.1.3680043.10.3.4", "1.2.826.0.1.3680043.10.3.5")));
        // RUN-001: a SUT that never connects; RUN-002: still running when Ctrl-C comes; RUN-003: never started.
        File.WriteAllText(Path.Combine(lib, "run-001.yaml"), Scenario("RUN-001", """
              - start: { actor: storage, name: store }
              - receive: { on: store, window: 1s, expect: { modality: [REG], count: 1 } }
            """));
        File.WriteAllText(Path.Combine(lib, "run-002.yaml"), Scenario("RUN-002", "  - delay: { duration: 2m }"));
        File.WriteAllText(Path.Combine(lib, "run-003.yaml"), Scenario("RUN-003", "  - delay: { duration: 1ms }"));
        var store = FreePort.Pick().ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(temp.Combine("acme.sut.yaml"), $"""
            product: Acme 1.0
            actors: [registrator]
            profiles: [MMRO-II]
            sut: {"{"} ae-title: ACME, host: 127.0.0.1, port: 1 {"}"}
            harness:
              store: {"{"} ae-title: CK_STORE, port: {store} {"}"}
            """);

        var ck = typeof(RunCommand).Assembly.Location;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        foreach (var a in new[] { ck, "run", lib, "--sut", temp.Combine("acme.sut.yaml"), "--out", temp.Combine("reports") }) info.ArgumentList.Add(a);
        info.Environment["TCP_NODELAY"] = "1";
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var second = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains("RUN-002", StringComparison.Ordinal)) second.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await second.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await Task.Delay(500);
            var sent = Stopwatch.StartNew();
            var kill = await PeerProcess.RunAsync("/bin/kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            Assert.That(kill.ExitCode, Is.EqualTo(0), kill.ToString());
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await process.WaitForExitAsync(limit.Token);
            process.WaitForExit();
            Assert.That(sent.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the 2-minute step was interrupted");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        string log;
        lock (output) log = output.ToString();
        Assert.That(process.ExitCode, Is.EqualTo(ExitCodes.Error), log);
        Assert.That(log, Does.Contain("(cancelled)"));

        var results = ResultsJson.Read(Path.Combine(temp.Combine("reports"), "latest", ResultsJson.FileName));
        Assert.That(results.Cancelled, Is.True);
        Assert.That(results.Scenarios.Select(s => (s.Id, s.Verdict)), Is.EqualTo(new[] { ("RUN-001", "INCONCLUSIVE"), ("RUN-002", "INCONCLUSIVE"), ("RUN-003", "SKIPPED") }));
        Assert.That(results.Scenarios[0].Steps.Last().Reason, Does.Contain("no peer connected: check that the SUT ran and that its destination is AE CK_STORE"));
        Assert.That(results.Scenarios[1].Steps.Last().Reason, Is.EqualTo("cancelled by the operator"));
        Assert.That(File.ReadAllText(Path.Combine(temp.Combine("reports"), "latest", JUnitReport.FileName)), Does.Contain("tests=\"3\""));
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Reports.Tests.Support;

/// <summary>
/// Runs produced by the scenario engine (never a hand-written results.json): the scenario library when it can
/// be found (whatever verdicts it reaches with the layers on main), plus report scenarios whose data is a
/// phantom with hostile Patient's Name, Series Description and Content Label, run against a product preset,
/// then rendered with <see cref="RunReports.Publish"/> as `ck run` does. Made once per test process.
/// </summary>
internal static class ReportRuns
{
    /// <summary>The shared run's temporary folder, known before the run is produced so a failed run is removed too.</summary>
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "ck-report-tests-" + Guid.NewGuid().ToString("N")[..8]);

    private static readonly Lazy<Task<ProducedRun>> Shared = new(() => ProduceAsync(Root));

    /// <summary>The default library run against the built-in reference SUTs, as `./run.sh` runs it (null: no library found).</summary>
    private static readonly Lazy<Task<ProducedRun?>> Library = new(() => ProduceLibraryAsync(Path.Combine(Root, "library")));

    public sealed record ProducedRun(string Root, string ReportsRoot, string RunDirectory, RunResult Result, string ReportPath, bool LibraryIncluded);

    public static Task<ProducedRun> GetAsync() => Shared.Value;

    /// <summary>
    /// The default scenario library run over loopback DICOM against the reference SUTs, with the services `ck run`
    /// uses (network actors, reference SUT registry): a report with real transcripts, captured objects, TRE
    /// figures and fusion previews. Calls Assert.Ignore when the library folder cannot be found.
    /// </summary>
    public static async Task<ProducedRun> GetLibraryAsync() =>
        await Library.Value ?? throw new IgnoreException("the scenario library (scenarios/ with schema.json) was not found above the test folder");

    /// <summary>
    /// Deletes the run folder after the last test (called once by <see cref="ReportRunsCleanup"/>), whether the run
    /// succeeded or not. The run is awaited first, and deletion retried a few times: actors stopping in the
    /// background may still close files in it. A folder that cannot be removed is named in the test output.
    /// </summary>
    public static void Delete()
    {
        if (!Shared.IsValueCreated && !Library.IsValueCreated) return;
        try
        {
            if (Shared.IsValueCreated) Shared.Value.Wait(TimeSpan.FromMinutes(2));
            if (Library.IsValueCreated) Library.Value.Wait(TimeSpan.FromMinutes(2));
        }
        catch (AggregateException) { /* a run failed; its folder still goes */ }
        for (var attempt = 1; Directory.Exists(Root); attempt++)
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    TestContext.Progress.WriteLine($"could not delete the report tests' folder {Root}: {e.Message}");
                    return;
                }
                Thread.Sleep(200 * attempt);
            }
        }
    }

    private static async Task<ProducedRun> ProduceAsync(string root)
    {
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        WriteHostilePhantom(data);
        var scenarios = Path.Combine(root, "scenarios");
        Directory.CreateDirectory(scenarios);
        foreach (var (name, yaml) in ScenarioFiles(data)) File.WriteAllText(Path.Combine(scenarios, name), yaml);
        var answers = Path.Combine(root, "answers.yaml");
        File.WriteAllText(answers, "RPT-001:\n  register: \"yes\"\nRPT-003:\n  shown: \"no\"\n");

        var paths = new List<string> { scenarios };
        var library = ScenarioLibrary.FindDefaultFolder();
        if (library is not null) paths.Add(library);
        var loaded = ScenarioLibrary.Load(paths);
        var preset = new SutPreset("Acme " + Hostile.Quotes, [SutActor.Archive, SutActor.Registrator, SutActor.Display, SutActor.DoseDisplay, SutActor.Contourer],
            [ProfileMode.MmroII, ProfileMode.Gen], ScenarioInputs.Empty with { Sut = new SutEndpoint("ACME", "127.0.0.1", 1) }, null, 0.01, "acme.sut.yaml");
        var selection = ScenarioSelection.Select(loaded.Scenarios, [], preset, null);
        var reportsRoot = Path.Combine(root, "reports");
        var plan = new RunPlan
        {
            Scenarios = selection.Selected, ReportsRoot = reportsRoot, RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow),
            Preset = preset, Paths = paths, SelectedBeforeSharding = selection.BeforeSharding,
            LoadErrors = loaded.Errors.Select(e => e.ToString()).ToList(),
        };
        var services = new HarnessServices { Actors = new StoreAndReturnActors(), Phantoms = new GeometryPhantomSource(), Attestation = AnswersFileAttestation.Load(answers) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var result = await new ScenarioEngine(services).RunAsync(plan, SilentObserver.Instance, limit.Token);
        var report = RunReports.Publish(reportsRoot, result.RunId);
        return new ProducedRun(root, reportsRoot, Path.Combine(reportsRoot, result.RunId), result, report, library is not null);
    }

    private static async Task<ProducedRun?> ProduceLibraryAsync(string root)
    {
        var library = ScenarioLibrary.FindDefaultFolder();
        if (library is null) return null;
        Directory.CreateDirectory(root);
        var loaded = ScenarioLibrary.Load([library]);
        var selection = ScenarioSelection.Select(loaded.Scenarios, [], null, null);
        var reportsRoot = Path.Combine(root, "reports");
        var plan = new RunPlan
        {
            Scenarios = selection.Selected, ReportsRoot = reportsRoot, RunId = RunFolder.NewRunId(DateTimeOffset.UtcNow),
            Paths = [library], SelectedBeforeSharding = selection.BeforeSharding, LoadErrors = loaded.Errors.Select(e => e.ToString()).ToList(),
        };
        var actors = new ConformanceKit.Scenarios.Actors.NetworkActorFactory();
        var services = new HarnessServices
        {
            Actors = actors, Phantoms = new GeometryPhantomSource(),
            ReferenceSuts = new ConformanceKit.Scenarios.ReferenceSuts.ReferenceSutRegistry(actors.Directory, null),
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var result = await new ScenarioEngine(services).RunAsync(plan, SilentObserver.Instance, limit.Token);
        var report = RunReports.Publish(reportsRoot, result.RunId);
        return new ProducedRun(root, reportsRoot, Path.Combine(reportsRoot, result.RunId), result, report, true);
    }

    /// <summary>The tiny phantom (CT, MR, MR-to-CT SRO) with hostile strings in the attributes a report shows.</summary>
    private static void WriteHostilePhantom(string folder)
    {
        var set = PhantomGenerator.Generate(ConformanceKit.Geometry.Phantoms.PhantomPresets.Get("tiny"));
        foreach (var s in set.Series)
            foreach (var ds in s.Datasets)
            {
                ds.SetString(DicomTags.PatientName, Hostile.PatientName);
                ds.SetString(DicomTags.SeriesDescription, Hostile.SeriesDescription);
            }
        foreach (var r in set.Registrations)
        {
            r.Dataset.SetString(DicomTags.PatientName, Hostile.PatientName);
            r.Dataset.SetString(DicomTags.SeriesDescription, Hostile.SeriesDescription);
            r.Dataset.SetString(DicomTags.ContentLabel, Hostile.ContentLabel);
        }
        PhantomSetWriter.Write(set, folder);
    }

    private static IEnumerable<(string, string)> ScenarioFiles(string data)
    {
        var dataBlock = $$"""
            data:
              folder: {{data}}
              sets:
                ct: { modality: [CT] }
                mr: { modality: [MR] }
                reg: { modality: [REG] }
            """;
        yield return ("RPT-001.yaml", $$"""
            id: RPT-001
            title: "Archive returns the SRO unchanged <script>alert('ck-xss-script')</script>"
            description: "Report test: the archive hands back the SRO with another Content Label <img src=x onerror=alert(\"ck-xss-img\")>."
            actor: archive
            profile: MMRO-II
            verifies: [MMRO-II-2, REG-ARC-002]
            {{dataBlock}}
            steps:
              - start: { actor: archive, name: store, serve: [reg, ct] }
              - id: register
                attest: { question: "Did the archive accept patient ${ct.PatientID}?", expect: "yes" }
              - receive: { on: store, window: 2s, expect: { sop-class: [SpatialRegistrationStorage], count: 1 }, store-as: sro, settle: 10ms }
                on-fail: continue
              - receive: { on: store, window: 1s, expect: { modality: [CT], min-count: 1 }, store-as: images, settle: 10ms }
                on-fail: continue
              - compare: { actual: sro, expected: [reg] }
                on-fail: continue
              - delay: { duration: 5ms }
            """);
        yield return ("RPT-002.yaml", $$"""
            id: RPT-002
            title: Data compared with itself
            description: Passes.
            actor: registrator
            profile: MMRO-II
            verifies: [RAD-8]
            {{dataBlock}}
            steps:
              - compare: { actual: reg, expected: [reg], mode: bytes }
            """);
        yield return ("RPT-003.yaml", $$"""
            id: RPT-003
            title: Display attests a fusion it did not show
            description: The operator answers no.
            actor: display
            profile: MMRO-II
            verifies: [REG-DSP-001]
            {{dataBlock}}
            steps:
              - id: shown
                attest: { question: "Is the MR fused on the CT?", expect: "yes" }
            """);
        yield return ("RPT-004.yaml", $$"""
            id: RPT-004
            title: MMRO-III only scenario the product does not claim
            description: Skipped for the preset's claims.
            actor: display
            profile: MMRO-III
            verifies: [REG-DSP-002]
            {{dataBlock}}
            steps:
              - delay: { duration: 1ms }
            """);
    }
}

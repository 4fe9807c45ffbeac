using System.Globalization;
using ConformanceKit.Reports.Html;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Svg;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Views;

/// <summary>
/// Turns a run's results.json and its run folder into the report's view model. What results.json does not
/// hold (dumps, SRO analysis, transcripts as diagrams, previews) is computed here from the captured files
/// with the lower layers, so the report can be re-rendered at any time (`ck report RUN_DIR`).
/// </summary>
public sealed class ReportBuilder(RunResult run, string runDirectory, TimeProvider? time = null)
{
    private static readonly string[] VerdictOrder = ["FAIL", "INCONCLUSIVE", "PASS", "SKIPPED"];

    private readonly RunFolderFiles _files = new(runDirectory);
    private readonly List<string> _notes = [];
    private int _findingNumber;

    public ReportView Build()
    {
        var dumps = new ObjectDumps(_files);
        var transcripts = new TranscriptSection(_files);
        var panels = new RegistrationPanels(_files);
        var fusions = new FusionPreviews(_files);
        var scenarios = new List<ScenarioView>();
        var allFusions = new List<FusionView>();
        var peer = PeerName();
        for (var n = 0; n < run.Scenarios.Count; n++)
        {
            var s = run.Scenarios[n];
            var anchor = $"s{n + 1}";
            var steps = s.Steps.Select((st, k) => Step(s, anchor, st, k, dumps, transcripts, peer)).ToList();
            var findings = steps.SelectMany(x => x.Findings).ToList();
            var (registrations, graph) = panels.Build(s, anchor, findings);
            scenarios.Add(new ScenarioView
            {
                Anchor = anchor,
                Id = s.Id,
                Title = s.Title,
                Description = s.Description,
                Actor = s.Actor,
                Profile = s.Profile,
                Source = s.Line > 0 ? $"{s.File}:{s.Line.ToString(CultureInfo.InvariantCulture)}" : s.File,
                Verifies = s.Verifies,
                ModelledOn = s.ModelledOn ?? "",
                Tags = s.Tags,
                Verdict = s.Verdict,
                VerdictClass = Format.VerdictClass(s.Verdict),
                Reason = s.Reason,
                Started = Format.Time(s.StartedAt),
                Duration = Format.Duration(s.DurationMs),
                PatientIdSuffix = s.PatientIdSuffix ?? "",
                Steps = steps,
                ErrorCount = findings.Count(f => f.Severity == "error"),
                FindingCount = findings.Count,
                Registrations = registrations,
                FrameOfReferenceGraph = graph,
            });
            foreach (var st in steps.Zip(s.Steps))
                if (fusions.Build(s, anchor, st.Second) is { } f) allFusions.Add(f);
        }
        var allFindings = scenarios.SelectMany(x => x.Steps).SelectMany(x => x.Findings).ToList();
        return new ReportView
        {
            Run = Header(),
            Summary = Summary(scenarios, allFindings),
            Findings = allFindings.OrderBy(f => SeverityRank(f.Severity)).ToList(),
            Scenarios = scenarios,
            Registrations = scenarios.SelectMany(x => x.Registrations).ToList(),
            Tre = Tre(scenarios),
            Fusions = allFusions,
            Attestations = scenarios.SelectMany(x => x.Steps).Select(x => x.Attestation).OfType<AttestationView>().ToList(),
            Coverage = CoverageSection.Build(run),
            Environment = Environment(),
            Notes = _notes,
            GeneratedAt = Format.Time((time ?? TimeProvider.System).GetUtcNow()),
            GeneratedBy = $"ConformanceKit {typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3)}",
            Style = TemplateSet.Asset("report.css"),
            Script = TemplateSet.Asset("report.js"),
        };
    }

    private StepView Step(ScenarioResult s, string scenarioAnchor, StepResult st, int k, ObjectDumps dumps, TranscriptSection transcripts, string peer)
    {
        var anchor = $"{scenarioAnchor}-{k + 1}";
        var total = Math.Max(s.DurationMs, 1);
        var offset = st.StartedAt is { } t && s.StartedAt is { } t0 ? Math.Max(0, (t - t0).TotalMilliseconds) : 0;
        var objects = st.Objects.Select((o, n) => dumps.Describe(o, $"{anchor}-o{n + 1}")).ToList();
        var findings = st.Findings.Select(f => Finding(s, scenarioAnchor, st, anchor, f, objects)).ToList();
        return new StepView
        {
            Anchor = anchor,
            Index = st.Index,
            Id = st.Id,
            Name = st.Name,
            Kind = st.Kind,
            Verdict = st.Verdict,
            VerdictClass = Format.VerdictClass(st.Verdict),
            Reason = st.Reason,
            Offset = st.StartedAt is null ? "" : "+" + Format.Duration(offset),
            Duration = st.StartedAt is null && st.DurationMs == 0 ? "" : Format.Duration(st.DurationMs),
            BarStart = Percent(offset / total),
            BarWidth = Percent(Math.Max(st.DurationMs / total, 0.004)),
            Verifies = st.Verifies,
            HarnessError = st.HarnessError is { } e ? $"{e.Type}: {e.Message}" : "",
            Findings = findings,
            Measurements = st.Measurements.Select(Measurement).ToList(),
            Objects = objects,
            Attestation = st.Attestation is { } a ? new AttestationView
            {
                ScenarioId = s.Id, ScenarioAnchor = scenarioAnchor, StepId = st.Id, Question = a.Question, Answer = a.Answer,
                Source = a.Source, Expected = a.Expected ?? "", Verdict = st.Verdict, VerdictClass = Format.VerdictClass(st.Verdict),
            } : null,
            Transcripts = st.Transcripts.Select(p => transcripts.Build(p, peer)).ToList(),
        };
    }

    private FindingView Finding(ScenarioResult s, string scenarioAnchor, StepResult st, string stepAnchor, FindingResult f, IReadOnlyList<ObjectView> objects)
    {
        var rule = f.RuleId is { } id ? RuleCatalogue.Find(id) : null;
        var target = objects.FirstOrDefault(o => o.Dump.Length > 0 && (f.File is not null ? o.File == f.File : o.SopInstanceUid == f.SopInstanceUid && f.SopInstanceUid is not null));
        return new FindingView
        {
            Anchor = $"f{++_findingNumber}",
            ScenarioId = s.Id,
            ScenarioAnchor = scenarioAnchor,
            StepId = st.Id,
            StepAnchor = stepAnchor,
            RuleId = f.RuleId ?? "",
            RuleTitle = rule?.Title ?? "",
            Severity = f.Severity,
            SeverityClass = Format.SeverityClass(f.Severity),
            Message = f.Message,
            Path = f.Path ?? "",
            Found = f.Found ?? "",
            Expected = f.Expected ?? "",
            Citation = f.Citation ?? rule?.CitationText ?? "",
            SopInstanceUid = f.SopInstanceUid ?? "",
            File = f.File ?? "",
            ObjectAnchor = target?.Anchor ?? "",
        };
    }

    private static MeasurementView Measurement(MeasurementResult m)
    {
        var (status, cls) = m.WithinLimit switch { true => ("within limit", "pass"), false => ("exceeds limit", "fail"), _ => ("no limit", "skipped") };
        return new MeasurementView(m.Name, Format.Number(m.Value, "0.####"), m.Unit, m.Limit is { } l ? Format.Number(l, "0.####") : "", status, cls);
    }

    private RunHeaderView Header()
    {
        var sut = run.Sut;
        var profiles = sut.Profiles.Count > 0 ? sut.Profiles : run.Scenarios.Select(s => s.Profile).Distinct().Order(StringComparer.Ordinal).ToList();
        var selection = new List<string>();
        if (run.Selection.Paths.Count > 0) selection.Add("paths " + string.Join(", ", run.Selection.Paths));
        if (run.Selection.Only.Count > 0) selection.Add("only " + string.Join(", ", run.Selection.Only));
        if (run.Selection.Shard is { } shard) selection.Add($"shard {shard} of {run.Selection.SelectedBeforeSharding} selected scenarios");
        return new RunHeaderView
        {
            RunId = run.RunId,
            HarnessVersion = run.HarnessVersion,
            Profiles = string.Join(", ", profiles),
            SutMode = sut.Mode == "product" ? "product" : "built-in reference actors",
            SutName = sut.Product ?? (sut.Mode == "reference" ? "ConformanceKit reference SUTs" : ""),
            SutAddress = sut.AeTitle is null && sut.Host is null ? "" :
                $"{sut.AeTitle}@{sut.Host}:{sut.Port?.ToString(CultureInfo.InvariantCulture)}{(sut.Tls ? " (TLS)" : "")}",
            Actors = string.Join(", ", sut.Actors.Count > 0 ? sut.Actors : run.Scenarios.Select(s => s.Actor).Distinct().Order(StringComparer.Ordinal)),
            Started = Format.Time(run.StartedAt),
            Finished = run.FinishedAt is null ? "not finished" : Format.Time(run.FinishedAt),
            Duration = Format.Duration(run.DurationMs),
            Verdict = run.Summary.Verdict,
            VerdictClass = Format.VerdictClass(run.Summary.Verdict),
            ExitCode = run.Summary.ExitCode,
            Cancelled = run.Cancelled,
            Selection = selection.Count > 0 ? string.Join("; ", selection) : "whole library",
            MergedFrom = run.MergedFrom,
            LoadErrors = run.LoadErrors,
        };
    }

    private static SummaryView Summary(IReadOnlyList<ScenarioView> scenarios, IReadOnlyList<FindingView> findings) => new()
    {
        Total = scenarios.Count,
        Counts = VerdictOrder.Select(v => new VerdictCount(v, Format.VerdictClass(v), scenarios.Count(s => s.Verdict == v))).ToList(),
        ByActor = scenarios.GroupBy(s => s.Actor).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ActorRow(g.Key,
            g.Count(s => s.Verdict == "PASS"), g.Count(s => s.Verdict == "FAIL"), g.Count(s => s.Verdict == "INCONCLUSIVE"), g.Count(s => s.Verdict == "SKIPPED"), g.Count())).ToList(),
        ByScenario = scenarios.OrderBy(s => Array.IndexOf(VerdictOrder, s.Verdict) is var i and >= 0 ? i : VerdictOrder.Length).ToList(),
        Gating = findings.Where(f => f.Severity == "error").ToList(),
        WarningCount = findings.Count(f => f.Severity == "warning"),
        InfoCount = findings.Count(f => f.Severity == "info"),
    };

    /// <summary>Target registration errors: measurements of check-tre steps, and any measurement named TRE.</summary>
    private static TreView Tre(IReadOnlyList<ScenarioView> scenarios)
    {
        var rows = new List<TreRow>();
        var bars = new List<MeasurementPlot.Bar>();
        foreach (var s in scenarios)
            foreach (var st in s.Steps)
                foreach (var m in st.Measurements)
                    if (st.Kind == "check-tre" || m.Name.Contains("TRE", StringComparison.Ordinal) || m.Name.Contains("registration error", StringComparison.OrdinalIgnoreCase))
                    {
                        rows.Add(new TreRow(s.Id, s.Anchor, st.Id, m.Name, m.Value, m.Unit, m.Limit, m.Status, m.StatusClass));
                        bars.Add(new MeasurementPlot.Bar($"{s.Id} {m.Name}", double.Parse(m.Value, CultureInfo.InvariantCulture),
                            m.Limit.Length > 0 ? double.Parse(m.Limit, CultureInfo.InvariantCulture) : null, m.Unit));
                    }
        var sameUnit = bars.Where(b => b.Unit == (bars.FirstOrDefault()?.Unit ?? "")).ToList();
        return new TreView { Rows = rows, Plot = MeasurementPlot.Draw(sameUnit, $"Target registration errors of {Format.Count(sameUnit.Count, "measurement")} against their limits") };
    }

    private IReadOnlyList<NameValue> Environment()
    {
        var list = new List<NameValue> { new("harness version", run.HarnessVersion) };
        if (run.Environment is { } e)
        {
            list.Add(new("operating system", e.Os));
            list.Add(new(".NET runtime", e.Runtime));
            list.Add(new("architecture", e.Architecture));
            list.Add(new("processors", e.ProcessorCount.ToString(CultureInfo.InvariantCulture)));
            list.AddRange(e.Components.Select(c => new NameValue(c.Key, c.Value)));
        }
        else _notes.Add("results.json does not record the run's environment (written by an older harness).");
        list.Add(new("results schema", run.Schema));
        // The run records the parts it loaded; the renderer may be newer (ck report re-renders old runs).
        list.Add(new("report rendered by", $"ConformanceKit.Reports {typeof(ReportBuilder).Assembly.GetName().Version?.ToString(3) ?? "?"}"));
        return list;
    }

    private string PeerName() => run.Sut.Mode == "product"
        ? $"{run.Sut.Product ?? "SUT"} ({run.Sut.AeTitle})"
        : "reference SUT";

    private static int SeverityRank(string severity) => severity switch { "error" => 0, "warning" => 1, "info" => 2, _ => 3 };

    private static string Percent(double fraction) => (Math.Clamp(fraction, 0, 1) * 100).ToString("0.##", CultureInfo.InvariantCulture);
}

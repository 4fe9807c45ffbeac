using ConformanceKit.Dicom;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Validation;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;
using RuleFinding = ConformanceKit.Rules.Finding;
using RuleSeverity = ConformanceKit.Rules.Severity;
using Finding = ConformanceKit.Scenarios.Verdicts.Finding;
using Severity = ConformanceKit.Scenarios.Verdicts.Severity;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>validate</c>: runs the REG rule packs (Rules layer) over object sets as one set, so set-level rules
/// see references, Frames of Reference and patient/study agreement. The first set holds the objects under
/// test; the others are their context (the images they reference), whose own findings are kept as info.
/// <c>expect-rules</c> turns the step into a negative test: those rules must fire.
/// </summary>
public sealed class ValidateKind : StepKind
{
    public override string Name => "validate";
    public override string Summary => "Validate object sets with the REG rule packs (reg-profile.md section 7) under the scenario's profile mode.";

    public override ObjectShape Arguments { get; } = new(
        new Property("objects", new ListShape(CommonShapes.SetName("A set to validate."), minItems: 1) { Description = "The sets validated together; the first holds the objects under test, the others their context (referenced images)." }, Required: true),
        new Property("profile", CommonShapes.Profile("Profile mode for this validation (default: the scenario's).")),
        new Property("expect-rules", new ListShape(CommonShapes.Requirement("A rule that must fire.")) { Description = "Negative test: these rules must report an error." }),
        new Property("waive-rules", new ListShape(CommonShapes.Requirement("A rule whose findings do not gate this step.")) { Description = "Rules reported as warnings here (with the reason in the scenario description)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        foreach (var s in args.List("objects")) cx.UsesSet((string)s.Value!, s.Location);
        foreach (var r in args.List("expect-rules").Concat(args.List("waive-rules")))
            if (RuleCatalogue.Find((string)r.Value!) is null) cx.Error(r.Location, $"'{r.Value}' is not a rule of the rule catalogue");
        var profile = args.Text("profile") is { } p ? ScenarioNames.ParseProfile(p) : cx.Profile;
        return new Step(args.Texts("objects"), ToRules(profile), args.Texts("expect-rules").ToHashSet(), args.Texts("waive-rules").ToHashSet());
    }

    private static Rules.ProfileMode ToRules(Model.ProfileMode p) => p switch
    {
        Model.ProfileMode.MmroII => Rules.ProfileMode.MmroII,
        Model.ProfileMode.MmroIII => Rules.ProfileMode.MmroIII,
        _ => Rules.ProfileMode.Gen,
    };

    private sealed class Step(IReadOnlyList<string> sets, Rules.ProfileMode mode, HashSet<string> expectRules, HashSet<string> waiveRules) : IStep
    {
        public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var underTest = context.Sets[sets[0]];
            var all = sets.SelectMany(s => context.Sets[s]).DistinctBy(o => o.SopInstanceUid).ToList();
            var tested = underTest.Select(o => o.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
            var byUid = all.ToDictionary(o => o.SopInstanceUid, StringComparer.Ordinal);
            // What the harness itself sent (data sets) is the input of REG-IMG-009 and REG-RT-006.
            var inputs = context.Sets.Names.SelectMany(n => context.Sets[n]).Where(o => o.Origin == "data").DistinctBy(o => o.SopInstanceUid)
                .Select(o => ObjectSummarizer.Summarize(o.Dataset, ObjectValidator.RefOf(o.Dataset, o.StoredFile))).ToList();
            // The header flags travel with the file: without them every object read from a Part 10 file looked
            // like a raw dataset and drew DCM-FILE-004 (PS3.10 7.1) in every library run.
            var files = all.Select(o => new DicomFile(o.File.FileMetaInformation, o.Dataset, o.File.TransferSyntax)
            {
                Path = o.StoredFile ?? $"{sets[0]}:{o.SopInstanceUid}", Preamble = o.File.Preamble, HasPart10Header = o.File.HasPart10Header,
            });
            var report = new FileSetValidator(new ValidationOptions { Mode = mode, Inputs = inputs }).Validate(files, cancel);

            var findings = new List<Finding>();
            var fired = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in report.Findings)
            {
                var aboutTested = f.Object.SopInstanceUid is null || tested.Contains(f.Object.SopInstanceUid);
                if (aboutTested && f.Gates) fired.Add(f.RuleId);
                var severity = !aboutTested ? Severity.Info
                    : expectRules.Contains(f.RuleId) ? Severity.Info
                    : waiveRules.Contains(f.RuleId) && f.Severity == RuleSeverity.Error ? Severity.Warning
                    : f.Gates ? Severity.Error
                    : f.Severity == RuleSeverity.Info ? Severity.Info : Severity.Warning;
                findings.Add(Map(f, severity, byUid));
            }
            foreach (var missing in expectRules.Where(r => !fired.Contains(r)).Order(StringComparer.Ordinal))
                findings.Add(new Finding(missing, Severity.Error, $"expected rule {missing} to report an error, it did not")
                {
                    Citation = RuleCatalogue.Find(missing)?.Citations.FirstOrDefault()?.ToString(),
                });
            var pass = expectRules.Count > 0
                ? $"{underTest.Count} object(s): the expected rule(s) {string.Join(", ", expectRules.Order(StringComparer.Ordinal))} fired"
                : $"{underTest.Count} object(s) valid under {mode.Name()} ({report.Count(RuleSeverity.Warning)} warning(s))";
            return Task.FromResult(StepOutcome.FromFindings(findings, pass));
        }

        private static Finding Map(RuleFinding f, Severity severity, Dictionary<string, ScenarioObject> byUid) =>
            new(f.RuleId, severity, f.Message)
            {
                Path = f.Path.Length > 0 ? f.Path : null,
                Found = f.Found,
                Expected = f.Expected,
                Citation = f.Rule.Citations.FirstOrDefault()?.ToString(),
                SopInstanceUid = f.Object.SopInstanceUid,
                File = f.Object.SopInstanceUid is { } uid && byUid.TryGetValue(uid, out var o) ? o.StoredFile : null,
            };
    }
}

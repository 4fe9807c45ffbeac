using System.Globalization;
using ConformanceKit.Geometry;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>attest</c>: a human step (Inferno's attestation). The operator answers a question about what the
/// SUT shows, at the terminal or from an answers file in CI; an expected answer or point makes it a
/// check. No answer gives INCONCLUSIVE, never PASS.
/// </summary>
public sealed class AttestKind : StepKind
{
    /// <summary>
    /// Default tolerance for a point read off a display: reg-profile.md section 8.6 proposes 1 mm plus
    /// half a voxel; the small phantom presets have voxels of at most 2 mm, so 2 mm.
    /// </summary>
    public const double DefaultPointToleranceMm = 2.0;

    public override string Name => "attest";
    public override string Summary => "Ask the operator a question about the SUT (yes/no, text, or a point in mm read off its screen); answered at the terminal or from an answers file.";

    public override ObjectShape Arguments { get; } = new(
        new Property("question", new TextShape { MaxLength = 2000, Description = "The question; may quote ${SET.Keyword} (e.g. the run's Patient ID)." }, Required: true),
        new Property("answer", new TextShape { OneOf = ["yes-no", "text", "point"], Description = "Form of the answer (default yes-no)." }),
        new Property("expect", new TextShape { OneOf = ["yes", "no"], Description = "For yes-no: the answer that passes." }),
        new Property("expect-point", new ListShape(new NumberShape(), minItems: 3, maxItems: 3) { Description = "For point: the expected x, y, z in mm (patient LPS)." }),
        new Property("expect-marker", new TextShape { Pattern = "^[a-z0-9-]+$", PatternMeaning = "a marker name of the phantom preset", Description = "For point: the phantom marker whose true position (base Frame of Reference) is expected." }),
        new Property("tolerance-mm", new NumberShape(0, 100) { Description = "For point: largest distance accepted, mm (default 2)." }),
        new Property("reference-sut", ReferenceSutTask.Shape));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var form = args.Text("answer", "yes-no") switch { "text" => AnswerForm.Text, "point" => AnswerForm.Point, _ => AnswerForm.YesNo };
        if (args.Has("expect") && form != AnswerForm.YesNo) cx.Error(args.LocationOf("expect"), "expect is for yes-no answers");
        if (args.Has("expect-point") && form != AnswerForm.Point) cx.Error(args.LocationOf("expect-point"), "expect-point is for point answers");
        if (args.Has("expect-marker") && form != AnswerForm.Point) cx.Error(args.LocationOf("expect-marker"), "expect-marker is for point answers");
        if (args.Has("expect-marker") && args.Has("expect-point")) cx.Error(args.LocationOf("expect-marker"), "give expect-point or expect-marker, not both");
        if (args.Text("expect-marker") is { } marker) cx.UsesMarker(marker, args.LocationOf("expect-marker"));
        if (args.Has("tolerance-mm") && !args.Has("expect-point") && !args.Has("expect-marker")) cx.Error(args.LocationOf("tolerance-mm"), "tolerance-mm needs expect-point or expect-marker");
        var question = AttributeTemplate.Parse(args.Text("question")!, args.LocationOf("question"), cx);
        var p = args.List("expect-point").Select(b => (double)b.Value!).ToArray();
        var task = args.Object("reference-sut") is { } t ? ReferenceSutTask.Bind(t, cx, form) : null;
        return new Step(question!, form, args.Text("expect"), p.Length == 3 ? new Vector3(p[0], p[1], p[2]) : null,
            args.Text("expect-marker"), args.Number("tolerance-mm") ?? DefaultPointToleranceMm) { SutTask = task };
    }

    private sealed class Step(AttributeTemplate question, AnswerForm form, string? expect, Vector3? literalPoint, string? marker, double toleranceMm) : IStep
    {
        public ReferenceSutTask? SutTask { get; init; }

        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var expectPoint = literalPoint;
            if (marker is not null)
            {
                if (!context.Truth.Markers.TryGetValue(marker, out var truePoint))
                    throw new InvalidOperationException($"the phantom has no marker '{marker}'");
                expectPoint = truePoint;
            }
            var text = question.Resolve(context.Sets);
            var q = new AttestationQuestion(context.Scenario.Id, context.Step!.Id, text, form);
            // A reference SUT does its operator's part itself; a product's operator (or an answers file) answers otherwise.
            var answer = SutTask is not null && context.ReferenceSut is ConformanceKit.Actors.ReferenceSuts.IOperatedSut sut
                && await sut.PerformAsync(SutTask.Resolve(context, text), cancel) is { } own
                ? new AttestationAnswer(own.Text, $"reference SUT: {own.Basis}")
                : await context.Services.Attestation.AskAsync(q, cancel);
            var expected = expect ?? (expectPoint is { } ep ? Format(ep) : null);
            if (answer is null)
                return StepOutcome.Inconclusive($"no answer to '{text}' (no terminal, and no answer for {q.ScenarioId}/{q.StepId} in an answers file)");
            var record = new AttestationRecord(text, answer.Text, answer.Source, expected);
            var judged = Judge(answer.Text, expectPoint);
            // A contradicted observation is a finding against the rule the step verifies (its first rule ID), if it names one.
            var rule = context.Step?.Verifies.FirstOrDefault(v => v.StartsWith("REG-", StringComparison.Ordinal) || v.StartsWith("DCM-", StringComparison.Ordinal));
            return judged with { Attestation = record, Findings = judged.Findings.Select(f => f with { RuleId = f.RuleId ?? rule }).ToList() };
        }

        private StepOutcome Judge(string answer, Vector3? expectPoint)
        {
            switch (form)
            {
                case AnswerForm.YesNo:
                    var yes = answer.ToLowerInvariant() switch { "yes" or "y" => true, "no" or "n" => false, _ => (bool?)null };
                    if (yes is null) return StepOutcome.Inconclusive($"answer '{answer}' is neither yes nor no");
                    if (expect is null) return StepOutcome.Pass($"answered {(yes.Value ? "yes" : "no")} (recorded)");
                    return (expect == "yes") == yes.Value
                        ? StepOutcome.Pass($"answered {expect} as expected")
                        : new StepOutcome(Verdict.Fail, $"answered {(yes.Value ? "yes" : "no")}, expected {expect}")
                        {
                            Findings = [new Finding(null, Severity.Error, "the operator's observation contradicts the expected behaviour") { Expected = expect, Found = answer }],
                        };
                case AnswerForm.Point:
                    if (ParsePoint(answer) is not { } point) return StepOutcome.Inconclusive($"answer '{answer}' is not a point 'x, y, z' in mm");
                    if (expectPoint is not { } want) return StepOutcome.Pass($"point {Format(point)} recorded");
                    var distance = point.DistanceTo(want);
                    var m = new Measurement("distance to expected point", distance, "mm", toleranceMm);
                    return distance <= toleranceMm
                        ? StepOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"point within {distance:0.##} mm of the expected {Format(want)}")) with { Measurements = [m] }
                        : new StepOutcome(Verdict.Fail, string.Create(CultureInfo.InvariantCulture, $"point is {distance:0.##} mm from the expected {Format(want)} (limit {toleranceMm} mm)"))
                        {
                            Measurements = [m],
                            Findings = [new Finding(null, Severity.Error, "point read off the SUT's display is misplaced") { Expected = Format(want), Found = Format(point) }],
                        };
                default:
                    return answer.Length == 0 ? StepOutcome.Inconclusive("empty answer") : StepOutcome.Pass("answer recorded");
            }
        }

        internal static Vector3? ParsePoint(string text)
        {
            var parts = text.Split([',', ' ', '\\', ';', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3) return null;
            var v = new double[3];
            for (var i = 0; i < 3; i++)
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i])) return null;
            return new Vector3(v[0], v[1], v[2]);
        }

        private static string Format(Vector3 p) => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.###}, {p.Y:0.###}, {p.Z:0.###}");
    }
}

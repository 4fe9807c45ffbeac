using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>check-contours</c>: compares the contours of a received RT Structure Set with the phantom's known
/// spheres, in the Frame of Reference of the image set they were drawn on (reg-profile.md section 8.5). The
/// structure set must state that Frame of Reference (REG-RT-001); each sphere must be matched by a region whose
/// contour points lie on its surface within the mean surface distance limit.
/// </summary>
public sealed class CheckContoursKind : StepKind
{
    /// <summary>Mean surface distance limit proposed in reg-profile.md section 8.5.</summary>
    public const double DefaultToleranceMm = 1.0;

    public override string Name => "check-contours";
    public override string Summary => "Compare received contours with the phantom's spheres (mean surface distance) in the drawn-on set's Frame of Reference.";

    public override ObjectShape Arguments { get; } = new(
        new Property("structure-set", CommonShapes.SetName("The set holding the RT Structure Set."), Required: true),
        new Property("on", CommonShapes.SetName("The image set the structures must lie on."), Required: true),
        new Property("tolerance-mm", new NumberShape(0, 100) { Description = "Largest mean surface distance accepted, mm (default 1)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        cx.UsesSet(args.Text("structure-set")!, args.LocationOf("structure-set"));
        cx.UsesSet(args.Text("on")!, args.LocationOf("on"));
        return new Step(args.Text("structure-set")!, args.Text("on")!, args.Number("tolerance-mm") ?? DefaultToleranceMm);
    }

    private sealed class Step(string rtssSet, string onSet, double toleranceMm) : IStep
    {
        public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            if (context.Truth.Fiducials.Count == 0)
                return Task.FromResult(StepOutcome.Inconclusive("the scenario's data has no phantom spheres to compare contours with"));
            var structureSets = context.Sets[rtssSet].Where(o => o.SopClassUid == DicomUids.RTStructureSetStorage).ToList();
            if (structureSets.Count != 1)
                return Task.FromResult(StepOutcome.Fail($"expected one RT Structure Set in '{rtssSet}', found {structureSets.Count}"));
            var rtss = structureSets[0];
            var onFor = CheckTreKind.FrameOfReferenceOf(context, onSet);
            var statedFor = RtStructureSetReader.FrameOfReferenceUid(rtss.Dataset);
            if (statedFor != onFor)
                return Task.FromResult(new StepOutcome(Verdict.Fail, $"the structure set is not in the Frame of Reference of '{onSet}'")
                {
                    Findings = [new Finding("REG-RT-001", Severity.Error, $"Referenced Frame of Reference is not the one of the {onSet} images the structures were drawn on")
                    { SopInstanceUid = rtss.SopInstanceUid, File = rtss.StoredFile, Path = "ReferencedFrameOfReferenceSequence[1]/FrameOfReferenceUID", Expected = onFor, Found = statedFor ?? "(none)" }],
                });

            // The spheres in the drawn-on set's frame: the truth ON-to-BASE maps them from the base frame, which is the phantom's.
            var toOn = context.Truth.Truths.FirstOrDefault(t => t.Key.StartsWith(onSet + "-to-", StringComparison.Ordinal)) is { Value: { } m }
                ? new Matrix4(m).Inverse() : Matrix4.Identity;
            var spheres = context.Truth.Fiducials.Select(toOn.TransformPoint).ToList();
            var radius = context.Truth.FiducialRadiusMm;
            var rois = RtStructureSetReader.Read(rtss.Dataset).Where(r => r.Contours.Count > 0).ToList();
            var worst = 0.0;
            var findings = new List<Finding>();
            for (var s = 0; s < spheres.Count; s++)
            {
                var c = spheres[s];
                var best = rois.Select(r => (Roi: r, Mean: r.Points.Average(p => Math.Abs(p.DistanceTo(c) - radius))))
                    .OrderBy(x => x.Mean).FirstOrDefault();
                if (best.Roi is null || best.Mean > toleranceMm)
                {
                    findings.Add(new Finding(null, Severity.Error, best.Roi is null
                        ? F($"sphere {s + 1} at ({c.X:0.#}, {c.Y:0.#}, {c.Z:0.#}) mm has no contour")
                        : F($"sphere {s + 1} at ({c.X:0.#}, {c.Y:0.#}, {c.Z:0.#}) mm: the nearest region '{best.Roi.Name}' lies {best.Mean:0.##} mm from its surface on average"))
                    {
                        SopInstanceUid = rtss.SopInstanceUid, File = rtss.StoredFile, Citation = "reg-profile.md 8.5",
                        Expected = F($"mean surface distance <= {toleranceMm} mm"), Found = best.Roi is null ? "no region" : F($"{best.Mean:0.###} mm"),
                    });
                }
                worst = Math.Max(worst, best.Roi is null ? double.PositiveInfinity : best.Mean);
            }
            var measurements = new List<Measurement>
            {
                new("largest mean surface distance", double.IsFinite(worst) ? worst : 1e9, "mm", toleranceMm),
                new("regions", rois.Count, ""),
            };
            var reason = findings.Count == 0
                ? F($"all {spheres.Count} spheres contoured within {worst:0.###} mm mean surface distance")
                : $"{findings.Count} of {spheres.Count} spheres not contoured where they are: {findings[0].Message}";
            return Task.FromResult(StepOutcome.FromFindings(findings, reason) with { Measurements = measurements, Reason = reason });
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

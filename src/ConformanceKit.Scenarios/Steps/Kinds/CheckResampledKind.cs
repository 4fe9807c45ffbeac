using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Resampling;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>check-resampled</c>: compares a resampled series the SUT exported (RAD-18 Creator Images Stored)
/// with the reference resampler's output of the same moving set onto the same grid through the true transform
/// (reg-profile.md section 8 item 4): normalised cross-correlation at least <c>min-correlation</c>, and at least
/// 99 % of voxels within max(2 % of the reference's range, one rescale step), a one-voxel border masked.
/// </summary>
public sealed class CheckResampledKind : StepKind
{
    /// <summary>Normalised cross-correlation floor proposed in reg-profile.md section 8.4.</summary>
    public const double DefaultMinimumCorrelation = 0.99;

    /// <summary>Share of voxels that must agree within the voxel tolerance (reg-profile.md 8.4: "at least 99 %").</summary>
    public const double MinimumAgreeingFraction = 0.99;

    /// <summary>Voxel tolerance as a share of the reference's value range (reg-profile.md 8.4: 2 % of range); interpolation differences stay under it.</summary>
    public const double VoxelToleranceOfRange = 0.02;

    /// <summary>Origin of the objects the step keeps from the reference resampler (docs/reports.md, fusion previews).</summary>
    public const string ReferenceOrigin = "reference";

    /// <summary>Series Number of the kept reference series (outside the phantom's and the SUT's usual numbers).</summary>
    private const int ReferenceSeriesNumber = 9900;

    /// <summary>The requirement a wrongly applied registration breaks (reg-profile.md 7.5).</summary>
    public const string RuleId = "REG-DSP-001";

    public override string Name => "check-resampled";
    public override string Summary => "Compare a resampled series from the SUT with the reference resampler (correlation, voxel agreement).";

    public override ObjectShape Arguments { get; } = new(
        new Property("series", CommonShapes.SetName("The resampled series the SUT sent."), Required: true),
        new Property("moving", CommonShapes.SetName("The moving set it was made from."), Required: true),
        new Property("truth", new TextShape { Pattern = "^[a-z0-9]+-to-[a-z0-9]+$", PatternMeaning = "a true transform name (MOVING-to-BASE)", Description = "The true transform the reference resampling uses." }, Required: true),
        new Property("min-correlation", new NumberShape(0, 1) { Description = "Least normalised cross-correlation (default 0.99)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        cx.UsesSet(args.Text("series")!, args.LocationOf("series"));
        cx.UsesSet(args.Text("moving")!, args.LocationOf("moving"));
        cx.UsesTruth(args.Text("truth")!, args.LocationOf("truth"));
        return new Step(args.Text("series")!, args.Text("moving")!, args.Text("truth")!, args.Number("min-correlation") ?? DefaultMinimumCorrelation);
    }

    private sealed class Step(string seriesSet, string movingSet, string truthName, double minCorrelation) : IStep
    {
        public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            LoadedSeries received;
            try { received = DicomVolumeReader.Read(context.Sets[seriesSet].Select(o => o.Dataset).ToList(), seriesSet); }
            catch (GeometryException e)
            {
                return Task.FromResult(new StepOutcome(Verdict.Fail, $"the resampled series is not a volume: {e.Message}")
                {
                    Findings = [new Finding("REG-IMG-002", Severity.Error, e.Message) { Path = e.Attribute.ToString() }],
                });
            }
            var moving = DicomVolumeReader.Read(context.Sets[movingSet].Select(o => o.Dataset).ToList(), movingSet);
            var truth = new Matrix4(context.Truth.Truths[truthName]);
            var reference = ReferenceResampler.Resample(moving.Volume, received.Volume.Geometry, truth);
            var c = Compare(received.Volume, reference);
            var objects = Evidence(context, seriesSet, truthName, received, reference);
            var measurements = new List<Measurement>
            {
                new("normalised cross-correlation", c.Correlation, ""),
                new("1 - normalised cross-correlation", 1 - c.Correlation, "", 1 - minCorrelation),
                new("voxels outside tolerance", 1 - c.AgreeingFraction, "fraction", 1 - MinimumAgreeingFraction),
                new("voxel tolerance", c.ToleranceValue, "modality units"),
            };
            var ok = c.Correlation >= minCorrelation && c.AgreeingFraction >= MinimumAgreeingFraction;
            var summary = F($"NCC {c.Correlation:0.####} (floor {minCorrelation}), {c.AgreeingFraction * 100:0.##} % of {c.Compared} voxels within {c.ToleranceValue:0.##} (floor {MinimumAgreeingFraction * 100} %)");
            if (ok) return Task.FromResult(StepOutcome.Pass($"matches the reference resampler through {truthName}: {summary}") with { Measurements = measurements, Objects = objects });
            return Task.FromResult(new StepOutcome(Verdict.Fail, $"differs from the reference resampler through {truthName}: {summary}")
            {
                Measurements = measurements,
                Objects = objects,
                Findings = [new Finding(RuleId, Severity.Error, $"the exported {seriesSet} series is not the {movingSet} set resampled through the true transform: {summary}")
                {
                    Expected = F($"NCC >= {minCorrelation} and >= {MinimumAgreeingFraction * 100} % of voxels within tolerance"),
                    Found = summary,
                    Citation = "reg-profile.md 8.4",
                }],
            });
        }
    }

    /// <summary>
    /// The evidence of the comparison, listed on the step: the SUT's series as it was kept, and the reference
    /// resampler's output on the same grid, kept as a series with origin "reference" (the report's fusion
    /// previews put the two side by side; a vendor can load both in a viewer).
    /// </summary>
    private static List<ObjectReference> Evidence(StepContext context, string seriesSet, string truthName, LoadedSeries received, ImageVolume reference)
    {
        var first = received.First;
        var modality = first.GetString(DicomTags.Modality) is { } m && ImageSeriesWriter.SopClassOf.ContainsKey(m) ? m : "CT";
        var datasets = ImageSeriesWriter.Write(reference, first, new ImageSeriesOptions(modality, DicomUidGenerator.New(),
            received.FrameOfReferenceUid ?? DicomUidGenerator.New(), ReferenceSeriesNumber, $"{seriesSet} as the reference resampler makes it",
            _ => DicomUidGenerator.New(), first.GetString(DicomTags.PatientPosition) ?? "HFS",
            DerivationDescription: $"Resampled ({Interpolation.Linear}) through {truthName} by the ConformanceKit reference resampler"));
        var set = seriesSet + "-reference";
        return context.Sets[seriesSet].Select(o => ObjectReference.Of(seriesSet, o))
            .Concat(datasets.Select(ds => ObjectReference.Of(set, context.Keep(set, new ScenarioObject(DicomFile.Create(ds), ReferenceOrigin)))))
            .ToList();
    }

    internal sealed record Comparison(double Correlation, double AgreeingFraction, double ToleranceValue, long Compared);

    /// <summary>NCC and voxel agreement over the grid's interior (a one-voxel border masked: nearest vs linear at the edge).</summary>
    internal static Comparison Compare(ImageVolume a, ImageVolume b)
    {
        var g = a.Geometry;
        double min = double.MaxValue, max = double.MinValue;
        for (var n = 0; n < b.Voxels.Length; n++)
        {
            var v = b.Voxels[n] * b.RescaleSlope + b.RescaleIntercept;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var tolerance = Math.Max(VoxelToleranceOfRange * (max - min), Math.Max(Math.Abs(a.RescaleSlope), Math.Abs(b.RescaleSlope)));
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long count = 0, agree = 0;
        for (var k = 1; k < g.Slices - 1; k++)
            for (var j = 1; j < g.Rows - 1; j++)
                for (var i = 1; i < g.Columns - 1; i++)
                {
                    var n = a.IndexOf(i, j, k);
                    var x = a.Voxels[n] * a.RescaleSlope + a.RescaleIntercept;
                    var y = b.Voxels[n] * b.RescaleSlope + b.RescaleIntercept;
                    sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y; count++;
                    if (Math.Abs(x - y) <= tolerance) agree++;
                }
        if (count == 0) return new Comparison(0, 0, tolerance, 0);
        var cov = sab / count - sa / count * (sb / count);
        var va = saa / count - sa / count * (sa / count);
        var vb = sbb / count - sb / count * (sb / count);
        var ncc = va <= 0 || vb <= 0 ? (va <= 0 && vb <= 0 ? 1 : 0) : cov / Math.Sqrt(va * vb);
        return new Comparison(ncc, (double)agree / count, tolerance, count);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

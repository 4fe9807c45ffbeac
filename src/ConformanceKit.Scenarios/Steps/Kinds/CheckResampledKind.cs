using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>check-resampled</c>: compares a resampled series the SUT exported (RAD-18 Creator Images Stored)
/// with the reference resampler's output of the same moving set onto the same grid (reg-profile.md 8.4).
/// </summary>
public sealed class CheckResampledKind : StepKind
{
    /// <summary>Normalised cross-correlation floor proposed in reg-profile.md section 8.4.</summary>
    public const double DefaultMinimumCorrelation = 0.99;

    public override string Name => "check-resampled";
    public override string Summary => "Compare a resampled series from the SUT with the reference resampler (correlation, voxel agreement, insert centroids).";
    public override string? UnavailableReason => PendingLayers.Geometry;

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
        return new UnavailableStep(PendingLayers.Geometry);
    }
}

using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>check-tre</c>: target registration error of a received SRO against the phantom's true transform,
/// at the fiducials and the moving volume's bounding-box corners and centre (reg-profile.md section 8.1-8.3).
/// </summary>
public sealed class CheckTreKind : StepKind
{
    /// <summary>
    /// Default TRE limit: reg-profile.md section 8.2 proposes max(1 mm, half the moving set's largest
    /// voxel dimension) for synthetic data with an exact transform; 2 mm covers the small presets' 4 mm PET voxels.
    /// </summary>
    public const double DefaultToleranceMm = 2.0;

    /// <summary>Rotation error limit proposed in reg-profile.md section 8.2.</summary>
    public const double DefaultRotationToleranceDegrees = 0.5;

    public override string Name => "check-tre";
    public override string Summary => "Target registration error of a received SRO against the phantom's true transform, with a diagnosis of the usual matrix mistakes.";
    public override string? UnavailableReason => PendingLayers.Geometry;

    public override ObjectShape Arguments { get; } = new(
        new Property("sro", CommonShapes.SetName("The set holding the SRO(s) to check."), Required: true),
        new Property("truth", new TextShape { Pattern = "^[a-z0-9]+-to-[a-z0-9]+$", PatternMeaning = "a true transform name (MOVING-to-BASE)", Description = "The phantom's true transform the SRO must reproduce." }, Required: true),
        new Property("tolerance-mm", new NumberShape(0, 100) { Description = "Largest TRE accepted, mm (default 2)." }),
        new Property("rotation-tolerance-deg", new NumberShape(0, 180) { Description = "Largest rotation error accepted, degrees (default 0.5)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        cx.UsesSet(args.Text("sro")!, args.LocationOf("sro"));
        cx.UsesTruth(args.Text("truth")!, args.LocationOf("truth"));
        return new UnavailableStep(PendingLayers.Geometry);
    }
}

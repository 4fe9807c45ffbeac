using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>check-contours</c>: compares the contours of a received RT Structure Set with the phantom's known
/// spheres, in the Frame of Reference of the image set they were drawn on (reg-profile.md section 8.5).
/// </summary>
public sealed class CheckContoursKind : StepKind
{
    /// <summary>Mean surface distance limit proposed in reg-profile.md section 8.5.</summary>
    public const double DefaultToleranceMm = 1.0;

    public override string Name => "check-contours";
    public override string Summary => "Compare received contours with the phantom's spheres (surface distance, Dice) in the drawn-on set's Frame of Reference.";
    public override string? UnavailableReason => PendingLayers.Geometry;

    public override ObjectShape Arguments { get; } = new(
        new Property("structure-set", CommonShapes.SetName("The set holding the RT Structure Set."), Required: true),
        new Property("on", CommonShapes.SetName("The image set the structures must lie on."), Required: true),
        new Property("tolerance-mm", new NumberShape(0, 100) { Description = "Largest mean surface distance accepted, mm (default 1)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        cx.UsesSet(args.Text("structure-set")!, args.LocationOf("structure-set"));
        cx.UsesSet(args.Text("on")!, args.LocationOf("on"));
        return new UnavailableStep(PendingLayers.Geometry);
    }
}

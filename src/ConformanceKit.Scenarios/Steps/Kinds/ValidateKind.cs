using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>validate</c>: runs the REG rule packs over object sets (one set-level validation: references,
/// Frames of Reference, patient/study agreement). <c>expect-rules</c> turns it into a negative test:
/// those rules must fire.
/// </summary>
public sealed class ValidateKind : StepKind
{
    public override string Name => "validate";
    public override string Summary => "Validate object sets with the REG rule packs (reg-profile.md section 7) under the scenario's profile mode.";
    public override string? UnavailableReason => PendingLayers.Rules;

    public override ObjectShape Arguments { get; } = new(
        new Property("objects", new ListShape(CommonShapes.SetName("A set to validate."), minItems: 1) { Description = "The sets validated together; the first holds the objects under test, the others their context (referenced images)." }, Required: true),
        new Property("profile", CommonShapes.Profile("Profile mode for this validation (default: the scenario's).")),
        new Property("expect-rules", new ListShape(CommonShapes.Requirement("A rule that must fire.")) { Description = "Negative test: these rules must report an error." }),
        new Property("waive-rules", new ListShape(CommonShapes.Requirement("A rule whose findings do not gate this step.")) { Description = "Rules reported as warnings here (with the reason in the scenario description)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        foreach (var s in args.List("objects")) cx.UsesSet((string)s.Value!, s.Location);
        foreach (var r in args.List("expect-rules").Concat(args.List("waive-rules")))
            if (!Model.Requirements.IsRule((string)r.Value!)) cx.Error(r.Location, $"'{r.Value}' is not a rule ID of reg-profile.md section 7");
        return new UnavailableStep(PendingLayers.Rules);
    }
}

using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>start</c>: starts a simulated actor of the harness (a Storage SCP that receives what the SUT
/// sends, or an Archive with Study Root Query/Retrieve that a consumer SUT queries).
/// </summary>
public sealed class StartActorKind : StepKind
{
    public static readonly IReadOnlyList<string> Roles = ["storage", "archive"];

    public override string Name => "start";
    public override string Summary => "Start a simulated actor of the harness (storage: Storage SCP; archive: Storage + Study Root Q/R SCP).";
    public override string? UnavailableReason => PendingLayers.Network;

    public override ObjectShape Arguments { get; } = new(
        new Property("actor", new TextShape { OneOf = Roles, Description = "What the harness plays." }, Required: true),
        new Property("name", CommonShapes.ActorName("Name later steps use (default: the role); its AE title and port come from inputs.harness.NAME.")),
        new Property("serve", new ListShape(CommonShapes.SetName("An object set the actor holds from the start.")) { Description = "Object sets an archive actor holds before the SUT connects." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var role = args.Text("actor")!;
        foreach (var s in args.List("serve")) cx.UsesSet((string)s.Value!, s.Location);
        if (args.Has("serve") && role != "archive") cx.Error(args.LocationOf("serve"), "only an archive actor serves objects");
        cx.DefinesActor(args.Text("name", role), role, args.Location);
        return new UnavailableStep(PendingLayers.Network);
    }
}

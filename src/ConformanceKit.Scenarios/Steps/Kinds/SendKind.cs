using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary><c>send</c>: C-STORE object sets to the SUT (or to a harness actor), optionally with a fault injected.</summary>
public sealed class SendKind : StepKind
{
    public override string Name => "send";
    public override string Summary => "Send object sets with C-STORE (PS3.4 B.2) to the SUT, optionally with a fault injected.";
    public override string? UnavailableReason => PendingLayers.Network;

    public override ObjectShape Arguments { get; } = new(
        new Property("objects", new ListShape(CommonShapes.SetName("An object set to send."), minItems: 1) { Description = "Object sets to send, in order." }, Required: true),
        new Property("to", CommonShapes.ActorName("'sut' (default) or a running harness actor.")),
        new Property("as", CommonShapes.ActorName("Harness identity (inputs.harness.NAME) used as calling AE; default 'registrator'.")),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this send performs.")),
        new Property("transfer-syntax", new TextShape { OneOf = ["explicit-little", "implicit-little"], Description = "Transfer syntax proposed for the objects (default: both, the SUT chooses; PS3.5 A.1, A.2)." }),
        new Property("fault", new TextShape { OneOf = Faults.All, Description = "Fault injected into the objects sent (negative tests)." }),
        new Property("expect", new TextShape { OneOf = ["success", "refused", "any"], Description = "Expected C-STORE outcome (default success; 'refused': the SUT must reject the objects)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        foreach (var s in args.List("objects")) cx.UsesSet((string)s.Value!, s.Location);
        if (args.Text("to") is { } to && to != "sut") cx.UsesActor(to, args.LocationOf("to"));
        return new UnavailableStep(PendingLayers.Network);
    }
}

using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary><c>retrieve</c>: Study Root C-MOVE (to a harness actor) or C-GET from the SUT (PS3.4 C.4.2, C.4.3).</summary>
public sealed class RetrieveKind : StepKind
{
    public override string Name => "retrieve";
    public override string Summary => "Retrieve from the SUT with C-MOVE to a harness actor or with C-GET (PS3.4 C.4.2/C.4.3); keeps what arrives as a set.";
    public override string? UnavailableReason => PendingLayers.Network;

    public override ObjectShape Arguments { get; } = new(
        new Property("method", new TextShape { OneOf = ["move", "get"], Description = "C-MOVE (default) or C-GET." }),
        new Property("level", new TextShape { OneOf = QueryKind.Levels, Description = "Query/Retrieve Level (0008,0052)." }, Required: true),
        new Property("keys", AttributeTemplate.KeysShape("Unique keys of what to retrieve (PS3.4 C.4.2.1.4.1); may quote ${SET.Keyword}."), Required: true),
        new Property("destination", CommonShapes.ActorName("C-MOVE: the running harness actor that receives (its AE title is the Move Destination).")),
        new Property("as", CommonShapes.ActorName("Harness identity used as calling AE (default 'display').")),
        new Property("store-as", CommonShapes.SetName("Name of the set of retrieved objects."), Required: true),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this retrieval performs.")),
        new Property("expect-count", new IntegerShape(0, 100_000) { Description = "Number of instances that must arrive (and the completed sub-operations reported)." }),
        new Property("expect-sets", new ListShape(CommonShapes.SetName("A set whose instances must arrive."), minItems: 1) { Description = "The instances that must arrive: exactly those of these sets." }),
        new Property("window", new DurationShape { Description = "Longest wait for the retrieval to complete (default 60s)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        AttributeTemplate.BindKeys(args.Map("keys"), cx);
        var method = args.Text("method", "move");
        if (method == "move")
        {
            if (args.Text("destination") is { } d) cx.UsesActor(d, args.LocationOf("destination"));
            else cx.Error(args.Location, "a C-MOVE needs 'destination' (a running harness actor)");
        }
        else if (args.Has("destination")) cx.Error(args.LocationOf("destination"), "C-GET returns objects on the same association; 'destination' is for move");
        foreach (var es in args.List("expect-sets")) cx.UsesSet((string)es.Value!, es.Location);
        if (args.Has("expect-sets") && args.Has("expect-count")) cx.Error(args.Location, "give expect-count or expect-sets, not both");
        cx.DefinesSet(args.Text("store-as")!, args.LocationOf("store-as"));
        return new UnavailableStep(PendingLayers.Network);
    }
}

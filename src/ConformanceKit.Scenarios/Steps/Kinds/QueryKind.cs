using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary><c>query</c>: a Study Root C-FIND (PS3.4 C.4.1) against the SUT with expected matches.</summary>
public sealed class QueryKind : StepKind
{
    public static readonly IReadOnlyList<string> Levels = ["STUDY", "SERIES", "IMAGE"];

    public override string Name => "query";
    public override string Summary => "Query the SUT with Study Root C-FIND (PS3.4 C.4.1) and check the matches.";
    public override string? UnavailableReason => PendingLayers.Network;

    public override ObjectShape Arguments { get; } = new(
        new Property("level", new TextShape { OneOf = Levels, Description = "Query/Retrieve Level (0008,0052)." }, Required: true),
        new Property("keys", AttributeTemplate.KeysShape("Identifier keys: keyword -> value (may quote ${SET.Keyword}); empty asks for the value."), Required: true),
        new Property("as", CommonShapes.ActorName("Harness identity used as calling AE (default 'display').")),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this query belongs to.")),
        new Property("expect", new ObjectShape(
            new Property("count", new IntegerShape(0, 100_000) { Description = "Exact number of matches." }),
            new Property("min-count", new IntegerShape(0, 100_000) { Description = "Least number of matches." }),
            new Property("matches", new ListShape(AttributeTemplate.KeysShape("Attributes one match must have.")) { Description = "Each entry must be matched by some response." }))
        { Description = "What the responses must contain." }, Required: true));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        AttributeTemplate.BindKeys(args.Map("keys"), cx);
        var expect = args.Object("expect")!;
        if (expect.Has("count") && expect.Has("min-count")) cx.Error(expect.Location, "give count or min-count, not both");
        foreach (var m in expect.List("matches"))
            AttributeTemplate.BindKeys((IReadOnlyList<KeyValuePair<string, Bound>>)m.Value!, cx);
        return new UnavailableStep(PendingLayers.Network);
    }
}

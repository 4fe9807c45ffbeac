using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>start</c>: starts a simulated actor of the harness (a Storage SCP that receives what the SUT
/// sends, or an Archive with Study Root Query/Retrieve that a consumer SUT queries), through the
/// <see cref="IActorFactory"/> the network layer provides.
/// </summary>
public sealed class StartActorKind : StepKind
{
    public static readonly IReadOnlyList<string> Roles = ["storage", "archive"];

    public override string Name => "start";
    public override string Summary => "Start a simulated actor of the harness (storage: Storage SCP; archive: Storage + Study Root Q/R SCP).";
    public override ObjectShape Arguments { get; } = new(
        new Property("actor", new TextShape { OneOf = Roles, Description = "What the harness plays." }, Required: true),
        new Property("name", CommonShapes.ActorName("Name later steps use (default: the role); its AE title and port come from inputs.harness.NAME.")),
        new Property("serve", new ListShape(CommonShapes.SetName("An object set the actor holds from the start.")) { Description = "Object sets an archive actor holds before the SUT connects." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var role = args.Text("actor")!;
        var serve = args.Texts("serve");
        foreach (var s in args.List("serve")) cx.UsesSet((string)s.Value!, s.Location);
        if (serve.Count > 0 && role != "archive") cx.Error(args.LocationOf("serve"), "only an archive actor serves objects");
        var name = args.Text("name", role);
        cx.DefinesActor(name, role, args.Location);
        return new Step(name, role, serve);
    }

    /// <summary>AE title used when inputs.harness does not name one: CK_ and the actor name (AE titles are at most 16 characters).</summary>
    public static string DefaultAeTitle(string name)
    {
        var ae = "CK_" + name.ToUpperInvariant().Replace('-', '_');
        return ae.Length <= 16 ? ae : ae[..16];
    }

    private sealed class Step(string name, string role, IReadOnlyList<string> serve) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            if (context.Services.Actors is not { } factory)
                return StepOutcome.Inconclusive($"not yet available: {PendingLayers.Network}");
            var endpoint = context.Inputs.Harness.TryGetValue(name, out var e) ? e : new HarnessEndpoint(DefaultAeTitle(name), 0);
            var objects = serve.SelectMany(s => context.Sets[s]).ToList();
            var request = new ActorStartRequest(name, role, endpoint, context.Inputs.Tls ?? TlsSettings.Off, objects) { Sut = context.Inputs.Sut };
            IActorInstance instance;
            try { instance = await factory.StartAsync(request, context.RunDirectory, cancel); }
            catch (NotSupportedException why) { return StepOutcome.Inconclusive($"not yet available: {why.Message}"); }
            context.Actors.Add(instance);
            return StepOutcome.Pass($"started {role} '{name}' as AE {instance.Endpoint.AeTitle} on port {instance.Endpoint.Port}" +
                                    (objects.Count > 0 ? $", holding {objects.Count} object(s)" : ""));
        }
    }
}

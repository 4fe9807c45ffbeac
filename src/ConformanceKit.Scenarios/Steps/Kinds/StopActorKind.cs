using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary><c>stop</c>: stops a simulated actor (actors still running when a scenario ends are stopped anyway).</summary>
public sealed class StopActorKind : StepKind
{
    public override string Name => "stop";
    public override string Summary => "Stop a simulated actor started by an earlier step.";

    public override ObjectShape Arguments { get; } = new(
        new Property("actor", CommonShapes.ActorName("The name given when it was started."), Required: true));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var name = args.Text("actor")!;
        cx.EndsActor(name, args.LocationOf("actor"));
        return new Step(name);
    }

    private sealed class Step(string name) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            if (!context.Actors.TryGet(name, out _))
                return new StepOutcome(Verdict.Skipped, $"actor '{name}' was not running");
            await context.Actors.StopAsync(name);
            return StepOutcome.Pass($"stopped actor '{name}'");
        }
    }
}

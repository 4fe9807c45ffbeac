using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary><c>delay</c>: waits a fixed time (for a SUT that indexes asynchronously before it can be queried).</summary>
public sealed class DelayKind : StepKind
{
    public override string Name => "delay";
    public override string Summary => "Wait a fixed time before the next step.";

    public override ObjectShape Arguments { get; } = new(
        new Property("duration", new DurationShape { Description = "How long to wait (scaled by the preset's window-scale)." }, Required: true));

    public override IStep Bind(BoundObject args, StepBindContext cx) => new Step(args.Duration("duration")!.Value);

    private sealed class Step(TimeSpan duration) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var d = context.Scale(duration);
            await Task.Delay(d, context.Services.Time, cancel);
            return StepOutcome.Pass($"waited {DurationShape.Format(d)}");
        }
    }
}

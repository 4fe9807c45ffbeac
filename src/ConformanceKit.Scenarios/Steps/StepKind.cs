using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// One kind of step (the YAML key that names it, e.g. <c>send</c> or <c>attest</c>). Each kind lives in
/// its own file under Steps/Kinds and is listed in <see cref="StepRegistry"/>. A kind declares the shape
/// of its arguments (checked at load and written into the JSON Schema) and binds them to an
/// <see cref="IStep"/>, checking what the shape cannot (set and actor names, value combinations).
/// </summary>
public abstract class StepKind
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public abstract ObjectShape Arguments { get; }

    /// <summary>
    /// Non-null while the layer this kind needs has not landed: scenarios using the kind still load and
    /// are checked, and running the step gives INCONCLUSIVE with this reason. Never PASS.
    /// </summary>
    public virtual string? UnavailableReason => null;

    public abstract IStep Bind(BoundObject args, StepBindContext cx);
}

/// <summary>A bound step, ready to run. Runs once per scenario run; must honour cancellation.</summary>
public interface IStep
{
    Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel);
}

/// <summary>The step for a kind whose layer has not landed: INCONCLUSIVE with the reason, always.</summary>
public sealed class UnavailableStep(string reason) : IStep
{
    public string Reason { get; } = reason;

    public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel) =>
        Task.FromResult(StepOutcome.Inconclusive($"not yet available: {Reason}"));
}

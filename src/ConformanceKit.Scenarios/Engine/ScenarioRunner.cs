using System.Diagnostics;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>
/// Runs one scenario: set-up (data, then the SUT), then its steps in order under the verdict rules of
/// <see cref="VerdictRules"/>, catching everything a step throws (a harness error is INCONCLUSIVE, never
/// PASS) and stopping actors and reference SUTs however the scenario ends.
/// </summary>
public sealed class ScenarioRunner(HarnessServices services, string runId, string runDirectory, SutPreset? preset)
{
    public async Task<ScenarioResult> RunAsync(Scenario scenario, string? skipReason, IRunObserver observer, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var identity = new RunIdentity(runId, scenario.Id);
        var results = new List<StepResult>();
        void Record(StepResult r) { results.Add(r); observer.StepFinished(scenario, r); }

        if (skipReason is not null || cancel.IsCancellationRequested)
        {
            var reason = skipReason ?? "run cancelled before this scenario";
            foreach (var s in scenario.Steps) results.Add(Skipped(s, reason));
            return Finish(scenario, results, started, clock, identity, reason);
        }

        var sets = new ObjectSets();
        await using var actors = new ActorInstances();
        IReferenceSut? referenceSut = null;
        try
        {
            var (stop, phantom) = await SetUpDataAsync(scenario, sets, identity, Record, cancel);
            ScenarioInputs? inputs = null;
            if (stop is null)
                (stop, inputs, referenceSut) = await SetUpSutAsync(scenario, Record, cancel);

            var context = new StepContext
            {
                Scenario = scenario,
                Inputs = inputs ?? scenario.Inputs,
                Sets = sets,
                Actors = actors,
                Identity = identity,
                Services = services,
                RunDirectory = runDirectory,
                ScenarioDirectory = Path.Combine("scenarios", scenario.Id),
                WindowScale = preset?.WindowScale ?? referenceSut?.WindowScale ?? 1.0,
                ReferenceSut = referenceSut,
            };
            if (phantom is not null) context.Truth = phantom;
            foreach (var step in scenario.Steps)
            {
                if (cancel.IsCancellationRequested) { Record(Skipped(step, "run cancelled")); continue; }
                if (stop is not null && !step.Always) { Record(Skipped(step, stop)); continue; }
                var r = await RunStepAsync(step, context, cancel);
                Record(r);
                var verdict = VerdictNames.Parse(r.Verdict);
                if (stop is null && VerdictRules.StopsScenario(verdict, step.OnFail == OnFail.Continue))
                    stop = $"step {step.Id} ended {r.Verdict}";
            }
        }
        finally
        {
            if (referenceSut is not null)
            {
                try { await referenceSut.DisposeAsync(); }
                catch (Exception) { /* best effort; the verdicts are recorded */ }
            }
        }
        return Finish(scenario, results, started, clock, identity, null);
    }

    private async Task<(string? Stop, PhantomData? Phantom)> SetUpDataAsync(Scenario scenario, ObjectSets sets, RunIdentity identity, Action<StepResult> record, CancellationToken cancel)
    {
        PhantomData? phantom = null;
        var (verdict, reason, error, ms) = await Timed(async () =>
        {
            var p = await ScenarioData.PrepareAsync(scenario.Data, sets, identity, services, cancel);
            phantom = p.Phantom;
            return p.UnavailableReason is { } why
                ? (Verdict.Inconclusive, $"not yet available: {why}")
                : (Verdict.Pass, p.Summary + (p.Notes.Count > 0 ? "; " + string.Join("; ", p.Notes) : ""));
        }, cancel);
        record(Setup(0, "setup-data", "prepare the scenario's data", verdict, reason, error, ms));
        return (verdict == Verdict.Pass ? null : "set-up of the data did not complete", phantom);
    }

    private async Task<(string? Stop, ScenarioInputs? Inputs, IReferenceSut? Reference)> SetUpSutAsync(
        Scenario scenario, Action<StepResult> record, CancellationToken cancel)
    {
        IReferenceSut? reference = null;
        ScenarioInputs? inputs = null;
        var (verdict, reason, error, ms) = await Timed(async () =>
        {
            if (preset is not null)
            {
                inputs = scenario.Inputs.OverriddenBy(preset.Inputs);
                var e = inputs.Sut!;
                return (Verdict.Pass, $"product {preset.Product} at {e.AeTitle}@{e.Host}:{e.Port}");
            }
            if (services.ReferenceSuts is null || services.ReferenceSuts.UnavailableReason(scenario.Actor) is not null)
            {
                var why = services.ReferenceSuts?.UnavailableReason(scenario.Actor) ?? "reference SUTs need the network layer (issue 3)";
                return (Verdict.Inconclusive, $"not yet available: reference {ScenarioNames.Title(scenario.Actor)} ({why})");
            }
            reference = await services.ReferenceSuts.StartAsync(scenario.Actor, scenario.Inputs, cancel);
            inputs = scenario.Inputs with { Sut = reference.Endpoint };
            var r = reference.Endpoint;
            return (Verdict.Pass, $"reference {ScenarioNames.Title(scenario.Actor)} at {r.AeTitle}@{r.Host}:{r.Port}");
        }, cancel);
        record(Setup(0, "setup-sut", "reach the system under test", verdict, reason, error, ms));
        return (verdict == Verdict.Pass ? null : "set-up of the SUT did not complete", inputs, reference);
    }

    private async Task<StepResult> RunStepAsync(ScenarioStep step, StepContext context, CancellationToken cancel)
    {
        context.Step = step;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        StepOutcome? outcome = null;
        HarnessError? error = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (step.Timeout is { } t) limit.CancelAfter(context.Scale(t));
        try
        {
            outcome = await step.Step.RunAsync(context, limit.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = StepOutcome.Inconclusive("cancelled by the operator");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            outcome = StepOutcome.Inconclusive($"timed out after {Schema.DurationShape.Format(context.Scale(step.Timeout!.Value))}");
        }
        catch (Exception e)
        {
            error = new HarnessError(e.GetType().Name, e.Message);
            outcome = StepOutcome.Inconclusive($"harness error: {e.Message}");
        }
        var hasError = outcome.Findings.Any(f => f.Severity == Severity.Error);
        var verdict = VerdictRules.ForStep(outcome.Verdict, hasError, error is not null);
        var reason = verdict == outcome.Verdict ? outcome.Reason : $"{outcome.Reason} (error findings make this step FAIL, rule S2)";
        return new StepResult
        {
            Index = step.Index, Id = step.Id, Name = step.Name, Kind = step.Kind.Name,
            Verdict = VerdictNames.Of(verdict), Reason = reason,
            StartedAt = started, DurationMs = clock.Elapsed.TotalMilliseconds,
            Verifies = [.. step.Verifies], HarnessError = error,
            Findings = outcome.Findings.Select(ResultMapping.Map).ToList(),
            Measurements = outcome.Measurements.Select(ResultMapping.Map).ToList(),
            Objects = outcome.Objects.Select(ResultMapping.Map).ToList(),
            Attestation = ResultMapping.Map(outcome.Attestation),
            Transcripts = [.. outcome.Transcripts],
        };
    }

    private static async Task<(Verdict, string, HarnessError?, double)> Timed(Func<Task<(Verdict, string)>> work, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var (v, r) = await work();
            return (v, r, null, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return (Verdict.Inconclusive, "cancelled by the operator", null, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            return (Verdict.Inconclusive, $"harness error: {e.Message}", new HarnessError(e.GetType().Name, e.Message), clock.Elapsed.TotalMilliseconds);
        }
    }

    private static StepResult Setup(int index, string id, string name, Verdict v, string reason, HarnessError? error, double ms) => new()
    {
        Index = index, Id = id, Name = name, Kind = "setup", Verdict = VerdictNames.Of(v), Reason = reason,
        StartedAt = DateTimeOffset.UtcNow.AddMilliseconds(-ms), DurationMs = ms, HarnessError = error,
    };

    private static StepResult Skipped(ScenarioStep s, string reason) => new()
    {
        Index = s.Index, Id = s.Id, Name = s.Name, Kind = s.Kind.Name, Verdict = VerdictNames.Of(Verdict.Skipped),
        Reason = reason, Verifies = [.. s.Verifies],
    };

    private static ScenarioResult Finish(Scenario s, List<StepResult> steps, DateTimeOffset started, Stopwatch clock, RunIdentity identity, string? skipReason)
    {
        var verdict = VerdictRules.Combine(steps.Select(r => VerdictNames.Parse(r.Verdict)));
        var decisive = steps.FirstOrDefault(r => r.Verdict == VerdictNames.Of(verdict) && verdict is Verdict.Fail or Verdict.Inconclusive);
        var reason = skipReason ?? (decisive is not null ? $"{decisive.Id}: {decisive.Reason}"
            : verdict == Verdict.Pass ? $"{steps.Count(r => r.Verdict == "PASS")} step(s) passed" : "nothing ran");
        return new ScenarioResult
        {
            Id = s.Id, Title = s.Title, Description = s.Description, Actor = ScenarioNames.Of(s.Actor), Profile = ScenarioNames.Of(s.Profile),
            File = s.Location.File, Line = s.Location.Line, Verifies = [.. s.Verifies], ModelledOn = s.ModelledOn, Tags = [.. s.Tags],
            Verdict = VerdictNames.Of(verdict), Reason = reason, StartedAt = started, DurationMs = clock.Elapsed.TotalMilliseconds,
            PatientIdSuffix = identity.Tag, Steps = steps,
        };
    }
}

using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network.Capture;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// The associations of one step (the harness's own requests, and what the harness actors it names saw meanwhile),
/// written as a text transcript into the run folder (scenarios/ID/transcripts/NN-STEP.txt, one
/// "HH:mm:ss.ffffff #ASSOCIATION event" line each, NetworkTranscript.Format) for results.json and the report's
/// sequence diagram. Listening to an actor stops when the transcript is disposed.
/// </summary>
public sealed class ExchangeTranscript : IDisposable
{
    private readonly NetworkTranscript _transcript = new();
    private readonly List<IDisposable> _listening = [];

    /// <summary>Give this to the associations the step opens.</summary>
    public INetworkObserver Observer => _transcript;

    public IReadOnlyList<NetworkEvent> Events => _transcript.Events;

    /// <summary>Also records what a harness actor sees (a sub-association a SUT opens to it) until disposed.</summary>
    public void Listen(IActorInstance actor)
    {
        if (actor is INetworkObservable observable) _listening.Add(observable.Observe(_transcript));
    }

    /// <summary>Writes the transcript (when anything happened) and returns its run-relative path for <see cref="StepOutcome.Transcripts"/>.</summary>
    public IReadOnlyList<string> Save(StepContext context) => Save(context, _transcript.Events);

    /// <summary>Writes events gathered elsewhere (an actor's inbox) as the running step's transcript.</summary>
    public static IReadOnlyList<string> Save(StepContext context, IReadOnlyList<NetworkEvent> events)
    {
        if (events.Count == 0) return [];
        var step = context.Step;
        var name = step is null ? "exchange" : $"{step.Index:D2}-{string.Concat(step.Id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'))}";
        var relative = Path.Combine(context.ScenarioDirectory, "transcripts", name + ".txt");
        var full = Path.Combine(context.RunDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, string.Concat(events.Where(e => e is not TransitionEvent).Select(e => e + Environment.NewLine)));
        return [relative.Replace('\\', '/')];
    }

    public void Dispose()
    {
        foreach (var l in _listening) l.Dispose();
        _listening.Clear();
    }
}

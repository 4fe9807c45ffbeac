using System.Collections.Concurrent;
using System.Threading.Channels;
using ConformanceKit.Dicom.Network.Capture;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// Objects a simulated actor received from peers, in arrival order. The actor writes (after the object
/// is safely stored, before it answers success); <c>receive</c> steps read within a time window. It also keeps
/// what peers did on the actor's associations since the last look (<see cref="TakeNetworkEvents"/>): a SUT often
/// connects while an earlier step (the operator's attestation) runs, and a receive that then finds nothing must
/// still be able to say that the SUT connected and aborted, or was rejected.
/// </summary>
public sealed class ObjectInbox : INetworkObserver
{
    private readonly ConcurrentQueue<NetworkEvent> _network = new();

    public void OnEvent(NetworkEvent networkEvent)
    {
        // State transitions are the machine's bookkeeping, not what the peer did; leaving them out keeps the queue small.
        if (networkEvent is not TransitionEvent) _network.Enqueue(networkEvent);
    }

    /// <summary>The network events since the previous call (or since the actor started), in order.</summary>
    public IReadOnlyList<NetworkEvent> TakeNetworkEvents()
    {
        var taken = new List<NetworkEvent>();
        while (_network.TryDequeue(out var e)) taken.Add(e);
        return taken;
    }

    private readonly Channel<ScenarioObject> _channel = Channel.CreateUnbounded<ScenarioObject>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public void Deliver(ScenarioObject o)
    {
        if (!_channel.Writer.TryWrite(o)) throw new InvalidOperationException("the inbox is closed");
    }

    /// <summary>Takes every object waiting now, without waiting for more.</summary>
    public IReadOnlyList<ScenarioObject> TakeAll()
    {
        var taken = new List<ScenarioObject>();
        while (_channel.Reader.TryRead(out var o)) taken.Add(o);
        return taken;
    }

    /// <summary>No more objects will come (the actor stopped).</summary>
    public void Close() => _channel.Writer.TryComplete();

    /// <summary>
    /// Collects objects that match until <paramref name="enough"/> says the collection is complete, then
    /// keeps listening for <paramref name="settle"/> so that surplus objects are seen too; or until the
    /// window ends. Objects that do not match are returned separately (they are evidence as well).
    /// </summary>
    public async Task<WindowResult> CollectAsync(
        Func<ScenarioObject, bool> matches, Func<int, bool> enough, TimeSpan window, TimeSpan settle,
        TimeProvider time, CancellationToken cancel)
    {
        var matched = new List<ScenarioObject>();
        var other = new List<ScenarioObject>();
        var started = time.GetTimestamp();
        var deadline = window;
        var completedAt = (TimeSpan?)null;
        var closed = false;
        while (true)
        {
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= deadline) break;
            var wait = deadline - elapsed;
            using var delay = new CancellationTokenSource(wait, time);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancel, delay.Token);
            try
            {
                if (!await _channel.Reader.WaitToReadAsync(both.Token)) { closed = true; break; }
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                break; // the window (or settle time) ended
            }
            while (_channel.Reader.TryRead(out var o))
            {
                if (matches(o)) matched.Add(o); else other.Add(o);
                if (completedAt is null && enough(matched.Count))
                {
                    completedAt = time.GetElapsedTime(started);
                    deadline = completedAt.Value + settle < window ? completedAt.Value + settle : window;
                }
            }
        }
        return new WindowResult(matched, other, time.GetElapsedTime(started), completedAt, closed);
    }
}

/// <summary>What arrived during a wait window; <see cref="CompletedAfter"/> is when the expectation was first met.</summary>
public sealed record WindowResult(
    IReadOnlyList<ScenarioObject> Matched, IReadOnlyList<ScenarioObject> Other, TimeSpan Waited, TimeSpan? CompletedAfter, bool InboxClosed);

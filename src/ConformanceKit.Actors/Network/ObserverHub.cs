using System.Collections.Immutable;
using ConformanceKit.Dicom.Network.Capture;

namespace ConformanceKit.Actors.Network;

/// <summary>
/// An actor's network observer that forwards every event to whoever listens at the moment: a scenario step
/// attaches a transcript while it exchanges with the actor's peers and detaches when done, so each step's
/// transcript holds its own associations and nothing else.
/// </summary>
public sealed class ObserverHub : INetworkObserver
{
    private ImmutableArray<INetworkObserver> _listeners = [];

    public IDisposable Attach(INetworkObserver listener)
    {
        ImmutableInterlocked.Update(ref _listeners, l => l.Add(listener));
        return new Detach(this, listener);
    }

    public void OnEvent(NetworkEvent networkEvent)
    {
        foreach (var l in _listeners)
        {
            try { l.OnEvent(networkEvent); }
            catch (Exception) { /* a listener never breaks the actor's associations (INetworkObserver contract) */ }
        }
    }

    private sealed class Detach(ObserverHub hub, INetworkObserver listener) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref hub._listeners, l => l.Remove(listener));
    }
}

/// <summary>A harness actor whose network events a step can listen to while it works with it.</summary>
public interface INetworkObservable
{
    /// <summary>Forwards the actor's network events to <paramref name="listener"/> until the result is disposed.</summary>
    IDisposable Observe(INetworkObserver listener);
}

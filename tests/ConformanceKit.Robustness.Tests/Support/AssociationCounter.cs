namespace ConformanceKit.Robustness.Tests.Support;

/// <summary>
/// Counts the connections a server has open, from its own connection events: for servers (the simulated Archive)
/// that do not expose their association table.
/// </summary>
public sealed class AssociationCounter : INetworkObserver
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public void OnEvent(NetworkEvent e)
    {
        if (e is ConnectionEvent c) Interlocked.Add(ref _open, c.Opened ? 1 : -1);
    }
}

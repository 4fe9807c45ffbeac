using System.Globalization;

namespace ConformanceKit.Robustness.Tests.Support;

/// <summary>
/// `ck` as a separate process (ck.dll is copied next to the tests by the project reference), run like every
/// other peer: TCP_NODELAY=1, waited for by polling its port, stopped by PID (or killed with SIGKILL).
/// </summary>
public static class CkProcess
{
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ck.dll");
            if (!File.Exists(dll)) Assert.Ignore($"ck.dll not found next to the tests ({dll})");
            return dll;
        }
    }

    /// <summary>Starts a `ck` server command and waits until it listens on <paramref name="port"/>.</summary>
    public static Task<PeerProcess> StartServerAsync(int port, params string[] arguments) =>
        PeerProcess.StartListeningAsync(port, TimeSpan.FromSeconds(60), "dotnet", [Dll, .. arguments]);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

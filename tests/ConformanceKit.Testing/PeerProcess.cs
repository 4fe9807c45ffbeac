using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace ConformanceKit.Testing;

/// <summary>What a finished peer tool printed and returned.</summary>
public sealed record PeerRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}

/// <summary>
/// A real DICOM peer (dcmtk, Orthanc) started by a test: always with TCP_NODELAY=1 (Debian's dcmtk and Orthanc
/// leave Nagle's algorithm on otherwise, about 40 ms per exchange), waited for by polling its port, stopped by PID
/// (SIGTERM, then SIGKILL). Output is collected for failure messages.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PeerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts a long-running peer (a server). Use <see cref="PeerTools.Require"/> to find the executable.</summary>
    public static PeerProcess Start(string executable, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = new Process { StartInfo = StartInfo(executable, arguments, workingDirectory, environment) };
        process.Start();
        return new PeerProcess(process);
    }

    /// <summary>Starts a server and waits until it listens on 127.0.0.1:<paramref name="port"/>; stops it again if it never does.</summary>
    public static async Task<PeerProcess> StartListeningAsync(int port, TimeSpan timeout, string executable, IEnumerable<string> arguments)
    {
        var process = Start(executable, arguments);
        try
        {
            await process.WaitUntilListeningAsync(port, timeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return process;
    }

    /// <summary>Runs a peer tool (an SCU such as storescu) to completion, killing it after the timeout.</summary>
    public static async Task<PeerRun> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(executable, arguments, workingDirectory, environment) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            return new PeerRun(-1, output.ToString(), $"{error}\n(killed after {timeout.TotalSeconds} s)");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        return new PeerRun(process.ExitCode, output.ToString(), error.ToString());
    }

    private const string EnvTool = "/usr/bin/env";

    private static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments, string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment)
    {
        // A test run started in the background (CI under `cmd &`) hands SIGINT down ignored, and .NET keeps an inherited
        // SIG_IGN, so a test could not interrupt its peer. GNU env (coreutils >= 8.31) restores the default, then execs
        // the peer: same PID.
        var reset = OperatingSystem.IsLinux() && File.Exists(EnvTool);
        var info = new ProcessStartInfo(reset ? EnvTool : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (reset)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(executable);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["TCP_NODELAY"] = "1";
        if (environment is not null) foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    /// <summary>Polls until something accepts TCP connections on 127.0.0.1:port; fails with the peer's output when it exits or times out.</summary>
    public async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"peer exited with {_process.ExitCode} before listening on {port}:\n{Output}");
            if (await IsListeningAsync(port)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"peer (PID {Pid}) did not listen on port {port} within {timeout.TotalSeconds} s:\n{Output}");
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    private const int Sigint = 2;
    private const int Sigterm = 15;

    /// <summary>Sends SIGINT (what Ctrl+C sends) and returns at once; see <see cref="WaitForExitAsync"/>.</summary>
    public void Interrupt() => SendSignal(_process.Id, Sigint);

    /// <summary>Sends SIGTERM (what service managers send) and returns at once; see <see cref="WaitForExitAsync"/>.</summary>
    public void Terminate() => SendSignal(_process.Id, Sigterm);

    /// <summary>The exit code once the process has ended, or null if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Stops the peer by PID: SIGTERM, then SIGKILL after the grace period; waits for it to be gone.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process.HasExited) return;
        SendSignal(_process.Id, Sigterm);
        using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL at once (no signal handler runs, nothing is flushed); waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}

/// <summary>Finds the peer tools installed on this machine; tests whose peer is missing are ignored with the reason.</summary>
public static class PeerTools
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

    /// <summary>The full path of an executable, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories);
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>The executable's path; calls Assert.Ignore (the test is skipped with the reason) when it is missing.</summary>
    public static string Require(string name, string package)
    {
        var path = Find(name);
        if (path is null) Assert.Ignore($"{name} is not installed (Debian package {package}; ./run.sh test installs it)");
        return path!;
    }
}

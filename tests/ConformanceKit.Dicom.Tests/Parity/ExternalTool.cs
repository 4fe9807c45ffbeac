using System.Diagnostics;

namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>Runs an installed command-line tool (dcmtk, Debian's python3) and captures its output.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] StandardOutput, string StandardError);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The full path of a command on PATH (or /usr/bin), or null when it is not installed.</summary>
    public static string? Find(string command)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin");
        return dirs.Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);
    }

    /// <summary>The tool's path, or an ignored test naming the Debian package that provides it.</summary>
    public static string Require(string command, string package) =>
        Find(command) ?? throw new IgnoreException($"{command} is not installed (Debian package {package}); ./run.sh test installs it as root");

    public static Result Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stdout = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds} s");
        }
        copy.Wait();
        return new Result(p.ExitCode, stdout.ToArray(), stderr.Result);
    }
}

using System.Diagnostics;

namespace ConformanceKit.Geometry.Tests;

/// <summary>Runs dicom3tools' dciodvfy (Debian package dicom3tools) on a file and returns its error lines.</summary>
internal static class Dciodvfy
{
    public static string? Path => new[] { "/usr/bin/dciodvfy", "/usr/local/bin/dciodvfy" }.FirstOrDefault(File.Exists);

    public static void RequireInstalled()
    {
        if (Path is null) Assert.Ignore("dciodvfy (Debian dicom3tools) is not installed");
    }

    /// <summary>The "Error" lines dciodvfy prints for <paramref name="file"/>.</summary>
    public static IReadOnlyList<string> Errors(string file) =>
        Output(file).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();

    /// <summary>Everything dciodvfy prints (it writes to stderr); also used in failure messages.</summary>
    public static string Output(string file)
    {
        var psi = new ProcessStartInfo(Path!, [file]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return stderr.Result + stdout;
    }
}

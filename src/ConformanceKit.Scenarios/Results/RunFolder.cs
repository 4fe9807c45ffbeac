using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConformanceKit.Scenarios.Results;

/// <summary>The reports folder layout: reports/RUN_ID/... and reports/latest pointing to the newest run.</summary>
public static class RunFolder
{
    public const string LatestName = "latest";

    /// <summary>A run ID that sorts by time: 20250131-142501-3fa9 (UTC, plus 4 random hex digits), with -sKofN for a shard.</summary>
    public static string NewRunId(DateTimeOffset now, string? shard = null)
    {
        var id = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" +
                 Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();
        return shard is null ? id : $"{id}-s{shard.Replace('/', 'o')}";
    }

    public static string Create(string reportsRoot, string runId)
    {
        var dir = Path.Combine(reportsRoot, runId);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Points reports/latest at a run: a relative symbolic link (the old link is removed first). Where
    /// links cannot be made, a text file "latest" holding the run ID.
    /// </summary>
    public static void PointLatest(string reportsRoot, string runId)
    {
        var latest = Path.Combine(reportsRoot, LatestName);
        try
        {
            var info = new FileInfo(latest);
            if (info.LinkTarget is not null || File.Exists(latest)) File.Delete(latest);
            else if (Directory.Exists(latest)) Directory.Delete(latest, recursive: true);
            File.CreateSymbolicLink(latest, runId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            WriteAtomically(latest, runId + "\n");
        }
    }

    /// <summary>Writes a file via a temporary name, flushed to disk, then renamed over the target.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(Encoding.UTF8.GetBytes(text));
            fs.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}

using ConformanceKit.Dicom;

namespace ConformanceKit.Reports.Sections;

/// <summary>
/// The files a run captured, read on demand from the run folder. Paths come from results.json and are
/// relative to the run folder; one that leads outside it (../, absolute) is refused, since results.json
/// may come from elsewhere (a merged shard, a vendor's upload). Each object is read once; a file that
/// cannot be read is remembered with the reason.
/// </summary>
public sealed class RunFolderFiles(string runDirectory)
{
    /// <summary>Largest captured file read for the report (the biggest IHE-RO object, an RT Dose, is tens of MB).</summary>
    public const long MaxObjectBytes = 512L * 1024 * 1024;

    private readonly string _root = Path.GetFullPath(runDirectory);
    private readonly Dictionary<string, (DicomFile? File, string? Error)> _objects = new(StringComparer.Ordinal);

    public string Root => _root;

    /// <summary>The absolute path of a run-relative file, or null when it lies outside the run folder.</summary>
    public string? Resolve(string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative)) return null;
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>Reads a captured DICOM object; <c>Error</c> says why when it cannot.</summary>
    public (DicomFile? File, string? Error) ReadObject(string? relative, bool headerOnly = false)
    {
        var key = (headerOnly ? "h:" : "f:") + relative;
        if (_objects.TryGetValue(key, out var cached)) return cached;
        var result = Load(relative, headerOnly);
        _objects[key] = result;
        return result;
    }

    private (DicomFile?, string?) Load(string? relative, bool headerOnly)
    {
        var path = Resolve(relative);
        if (path is null) return (null, "path outside the run folder");
        var info = new FileInfo(path);
        if (!info.Exists) return (null, "file not found in the run folder");
        if (info.Length > MaxObjectBytes) return (null, $"file larger than {MaxObjectBytes} bytes");
        try
        {
            var options = headerOnly ? new DicomReadOptions { StopAfter = DicomTags.PixelData } : DicomReadOptions.Default;
            return (DicomFileReader.Read(path, options), null);
        }
        catch (Exception e) when (e is DicomReadException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException or OverflowException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The text of a run-relative file (a transcript), at most <paramref name="maxBytes"/>.</summary>
    public (string? Text, bool Truncated, string? Error) ReadText(string? relative, int maxBytes)
    {
        var path = Resolve(relative);
        if (path is null) return (null, false, "path outside the run folder");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[(int)Math.Min(stream.Length, maxBytes)];
            stream.ReadExactly(buffer);
            return (System.Text.Encoding.UTF8.GetString(buffer), stream.Length > maxBytes, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, false, e is FileNotFoundException or DirectoryNotFoundException ? "file not found in the run folder" : e.Message);
        }
    }
}

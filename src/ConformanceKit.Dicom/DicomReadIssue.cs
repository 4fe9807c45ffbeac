namespace ConformanceKit.Dicom;

/// <summary>How bad a read issue is.</summary>
public enum DicomReadSeverity
{
    /// <summary>Non-conformant but fully understood (odd length, unknown VR, missing delimiter before the next one).</summary>
    Warning,

    /// <summary>Part of the input is missing or unreadable (truncation, a length past the end, garbage); what was read is kept.</summary>
    Error,
}

/// <summary>
/// Something wrong in the input that the reader worked around. Offset is in the file (in the inflated
/// stream for Deflated datasets); TagPath names the element, for example (0008,1115)[1]/(0008,1155).
/// </summary>
public sealed record DicomReadIssue(long Offset, string TagPath, string Message)
{
    public DicomReadSeverity Severity { get; init; } = DicomReadSeverity.Warning;

    public bool IsError => Severity == DicomReadSeverity.Error;

    public override string ToString() =>
        $"{(IsError ? "error" : "warning")}: offset {Offset}{(TagPath.Length > 0 ? $", {TagPath}" : "")}: {Message}";
}

/// <summary>Input that cannot be read as DICOM; names the byte offset and the tag path where reading stopped.</summary>
public sealed class DicomReadException(string message, long offset, string tagPath)
    : Exception($"{message} (offset {offset}{(tagPath.Length > 0 ? $", at {tagPath}" : "")})")
{
    public long Offset { get; } = offset;
    public string TagPath { get; } = tagPath;
    public string Reason { get; } = message;
}

/// <summary>Limits and policy for reading untrusted input.</summary>
public sealed record DicomReadOptions
{
    public static readonly DicomReadOptions Default = new();

    /// <summary>Largest nesting limit that can be asked for: the reader recurses once per level, and the stack is finite.</summary>
    public const int DeepestAllowedNesting = 1000;

    /// <summary>Deepest sequence nesting accepted (real objects rarely exceed 8; SR trees stay far below 64).</summary>
    public int MaxSequenceDepth
    {
        get;
        init => field = value is >= 1 and <= DeepestAllowedNesting
            ? value : throw new ArgumentOutOfRangeException(nameof(MaxSequenceDepth), value, $"1 to {DeepestAllowedNesting}");
    } = 64;

    /// <summary>Largest inflated size of a Deflated Explicit VR Little Endian dataset (guards against deflate bombs, which reach 1000:1).</summary>
    public long MaxInflatedBytes { get; init; } = 1L << 30;

    /// <summary>When true, recoverable problems become issues; when false, the first problem throws.</summary>
    public bool Lenient { get; init; } = true;

    /// <summary>Stop after this tag (exclusive of larger tags), for fast header-only reads; null reads everything.</summary>
    public DicomTag? StopAfter { get; init; }
}

namespace ConformanceKit.Rules;

/// <summary>The object a finding is about: its SOP Instance UID, SOP Class UID and the file it came from (any may be unknown).</summary>
public sealed record ObjectRef(string? SopInstanceUid, string? SopClassUid, string? File)
{
    /// <summary>Findings about a set as a whole (no single object).</summary>
    public static readonly ObjectRef Set = new(null, null, null);

    public string Label => SopInstanceUid is { Length: > 0 } uid
        ? File is { Length: > 0 } f ? $"{uid} ({f})" : uid
        : File ?? "(set)";
}

namespace ConformanceKit.Dicom;

/// <summary>An entry of the UID registry (PS3.6 Table A-1).</summary>
public sealed record DicomUidInfo(string Uid, string Name, string Type, string Keyword, bool Retired);

public static partial class DicomUidRegistry
{
    private static readonly Lazy<Dictionary<string, DicomUidInfo>> ByUid = new(() =>
    {
        var index = new Dictionary<string, DicomUidInfo>(StringComparer.Ordinal);
        foreach (var f in GeneratedTable.Rows(Table)) index.TryAdd(f[0], new DicomUidInfo(f[0], f[1], f[2], f[3], f[4] == "R"));
        return index;
    });

    public static DicomUidInfo? Find(string uid) => ByUid.Value.TryGetValue(uid.TrimEnd('\0', ' '), out var e) ? e : null;

    /// <summary>The registered name, or the UID itself when it is not a well-known UID.</summary>
    public static string NameOf(string uid) => Find(uid)?.Name ?? uid;

    public static IEnumerable<DicomUidInfo> All => ByUid.Value.Values;
}

using System.Collections.Frozen;

namespace ConformanceKit.Dicom;

/// <summary>An entry of the UID registry (PS3.6 Table A-1).</summary>
public sealed record DicomUidInfo(string Uid, string Name, string Type, string Keyword, bool Retired);

public static partial class DicomUidRegistry
{
    private static readonly Lazy<FrozenDictionary<string, DicomUidInfo>> ByUid =
        new(() => Entries().GroupBy(e => e.Uid).ToFrozenDictionary(g => g.Key, g => g.First()));

    public static DicomUidInfo? Find(string uid) => ByUid.Value.TryGetValue(uid.TrimEnd('\0', ' '), out var e) ? e : null;

    /// <summary>The registered name, or the UID itself when it is not a well-known UID.</summary>
    public static string NameOf(string uid) => Find(uid)?.Name ?? uid;

    public static IEnumerable<DicomUidInfo> All => ByUid.Value.Values;
}

using System.Globalization;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>One attribute of a DVTk definition file: its module, its path of tags (sequence nesting) and type.</summary>
public sealed record DvtkAttribute(string Module, IReadOnlyList<DicomTag> Path, string Type, string VR)
{
    public string Key => string.Join('/', Path.Select(t => t.Value.ToString("X8", CultureInfo.InvariantCulture)));
    public string Describe => string.Join('/', Path.Select(t => DicomDictionary.KeywordOf(t) is { Length: > 0 } k ? k : t.ToString()));
}

/// <summary>
/// Reads the IHE-RO test tool's DVTk definition files (shared/reference/dvtk-definitions): MODULE blocks of
/// attribute lines "(0xGGGGEEEE,type,VR,VM...)"; a sequence line ends with a comma and its items follow until ") "Name"".
/// </summary>
public static partial class DvtkDefinition
{
    public static IReadOnlyList<DvtkAttribute> Parse(string path)
    {
        var list = new List<DvtkAttribute>();
        var stack = new Stack<DicomTag>();
        string? module = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.TrimStart('\uFEFF');
            if (ModuleLine().Match(line) is { Success: true } m) { module = m.Groups[1].Value; stack.Clear(); continue; }
            if (line.StartsWith("ENDDEFINE", StringComparison.Ordinal) || line.StartsWith("DEFINE", StringComparison.Ordinal)) { module = null; stack.Clear(); continue; }
            if (module is null) continue;
            if (AttributeLine().Match(line) is { Success: true } a)
            {
                var tag = new DicomTag(uint.Parse(a.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                var vr = a.Groups[3].Value;
                list.Add(new DvtkAttribute(module, [.. stack.Reverse(), tag], a.Groups[2].Value, vr));
                if (vr == "SQ" && line.TrimEnd().EndsWith(',')) stack.Push(tag);
                continue;
            }
            if (CloseLine().IsMatch(line) && stack.Count > 0) stack.Pop();
        }
        return list;
    }

    [GeneratedRegex(@"^MODULE ""([^""]+)""")]
    private static partial Regex ModuleLine();

    [GeneratedRegex(@"^\s*>*\s*\(0x([0-9A-Fa-f]{8}),([^,]+),([A-Z/]+),")]
    private static partial Regex AttributeLine();

    [GeneratedRegex(@"^\s*\)\s*""")]
    private static partial Regex CloseLine();
}

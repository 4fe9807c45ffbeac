// Generates the DICOM data dictionary and UID registry of ConformanceKit.Dicom.
//
// Sources (installed by Debian packages, so anyone can regenerate):
//   python3-pydicom: pydicom/_dicom_dict.py (PS3.6 data elements with names, incl. repeating groups)
//                    pydicom/_uid_dict.py   (PS3.6 Table A-1 UIDs)
//   dcmtk:           /usr/share/libdcmtk17/private.dic (well-known private tags, creator aware)
//
// Usage: dotnet run --project src/Tools/ConformanceKit.DictionaryGenerator -- [OUTPUT_DIR]
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

var outDir = args.Length > 0 ? args[0] : Path.Combine("src", "ConformanceKit.Dicom", "Generated");
var pydicom = FindFirst("/usr/lib/python3/dist-packages/pydicom", "/usr/lib/python3/site-packages/pydicom");
var privateDic = FindFirst("/usr/share/libdcmtk17/private.dic", "/usr/share/libdcmtk16/private.dic", "/usr/share/dcmtk/private.dic");
if (pydicom is null || privateDic is null)
{
    Console.Error.WriteLine("Install the Debian packages python3-pydicom and dcmtk first.");
    return 1;
}
Directory.CreateDirectory(outDir);

var elements = ReadElements(Path.Combine(pydicom, "_dicom_dict.py"));
var uids = ReadUids(Path.Combine(pydicom, "_uid_dict.py"));
var privates = ReadPrivate(privateDic);

File.WriteAllText(Path.Combine(outDir, "DicomDictionary.Generated.cs"), DictionarySource(elements, privates));
File.WriteAllText(Path.Combine(outDir, "DicomTags.Generated.cs"), TagsSource(elements));
File.WriteAllText(Path.Combine(outDir, "DicomUids.Generated.cs"), UidSource(uids));
Console.WriteLine($"{elements.Count} data elements, {privates.Count} private elements, {uids.Count} UIDs -> {outDir}");
return 0;

static string? FindFirst(params string[] paths) => paths.FirstOrDefault(p => File.Exists(p) || Directory.Exists(p));

static List<Element> ReadElements(string path)
{
    // 0x00080016: ('UI', '1', "SOP Class UID", '', 'SOPClassUID'),  # noqa
    // '50xx0005': ('US', '1', "Curve Dimensions", 'Retired', 'CurveDimensions'),  # noqa
    var line = new Regex(@"^\s*(?:0x(?<hex>[0-9A-Fa-f]{8})|'(?<mask>[0-9A-Fa-fx]{8})'):\s*\('(?<vr>[^']*)',\s*'(?<vm>[^']*)',\s*(?<name>""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'),\s*'(?<ret>[^']*)',\s*'(?<kw>[^']*)'\)");
    var list = new List<Element>();
    foreach (var text in File.ReadLines(path))
    {
        var m = line.Match(text);
        if (!m.Success) continue;
        uint tag, mask;
        if (m.Groups["hex"].Success)
        {
            tag = uint.Parse(m.Groups["hex"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            mask = 0xFFFFFFFF;
        }
        else
        {
            var pattern = m.Groups["mask"].Value;
            tag = uint.Parse(pattern.Replace('x', '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            mask = uint.Parse(string.Concat(pattern.Select(c => c == 'x' ? '0' : 'F')), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        var name = m.Groups["name"].Value;
        name = name[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);
        var vr = m.Groups["vr"].Value.Replace(" or ", "/", StringComparison.Ordinal);
        list.Add(new Element(tag, mask, vr, m.Groups["vm"].Value, m.Groups["kw"].Value, name, m.Groups["ret"].Value.Length > 0));
    }
    return list;
}

static List<Uid> ReadUids(string path)
{
    // '1.2.840.10008.1.1': ('Verification SOP Class', 'SOP Class', '', '', 'Verification'),  # noqa
    var line = new Regex(@"^\s*'(?<uid>[0-9.]+)':\s*\((?<name>""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'),\s*'(?<type>[^']*)',\s*(?<info>""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'),\s*'(?<ret>[^']*)',\s*'(?<kw>[^']*)'\)");
    var list = new List<Uid>();
    foreach (var text in File.ReadLines(path))
    {
        var m = line.Match(text);
        if (!m.Success) continue;
        var name = m.Groups["name"].Value[1..^1].Replace("\\'", "'", StringComparison.Ordinal);
        list.Add(new Uid(m.Groups["uid"].Value, name, m.Groups["type"].Value, m.Groups["kw"].Value, m.Groups["ret"].Value.Length > 0));
    }
    return list;
}

static List<PrivateElement> ReadPrivate(string path)
{
    // (0019,"GEMS_ACQU_01",10)	DS	...	1	PrivateTag
    var line = new Regex(@"^\((?<group>[0-9A-Fa-f]{4}),""(?<creator>[^""]*)"",(?<elem>[0-9A-Fa-f]{2})\)\t(?<vr>[A-Za-z]{2})\t(?<kw>[^\t]*)\t(?<vm>[^\t]*)");
    var list = new List<PrivateElement>();
    var seen = new HashSet<(string, uint)>();
    foreach (var text in File.ReadLines(path))
    {
        var m = line.Match(text);
        if (!m.Success) continue;
        var group = ushort.Parse(m.Groups["group"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var elem = byte.Parse(m.Groups["elem"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var creator = m.Groups["creator"].Value;
        if (!seen.Add((creator, ((uint)group << 16) | elem))) continue;
        list.Add(new PrivateElement(creator, group, elem, m.Groups["vr"].Value.ToUpperInvariant(), m.Groups["vm"].Value, m.Groups["kw"].Value));
    }
    return list;
}

static string Lit(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

static string Header(string from) =>
    "// <auto-generated>\n" +
    $"// Generated by src/Tools/ConformanceKit.DictionaryGenerator from {from}.\n" +
    "// Do not edit by hand; rerun the generator instead.\n" +
    "// </auto-generated>\n" +
    "#nullable enable\n\nnamespace ConformanceKit.Dicom;\n\n";

// The tables are UTF-8 literals, one tab-separated row per line, parsed once on first use: a few milliseconds,
// where thousands of constructor calls in generated code cost about a second of JIT time in every process.
static string Table(IEnumerable<string[]> rows)
{
    var sb = new StringBuilder("\"\"\"\n");
    foreach (var row in rows)
    {
        if (row.Any(f => f.Contains('\t') || f.Contains('\n') || f.Contains("\"\"\"", StringComparison.Ordinal)))
            throw new InvalidDataException($"field not representable in a table row: {string.Join(" | ", row)}");
        sb.Append(string.Join('\t', row)).Append('\n');
    }
    return sb.Append("\"\"\"u8").ToString();
}

static string TagPattern(Element e)
{
    var hex = e.Tag.ToString("X8", CultureInfo.InvariantCulture).ToCharArray();
    for (var i = 0; i < 8; i++)
        if (((e.Mask >> (28 - 4 * i)) & 0xF) == 0) hex[i] = 'x';
    return new string(hex);
}

static string DictionarySource(List<Element> elements, List<PrivateElement> privates)
{
    var sb = new StringBuilder(Header("pydicom/_dicom_dict.py (PS3.6) and dcmtk private.dic"));
    sb.Append("public static partial class DicomDictionary\n{\n");
    sb.Append("    // tag (hexadecimal; x marks the digits a repeating group leaves free), VRs, VM, keyword, name, R when retired\n");
    sb.Append("    private static ReadOnlySpan<byte> StandardTable => ");
    sb.Append(Table(elements.Select(e => new[] { TagPattern(e), e.VR, e.VM, e.Keyword, e.Name, e.Retired ? "R" : "" })));
    sb.Append(";\n\n");
    sb.Append("    // private creator, group (hexadecimal), element offset in the block (hexadecimal), VRs, VM, keyword\n");
    sb.Append("    private static ReadOnlySpan<byte> PrivateTable => ");
    sb.Append(Table(privates.Select(p => new[] { p.Creator, p.Group.ToString("X4", CultureInfo.InvariantCulture), p.Element.ToString("X2", CultureInfo.InvariantCulture), p.VR, p.VM, p.Keyword })));
    sb.Append(";\n}\n");
    return sb.ToString();
}

static string TagsSource(List<Element> elements)
{
    var sb = new StringBuilder(Header("pydicom/_dicom_dict.py (PS3.6)"));
    sb.Append("/// <summary>Every PS3.6 data element tag by keyword. Repeating-group tags use the first group (for example 0x5000, 0x6000).</summary>\n");
    sb.Append("public static class DicomTags\n{\n");
    sb.Append("    // Properties, not static fields: one static constructor initialising thousands of fields costs every process\n");
    sb.Append("    // hundreds of milliseconds; each property is compiled only when used, and inlined.\n");
    var used = new HashSet<string>();
    foreach (var e in elements)
    {
        if (e.Keyword.Length == 0 || !used.Add(e.Keyword)) continue;
        sb.Append(CultureInfo.InvariantCulture, $"    public static DicomTag {e.Keyword} => new(0x{e.Tag >> 16:X4}, 0x{e.Tag & 0xFFFF:X4});\n");
    }
    sb.Append("}\n");
    return sb.ToString();
}

static string UidSource(List<Uid> uids)
{
    var sb = new StringBuilder(Header("pydicom/_uid_dict.py (PS3.6 Table A-1)"));
    sb.Append("public static partial class DicomUidRegistry\n{\n");
    sb.Append("    // UID, name, type, keyword, R when retired\n");
    sb.Append("    private static ReadOnlySpan<byte> Table => ");
    sb.Append(Table(uids.Select(u => new[] { u.Value, u.Name, u.Type, u.Keyword, u.Retired ? "R" : "" })));
    sb.Append(";\n}\n\n");
    sb.Append("/// <summary>Well-known UIDs of PS3.6 Table A-1 by keyword.</summary>\npublic static class DicomUids\n{\n");
    var used = new HashSet<string>();
    foreach (var u in uids)
    {
        var kw = u.Keyword;
        if (kw.Length == 0 || !char.IsLetter(kw[0]) || !used.Add(kw)) continue;
        sb.Append(CultureInfo.InvariantCulture, $"    public const string {kw} = {Lit(u.Value)};\n");
    }
    sb.Append("}\n");
    return sb.ToString();
}

internal sealed record Element(uint Tag, uint Mask, string VR, string VM, string Keyword, string Name, bool Retired);
internal sealed record Uid(string Value, string Name, string Type, string Keyword, bool Retired);
internal sealed record PrivateElement(string Creator, ushort Group, byte Element, string VR, string VM, string Keyword);

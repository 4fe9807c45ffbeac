using System.Text;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// A query key or expected value that may quote attributes of an object set: <c>${ct.StudyInstanceUID}</c>
/// is replaced by the distinct values of that attribute in set <c>ct</c> (several values joined with
/// backslash, which C-FIND treats as a list of UIDs, PS3.4 C.2.2.2.2). Checked at load, resolved at run
/// time (after the run's UIDs were made unique).
/// </summary>
public sealed partial class AttributeTemplate
{
    private readonly List<(string? Literal, string? Set, DicomTag Tag)> _parts;

    private AttributeTemplate(List<(string?, string?, DicomTag)> parts, string text)
    {
        _parts = parts;
        Text = text;
    }

    public string Text { get; }

    public IEnumerable<string> Sets => _parts.Where(p => p.Set is not null).Select(p => p.Set!);

    public static AttributeTemplate? Parse(string text, SourceLocation at, StepBindContext cx)
    {
        var parts = new List<(string?, string?, DicomTag)>();
        var pos = 0;
        var ok = true;
        foreach (Match m in Reference().Matches(text))
        {
            if (m.Index > pos) parts.Add((text[pos..m.Index], null, default));
            var set = m.Groups[1].Value;
            var keyword = m.Groups[2].Value;
            cx.UsesSet(set, at);
            if (DicomDictionary.FindByKeyword(keyword) is not { } entry)
            {
                cx.Error(at, $"'{keyword}' in ${{{set}.{keyword}}} is not a DICOM attribute keyword (PS3.6)");
                ok = false;
            }
            else parts.Add((null, set, new DicomTag(entry.Tag)));
            pos = m.Index + m.Length;
        }
        if (pos < text.Length) parts.Add((text[pos..], null, default));
        if (Reference().Matches(text).Count != CountOpenings(text))
        {
            cx.Error(at, $"malformed reference in '{text}' (write ${{SET.Keyword}})");
            ok = false;
        }
        return ok ? new AttributeTemplate(parts, text) : null;
    }

    private static int CountOpenings(string text) => (text.Length - text.Replace("${", "", StringComparison.Ordinal).Length) / 2;

    public string Resolve(ObjectSets sets)
    {
        var sb = new StringBuilder();
        foreach (var (literal, set, tag) in _parts)
        {
            if (literal is not null) { sb.Append(literal); continue; }
            var values = sets[set!].Select(o => o.Dataset.GetString(tag) ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);
            sb.Append(string.Join('\\', values));
        }
        return sb.ToString();
    }

    /// <summary>Binds a mapping of attribute keyword to template (query keys, expected matches).</summary>
    public static IReadOnlyList<(DicomTag Tag, AttributeTemplate Value)> BindKeys(IReadOnlyList<KeyValuePair<string, Bound>> map, StepBindContext cx)
    {
        var result = new List<(DicomTag, AttributeTemplate)>();
        foreach (var (keyword, bound) in map)
        {
            if (DicomDictionary.FindByKeyword(keyword) is not { } entry)
            {
                cx.Error(bound.Location, $"'{keyword}' is not a DICOM attribute keyword (PS3.6)");
                continue;
            }
            if (Parse((string)bound.Value!, bound.Location, cx) is { } t) result.Add((new DicomTag(entry.Tag), t));
        }
        return result;
    }

    /// <summary>The shape of a keys mapping: DICOM keyword to text (empty text asks for the value, PS3.4 C.2.2.1.3).</summary>
    public static MapShape KeysShape(string description) =>
        new("^[A-Za-z][A-Za-z0-9]*$", "a DICOM attribute keyword", new TextShape { MinLength = 0 }) { Description = description };

    [GeneratedRegex(@"\$\{([a-z][a-z0-9-]*)\.([A-Za-z][A-Za-z0-9]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}

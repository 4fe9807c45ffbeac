using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// The identifier of a C-FIND, C-MOVE or C-GET built from a step's <c>level</c> and <c>keys</c> (templates resolved
/// against the run's object sets), and the matching rules of PS3.4 C.2.2.2 the archive also uses, for checking
/// what a SUT answers.
/// </summary>
internal sealed class QueryIdentifier(string level, IReadOnlyList<(DicomTag Tag, AttributeTemplate Value)> keys)
{
    public string Level { get; } = level;

    public DicomDataset Build(ObjectSets sets)
    {
        var identifier = new DicomDataset().With(DicomTags.QueryRetrieveLevel, Level);
        foreach (var (tag, value) in keys) identifier.SetString(tag, value.Resolve(sets), VrOf(tag));
        return identifier;
    }

    /// <summary>The dictionary VR of a key (a keyword was checked at load, so the tag is known).</summary>
    public static DicomVR VrOf(DicomTag tag) => DicomDictionary.Find(tag)?.VR ?? DicomVR.UN;

    /// <summary>Whether a response value satisfies a key value under C-FIND matching (single value, list of UIDs, wild card, range).</summary>
    public static bool Satisfies(DicomTag tag, string key, string? found) => KeyMatching.Matches(VrOf(tag), key, found);

    /// <summary>"Keyword=value" for messages.</summary>
    public static string Describe(DicomTag tag, string value) =>
        $"{(DicomDictionary.KeywordOf(tag) is { Length: > 0 } k ? k : tag.ToString())}={(value.Length == 0 ? "(any)" : value)}";

    /// <summary>The text of a response value, or null when absent or undecodable (undecodable is reported by the caller as found text).</summary>
    public static string? ValueIn(DicomDataset response, DicomTag tag)
    {
        try { return response.Contains(tag) ? response.GetString(tag) ?? "" : null; }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.DecoderFallbackException) { return "(undecodable)"; }
    }
}

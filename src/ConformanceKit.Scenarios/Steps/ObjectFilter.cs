using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>Which objects a step expects: by SOP class (PS3.6 Annex A keyword) and/or Modality.</summary>
public sealed class ObjectFilter
{
    public static readonly IReadOnlyList<Property> Properties =
    [
        new("sop-class", new ListShape(new TextShape
        {
            Pattern = "^[A-Za-z0-9]+$",
            PatternMeaning = "a SOP Class keyword from PS3.6 Annex A (e.g. SpatialRegistrationStorage)",
        }) { Description = "SOP Classes accepted, by PS3.6 keyword." }),
        new("modality", new ListShape(new TextShape { Pattern = "^[A-Z0-9_]{1,16}$", PatternMeaning = "a Modality code (e.g. REG, CT)" }) { Description = "Modality (0008,0060) values accepted." }),
    ];

    private readonly HashSet<string> _classes;
    private readonly HashSet<string> _modalities;

    private ObjectFilter(HashSet<string> classes, HashSet<string> modalities)
    {
        _classes = classes;
        _modalities = modalities;
    }

    public static ObjectFilter Bind(BoundObject o, StepBindContext cx)
    {
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in o.List("sop-class"))
        {
            var keyword = (string)b.Value!;
            var uid = Dicom.DicomUidRegistry.All.FirstOrDefault(u => u.Keyword == keyword && u.Type == "SOP Class");
            if (uid is null) cx.Error(b.Location, $"'{keyword}' is not a SOP Class keyword of PS3.6 Annex A");
            else classes.Add(uid.Uid);
        }
        return new ObjectFilter(classes, o.Texts("modality").ToHashSet(StringComparer.Ordinal));
    }

    public bool Matches(ScenarioObject o) =>
        (_classes.Count == 0 || _classes.Contains(o.SopClassUid)) &&
        (_modalities.Count == 0 || _modalities.Contains(o.Dataset.GetString(DicomTags.Modality) ?? ""));

    public override string ToString()
    {
        var parts = new List<string>();
        if (_classes.Count > 0) parts.Add(string.Join(" or ", _classes.Select(DicomUidRegistry.NameOf)));
        if (_modalities.Count > 0) parts.Add("Modality " + string.Join(" or ", _modalities));
        return parts.Count == 0 ? "any object" : string.Join(", ", parts);
    }
}

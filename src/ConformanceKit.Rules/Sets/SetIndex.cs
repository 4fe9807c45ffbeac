namespace ConformanceKit.Rules.Sets;

/// <summary>A set of object summaries indexed by SOP Instance, series, Frame of Reference and patient.</summary>
public sealed class SetIndex
{
    public SetIndex(IReadOnlyList<ObjectSummary> objects)
    {
        Objects = objects;
        foreach (var o in objects)
        {
            if (o.SopInstanceUid is { } sop) ByInstance.TryAdd(sop, o);
            if (o.SeriesInstanceUid is { } series) Add(BySeries, series, o);
            if (o.Kind == ObjectKind.Image)
            {
                Images.Add(o);
                if (o.FrameOfReferenceUid is { } forUid) Add(ImagesByFrame, forUid, o);
            }
            Add(ByPatient, o.Patient.Id ?? "", o);
        }
    }

    public IReadOnlyList<ObjectSummary> Objects { get; }
    public List<ObjectSummary> Images { get; } = [];
    public Dictionary<string, ObjectSummary> ByInstance { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<ObjectSummary>> BySeries { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<ObjectSummary>> ImagesByFrame { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<ObjectSummary>> ByPatient { get; } = new(StringComparer.Ordinal);

    public IEnumerable<ObjectSummary> OfKind(ObjectKind kind) => Objects.Where(o => o.Kind == kind);

    public ObjectSummary? Instance(string? uid) => uid is not null && ByInstance.TryGetValue(uid, out var o) ? o : null;

    /// <summary>Image series (Series Instance UIDs) whose images lie in the Frame of Reference.</summary>
    public IReadOnlyList<string> ImageSeriesIn(string frameUid) =>
        ImagesByFrame.TryGetValue(frameUid, out var images) ? images.Select(i => i.SeriesInstanceUid ?? "").Distinct(StringComparer.Ordinal).ToArray() : [];

    /// <summary>The Frame of Reference an SRO item registers: its own UID, or that of the images it references.</summary>
    public string? FrameOf(RegistrationItemSummary item) =>
        item.FrameOfReferenceUid ?? item.Images.Select(r => Instance(r.SopInstanceUid)?.FrameOfReferenceUid).FirstOrDefault(u => u is not null);

    private static void Add(Dictionary<string, List<ObjectSummary>> d, string key, ObjectSummary o)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = [];
        list.Add(o);
    }
}

using ConformanceKit.Dicom;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// A DICOM object a scenario holds: sent from its data, received from the SUT, or retrieved.
/// <see cref="StoredFile"/> is where the run kept a copy, relative to the run folder.
/// </summary>
public sealed record ScenarioObject(DicomFile File, string Origin)
{
    public string? StoredFile { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>The AE title of the peer that sent it, when it came over the network.</summary>
    public string? FromAeTitle { get; init; }

    public DicomDataset Dataset => File.Dataset;
    public string SopInstanceUid => Dataset.GetString(DicomTags.SOPInstanceUID) ?? "";
    public string SopClassUid => Dataset.GetString(DicomTags.SOPClassUID) ?? "";
}

/// <summary>A reference to an object in results.json (the object itself stays in the run folder).</summary>
public sealed record ObjectReference(string Set, string SopClassUid, string SopInstanceUid, string Origin)
{
    public string? File { get; init; }
    public string? TransferSyntaxUid { get; init; }

    public static ObjectReference Of(string set, ScenarioObject o) =>
        new(set, o.SopClassUid, o.SopInstanceUid, o.Origin) { File = o.StoredFile, TransferSyntaxUid = o.File.TransferSyntax.Uid };
}

/// <summary>The named object sets of one scenario run: data sets first, then what steps stored.</summary>
public sealed class ObjectSets
{
    private readonly Dictionary<string, List<ScenarioObject>> _sets = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _sets.Keys;

    public bool Contains(string name) => _sets.ContainsKey(name);

    /// <summary>The objects of a set; a missing set is a harness error, since the loader checked every reference.</summary>
    public IReadOnlyList<ScenarioObject> this[string name] =>
        _sets.TryGetValue(name, out var list) ? list : throw new InvalidOperationException($"object set '{name}' does not exist at this point of the run");

    public void Put(string name, IEnumerable<ScenarioObject> objects) => _sets[name] = objects.ToList();

    public void Add(string name, ScenarioObject o)
    {
        if (!_sets.TryGetValue(name, out var list)) _sets[name] = list = [];
        list.Add(o);
    }
}

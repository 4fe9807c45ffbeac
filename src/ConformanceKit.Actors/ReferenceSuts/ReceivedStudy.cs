using System.Collections.Concurrent;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>One received image series: its Frame of Reference, modality and datasets in arrival order.</summary>
public sealed record ReceivedSeries(string SeriesInstanceUid, string FrameOfReferenceUid, string Modality, IReadOnlyList<DicomDataset> Datasets, int ArrivalOrder)
{
    public RegisteredSeries AsRegisteredSeries() => new(FrameOfReferenceUid, Datasets[0].GetString(DicomTags.StudyInstanceUID) ?? "", SeriesInstanceUid,
        Datasets.Select(d => new ReferencedImage(d.GetString(DicomTags.SOPClassUID) ?? "", d.GetString(DicomTags.SOPInstanceUID) ?? "")).ToList());
}

/// <summary>A received Spatial Registration object: the dataset and its model.</summary>
public sealed record ReceivedRegistration(DicomDataset Dataset, SpatialRegistration Model);

/// <summary>
/// What a reference SUT received, sorted the way its operator's screen would show it: image series (by
/// Series Instance UID, in arrival order), SROs, RT Structure Sets and RT Doses. Volumes are read on first use.
/// </summary>
public sealed class ReceivedStudy
{
    private static readonly HashSet<string> ImageModalities = ["CT", "MR", "PT"];
    private readonly ConcurrentDictionary<string, Lazy<LoadedSeries>> _volumes = new(StringComparer.Ordinal);

    public ReceivedStudy(IReadOnlyList<DicomDataset> objects)
    {
        var series = new List<ReceivedSeries>();
        var registrations = new List<ReceivedRegistration>();
        var structureSets = new List<DicomDataset>();
        var doses = new List<DicomDataset>();
        foreach (var (ds, order) in objects.Select((d, n) => (d, n)))
        {
            var sopClass = ds.GetString(DicomTags.SOPClassUID);
            if (sopClass == DicomUids.SpatialRegistrationStorage) registrations.Add(new ReceivedRegistration(ds, SpatialRegistration.Read(ds)));
            else if (sopClass == DicomUids.RTStructureSetStorage) structureSets.Add(ds);
            else if (sopClass == DicomUids.RTDoseStorage) doses.Add(ds);
            else if (ds.GetString(DicomTags.Modality) is { } m && ImageModalities.Contains(m) && ds.GetString(DicomTags.SeriesInstanceUID) is { } uid)
            {
                var i = series.FindIndex(s => s.SeriesInstanceUid == uid);
                if (i < 0) series.Add(new ReceivedSeries(uid, ds.GetString(DicomTags.FrameOfReferenceUID) ?? "", m, [ds], order));
                else series[i] = series[i] with { Datasets = [.. series[i].Datasets, ds] };
            }
        }
        Series = series;
        Registrations = registrations;
        StructureSets = structureSets;
        Doses = doses;
    }

    public IReadOnlyList<ReceivedSeries> Series { get; }
    public IReadOnlyList<ReceivedRegistration> Registrations { get; }
    public IReadOnlyList<DicomDataset> StructureSets { get; }
    public IReadOnlyList<DicomDataset> Doses { get; }

    /// <summary>The series the task's objects name (by Series Instance UID), first received first.</summary>
    public IReadOnlyList<ReceivedSeries> SeriesOf(TaskObjects objects) =>
        Series.Where(s => objects.SeriesInstanceUids.Contains(s.SeriesInstanceUid)).ToList();

    public ReceivedSeries RequireSeries(TaskObjects objects) =>
        SeriesOf(objects).FirstOrDefault() ?? throw new InvalidOperationException($"no images of '{objects.Name}' were received");

    /// <summary>The series as a volume (read once; bad geometry raises <see cref="GeometryException"/>).</summary>
    public LoadedSeries Volume(ReceivedSeries series) =>
        _volumes.GetOrAdd(series.SeriesInstanceUid, _ => new Lazy<LoadedSeries>(() => DicomVolumeReader.Read(series.Datasets, $"{series.Modality} series {series.SeriesInstanceUid}"))).Value;
}

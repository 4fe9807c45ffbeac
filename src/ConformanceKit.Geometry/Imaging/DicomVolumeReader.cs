using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>A series read as a volume: the datasets, how they stack, the voxels and (for RT Dose) the grid form.</summary>
public sealed record LoadedSeries(
    string Label,
    string? SeriesInstanceUid,
    string? FrameOfReferenceUid,
    IReadOnlyList<DicomDataset> Datasets,
    SliceStack Stack,
    ImageVolume Volume,
    DoseGrid? DoseGrid)
{
    /// <summary>The first dataset in volume order (patient, study and modality attributes).</summary>
    public DicomDataset First => Datasets[Stack.Order.Count == Datasets.Count ? Stack.Order[0] : 0];
}

/// <summary>
/// Turns DICOM image series into volumes: single-frame slices, Enhanced multi-frame objects and RT Dose grids.
/// Geometry comes from <see cref="SliceStack"/>; bad geometry raises <see cref="GeometryException"/>.
/// </summary>
public static class DicomVolumeReader
{
    /// <summary>Reads one series (several single-frame datasets, or one multi-frame dataset).</summary>
    public static LoadedSeries Read(IReadOnlyList<DicomDataset> datasets, string label, int minimumSlices = 2)
    {
        if (datasets.Count == 0) throw new GeometryException(label, GeometryAttributes.PixelData, "no images");
        var forUids = datasets.Select(d => d.GetString(DicomTags.FrameOfReferenceUID) ?? "").Distinct().ToList();
        if (forUids.Count > 1)
            throw new GeometryException(label, GeometryAttributes.FrameOfReferenceUid, $"{forUids.Count} different Frames of Reference in one series");
        var forUid = string.IsNullOrEmpty(forUids[0]) ? null : forUids[0];
        var seriesUid = datasets[0].GetString(DicomTags.SeriesInstanceUID);

        DoseGrid? dose = null;
        IReadOnlyList<ImagePlane> planes;
        var multiFrame = datasets.Count == 1 && ((datasets[0].GetInt(DicomTags.NumberOfFrames) ?? 1) > 1 || EnhancedMultiFrameGeometry.Applies(datasets[0]) || DoseGridGeometry.Applies(datasets[0]));
        if (multiFrame && DoseGridGeometry.Applies(datasets[0])) { dose = DoseGridGeometry.Read(datasets[0], label); planes = dose.Planes; }
        else if (multiFrame && EnhancedMultiFrameGeometry.Applies(datasets[0])) planes = EnhancedMultiFrameGeometry.Planes(datasets[0], label);
        else planes = datasets.Select((d, n) => ImagePlane.FromDataset(d, label, SourceName(d, n))).ToList();

        var stack = SliceStack.Build(planes, label);
        var geometry = stack.RequireVolume(minimumSlices);
        var frames = stack.Order.Select(n => multiFrame
            ? PixelDataDecoder.ReadFrame(datasets[0], n, label, planes[n].Source)
            : PixelDataDecoder.ReadFrame(datasets[n], 0, label, planes[n].Source)).ToList();
        return new LoadedSeries(label, seriesUid, forUid, datasets, stack, ToVolume(geometry, frames), dose);
    }

    /// <summary>Reads every DICOM file under <paramref name="directory"/> and groups them by Series Instance UID (files that are not DICOM are skipped).</summary>
    public static IReadOnlyList<(string SeriesInstanceUid, IReadOnlyList<DicomDataset> Datasets)> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new GeometryException(directory, GeometryAttributes.PixelData, "folder not found");
        var groups = new Dictionary<string, List<DicomDataset>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            DicomDataset ds;
            try { ds = DicomFileReader.Read(path).Dataset; }
            catch (DicomReadException) { continue; }
            var uid = ds.GetString(DicomTags.SeriesInstanceUID) ?? "";
            if (!groups.TryGetValue(uid, out var list)) groups[uid] = list = [];
            list.Add(ds);
        }
        return groups.Select(g => (g.Key, (IReadOnlyList<DicomDataset>)g.Value)).ToList();
    }

    /// <summary>Reads the only image series in a directory (the one with Pixel Data); throws when there is none or several.</summary>
    public static LoadedSeries ReadImageSeries(string directory, int minimumSlices = 2)
    {
        var images = ReadDirectory(directory).Where(g => g.Datasets.Any(d => d.Contains(DicomTags.PixelData))).ToList();
        if (images.Count != 1)
            throw new GeometryException(directory, GeometryAttributes.PixelData, images.Count == 0 ? "no image series in the folder" : $"{images.Count} image series in the folder; give a folder with one");
        var datasets = images[0].Datasets.Where(d => d.Contains(DicomTags.PixelData)).ToList();
        var modality = datasets[0].GetString(DicomTags.Modality) ?? "?";
        return Read(datasets, $"{modality} {images[0].SeriesInstanceUid}", minimumSlices);
    }

    private static string SourceName(DicomDataset d, int n) =>
        d.GetString(DicomTags.SOPInstanceUID) is { Length: > 0 } uid ? $"image {uid}" : $"image #{n + 1}";

    /// <summary>
    /// Packs frames into int16 with one slope/intercept. Stored values are kept exactly when every frame shares
    /// slope and intercept and fits int16; otherwise (per-slice PET scaling, 32-bit dose) modality values are
    /// re-quantised over the int16 range.
    /// </summary>
    private static ImageVolume ToVolume(VolumeGeometry g, List<(long[] Stored, double Slope, double Intercept)> frames)
    {
        var voxels = new short[checked((int)g.VoxelCount)];
        var plane = g.Rows * g.Columns;
        var sameScale = frames.All(f => f.Slope == frames[0].Slope && f.Intercept == frames[0].Intercept);
        var fits = frames.All(f => f.Stored.All(v => v is >= short.MinValue and <= short.MaxValue));
        if (sameScale && fits)
        {
            for (var k = 0; k < frames.Count; k++)
                for (var n = 0; n < plane; n++) voxels[k * plane + n] = (short)frames[k].Stored[n];
            return new ImageVolume(g, voxels, frames[0].Slope, frames[0].Intercept);
        }
        double min = double.MaxValue, max = double.MinValue;
        foreach (var f in frames)
            foreach (var v in f.Stored) { var m = v * f.Slope + f.Intercept; min = Math.Min(min, m); max = Math.Max(max, m); }
        var slope = max > min ? (max - min) / 65000.0 : 1;
        var intercept = min + 32500 * slope;
        var volume = new ImageVolume(g, voxels, slope, intercept);
        for (var k = 0; k < frames.Count; k++)
            for (var n = 0; n < plane; n++) voxels[k * plane + n] = volume.ToStored(frames[k].Stored[n] * frames[k].Slope + frames[k].Intercept);
        return volume;
    }
}

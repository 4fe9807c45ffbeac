using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>A region read back from an RT Structure Set: its number, name, Frame of Reference and contour points.</summary>
public sealed record ReadRoi(int Number, string Name, string? FrameOfReferenceUid, IReadOnlyList<IReadOnlyList<Vector3>> Contours)
{
    public IEnumerable<Vector3> Points => Contours.SelectMany(c => c);

    public Vector3 Centroid => Points.Aggregate(Vector3.Zero, (a, p) => a + p) / Math.Max(1, Points.Count());
}

/// <summary>
/// Reads the contours of an RT Structure Set (PS3.3 C.8.8.5 and C.8.8.6), the counterpart of
/// <see cref="RtStructureSetWriter"/>: each ROI of the Structure Set ROI Sequence with the Contour Data
/// (3006,0050) triplets of its ROI Contour Sequence item. Malformed contour data (a value count not a multiple of
/// three, unparsable numbers) is skipped for that contour, never thrown.
/// </summary>
public static class RtStructureSetReader
{
    /// <summary>The structure set's Frame of Reference: the first Referenced Frame of Reference Sequence item (REG-RT-001).</summary>
    public static string? FrameOfReferenceUid(DicomDataset ds) =>
        ds.GetItem(DicomTags.ReferencedFrameOfReferenceSequence)?.GetString(DicomTags.FrameOfReferenceUID) ?? ds.GetString(DicomTags.FrameOfReferenceUID);

    public static IReadOnlyList<ReadRoi> Read(DicomDataset ds)
    {
        var contours = new Dictionary<int, List<IReadOnlyList<Vector3>>>();
        foreach (var roiContour in ds.GetItems(DicomTags.ROIContourSequence))
        {
            if (roiContour.GetInt(DicomTags.ReferencedROINumber) is not { } number) continue;
            var list = contours.TryGetValue(number, out var l) ? l : contours[number] = [];
            foreach (var c in roiContour.GetItems(DicomTags.ContourSequence))
            {
                double[] v;
                try { v = c.GetDoubles(DicomTags.ContourData); }
                catch (FormatException) { continue; }
                if (v.Length == 0 || v.Length % 3 != 0) continue;
                list.Add(Enumerable.Range(0, v.Length / 3).Select(n => new Vector3(v[3 * n], v[3 * n + 1], v[3 * n + 2])).ToList());
            }
        }
        return ds.GetItems(DicomTags.StructureSetROISequence)
            .Where(r => r.GetInt(DicomTags.ROINumber) is not null)
            .Select(r =>
            {
                var n = r.GetInt(DicomTags.ROINumber)!.Value;
                return new ReadRoi(n, r.GetString(DicomTags.ROIName) ?? "", r.GetString(DicomTags.ReferencedFrameOfReferenceUID),
                    contours.TryGetValue(n, out var c) ? c : []);
            })
            .ToList();
    }
}

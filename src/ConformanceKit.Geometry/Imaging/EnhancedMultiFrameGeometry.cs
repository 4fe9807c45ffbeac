using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// Frame planes of an Enhanced multi-frame image (PS3.3 C.7.6.16): position from Plane Position (Patient)
/// Sequence (0020,9113), orientation from Plane Orientation (Patient) Sequence (0020,9116), spacing from Pixel
/// Measures Sequence (0028,9110); each taken from the Per-frame Functional Groups (5200,9230) item of the
/// frame, else from the Shared Functional Groups (5200,9229).
/// </summary>
public static class EnhancedMultiFrameGeometry
{
    public static bool Applies(DicomDataset ds) => ds.Contains(DicomTags.PerFrameFunctionalGroupsSequence) || ds.Contains(DicomTags.SharedFunctionalGroupsSequence);

    public static IReadOnlyList<ImagePlane> Planes(DicomDataset ds, string series)
    {
        var frames = ds.GetInt(DicomTags.NumberOfFrames) ?? 1;
        var perFrame = ds.GetItems(DicomTags.PerFrameFunctionalGroupsSequence);
        var shared = ds.GetItem(DicomTags.SharedFunctionalGroupsSequence);
        if (frames < 1) throw new GeometryException(series, GeometryAttributes.NumberOfFrames, $"{frames} frames");
        if (perFrame.Count != frames)
            throw new GeometryException(series, "Per-frame Functional Groups Sequence (5200,9230)", $"has {perFrame.Count} items for {frames} frames");
        int rows = ds.GetInt(DicomTags.Rows) ?? 0, cols = ds.GetInt(DicomTags.Columns) ?? 0;
        var planes = new ImagePlane[frames];
        for (var f = 0; f < frames; f++)
        {
            var source = $"frame {f + 1}";
            double[] Find(DicomTag sequence, DicomTag attribute, string name)
            {
                var item = perFrame[f].GetItem(sequence) ?? shared?.GetItem(sequence)
                    ?? throw new GeometryException(series, $"{name} in {source}", "missing from both the per-frame and the shared functional groups");
                return ImagePlane.Values(item, attribute, series, $"{name} in {source}");
            }
            planes[f] = ImagePlane.Create(series, source,
                Find(DicomTags.PlanePositionSequence, DicomTags.ImagePositionPatient, GeometryAttributes.PlanePositionSequence),
                Find(DicomTags.PlaneOrientationSequence, DicomTags.ImageOrientationPatient, GeometryAttributes.PlaneOrientationSequence),
                Find(DicomTags.PixelMeasuresSequence, DicomTags.PixelSpacing, GeometryAttributes.PixelMeasuresSequence),
                rows, cols);
        }
        return planes;
    }
}

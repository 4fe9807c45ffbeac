using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>One closed planar contour on one image: points in patient LPS mm of the image's Frame of Reference.</summary>
public sealed record PlanarContour(ReferencedImage Image, IReadOnlyList<Vector3> Points);

/// <summary>A region of interest with its contours.</summary>
public sealed record StructureRoi(int Number, string Name, string InterpretedType, IReadOnlyList<PlanarContour> Contours);

/// <summary>
/// Writes RT Structure Set instances (PS3.3 A.19): Structure Set module referencing the image series and its
/// Frame of Reference, ROI Contour with CLOSED_PLANAR contours that each reference their image, RT ROI Observations.
/// </summary>
public static class RtStructureSetWriter
{
    public static DicomDataset Write(DicomDataset patientAndStudy, RegisteredSeries images, IReadOnlyList<StructureRoi> rois,
        string seriesInstanceUid, string sopInstanceUid, DateTime created, string label = "PHANTOM")
    {
        var ds = new DicomDataset();
        DicomObjectAttributes.SetCreator(ds, DicomUids.RTStructureSetStorage, sopInstanceUid, created);
        DicomObjectAttributes.CopyPatientAndStudy(patientAndStudy, ds);
        DicomObjectAttributes.SetDates(ds, created, content: false);
        ds.SetString(DicomTags.Modality, "RTSTRUCT");
        ds.SetString(DicomTags.SeriesInstanceUID, seriesInstanceUid);
        ds.SetIntegers(DicomTags.SeriesNumber, 800);
        ds.SetEmpty(DicomTags.OperatorsName);
        // Frame of Reference module (C.7.4.1): the structures lie in the images' frame (REG-RT-001).
        ds.SetString(DicomTags.FrameOfReferenceUID, images.FrameOfReferenceUid);
        ds.SetEmpty(DicomTags.PositionReferenceIndicator);
        ds.SetIntegers(DicomTags.InstanceNumber, 1);
        ds.SetString(DicomTags.StructureSetLabel, label);
        ds.SetString(DicomTags.StructureSetDate, DicomValueCodec.FormatDate(DateOnly.FromDateTime(created)));
        ds.SetString(DicomTags.StructureSetTime, DicomValueCodec.FormatTime(TimeOnly.FromDateTime(created)));

        var contourImages = images.Images.Select(ImageItem).ToArray();
        var series = new DicomDataset().With(DicomTags.SeriesInstanceUID, images.SeriesInstanceUid);
        series.SetSequence(DicomTags.ContourImageSequence, contourImages);
        var study = new DicomDataset()
            .With(DicomTags.ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.1") // Study Component Management (retired) is what RT SS readers expect here
            .With(DicomTags.ReferencedSOPInstanceUID, images.StudyInstanceUid);
        study.SetSequence(DicomTags.RTReferencedSeriesSequence, series);
        var forItem = new DicomDataset().With(DicomTags.FrameOfReferenceUID, images.FrameOfReferenceUid);
        forItem.SetSequence(DicomTags.RTReferencedStudySequence, study);
        ds.SetSequence(DicomTags.ReferencedFrameOfReferenceSequence, forItem);

        ds.SetSequence(DicomTags.StructureSetROISequence, rois.Select(r =>
        {
            var item = new DicomDataset();
            item.SetIntegers(DicomTags.ROINumber, r.Number);
            item.SetString(DicomTags.ReferencedFrameOfReferenceUID, images.FrameOfReferenceUid);
            item.SetString(DicomTags.ROIName, r.Name);
            item.SetString(DicomTags.ROIGenerationAlgorithm, "AUTOMATIC");
            return item;
        }).ToArray());
        ds.SetSequence(DicomTags.ROIContourSequence, rois.Select(r =>
        {
            var item = new DicomDataset();
            item.SetIntegers(DicomTags.ROIDisplayColor, 255, 255 * (r.Number % 2), 0);
            // Contour Sequence (Type 3) holds one or more items when present (PS3.3 C.8.8.6): an ROI the slices miss has none.
            if (r.Contours.Count > 0)
            item.SetSequence(DicomTags.ContourSequence, r.Contours.Select((c, n) =>
            {
                var contour = new DicomDataset();
                contour.SetSequence(DicomTags.ContourImageSequence, ImageItem(c.Image));
                contour.SetString(DicomTags.ContourGeometricType, "CLOSED_PLANAR");
                contour.SetIntegers(DicomTags.NumberOfContourPoints, c.Points.Count);
                contour.SetIntegers(DicomTags.ContourNumber, n + 1);
                contour.SetString(DicomTags.ContourData, string.Join('\\', c.Points.SelectMany(p => new[] { p.X, p.Y, p.Z })
                    .Select(v => DicomValueCodec.FormatDecimal(Math.Round(v, 4)))), DicomVR.DS);
                return contour;
            }).ToArray());
            item.SetIntegers(DicomTags.ReferencedROINumber, r.Number);
            return item;
        }).ToArray());
        ds.SetSequence(DicomTags.RTROIObservationsSequence, rois.Select(r =>
        {
            var item = new DicomDataset();
            item.SetIntegers(DicomTags.ObservationNumber, r.Number);
            item.SetIntegers(DicomTags.ReferencedROINumber, r.Number);
            item.SetString(DicomTags.RTROIInterpretedType, r.InterpretedType);
            item.SetEmpty(DicomTags.ROIInterpreter);
            return item;
        }).ToArray());
        return ds;
    }

    private static DicomDataset ImageItem(ReferencedImage image) => new DicomDataset()
        .With(DicomTags.ReferencedSOPClassUID, image.SopClassUid).With(DicomTags.ReferencedSOPInstanceUID, image.SopInstanceUid);

    /// <summary>
    /// The contours of a sphere on the slices of a volume: on each slice plane it cuts, a circle of
    /// <paramref name="points"/> points around the foot of the centre on the plane (works for any plane orientation).
    /// </summary>
    public static IReadOnlyList<PlanarContour> SphereContours(Vector3 centre, double radius, VolumeGeometry g, IReadOnlyList<ReferencedImage> slices, int points = 32)
    {
        var n = g.Normal;
        var result = new List<PlanarContour>();
        for (var k = 0; k < g.Slices; k++)
        {
            var plane = g.SlicePosition(k);
            var d = (centre - plane).Dot(n);
            if (Math.Abs(d) >= radius * 0.999) continue;
            var rho = Math.Sqrt(radius * radius - d * d);
            var foot = centre - n * d;
            var ring = Enumerable.Range(0, points).Select(a =>
            {
                var t = 2 * Math.PI * a / points;
                return foot + g.RowDirection * (rho * Math.Cos(t)) + g.ColumnDirection * (rho * Math.Sin(t));
            }).ToList();
            result.Add(new PlanarContour(slices[k], ring));
        }
        return result;
    }
}

using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Sets;
using ConformanceKit.Rules.Validation;
using static ConformanceKit.Rules.Catalogue.RtRules;

namespace ConformanceKit.Rules.RtObjects;

/// <summary>The REG-RT rules that need the images and SROs of the set (reg-profile.md 7.3).</summary>
public static class RtSetRules
{
    /// <summary>CLOSED_PLANAR points lie on their image plane within this (test tool rule overview [T-rules-ov]).</summary>
    public const double ContourPlaneToleranceMm = 0.01;

    public static void Check(SetIndex set, ValidationOptions options, FindingSink sink)
    {
        foreach (var rtss in set.OfKind(ObjectKind.StructureSet))
        {
            if (rtss.StructureSet is not { } ss) continue;
            CheckFrames(set, rtss, ss, sink);
            CheckContours(set, rtss, ss, sink);
            CheckHybridContouring(set, rtss, ss, sink);
        }
        CheckRegisteredFrames(set, sink);
        if (options.Inputs is { } inputs) CheckManufacturer(set, inputs, options.SutManufacturer, sink);
    }

    private static void CheckFrames(SetIndex set, ObjectSummary rtss, StructureSetSummary ss, FindingSink sink)
    {
        var rforPath = AttributePath.Root.Child(DicomTags.ReferencedFrameOfReferenceSequence);
        if (sink.Mode.IsProfile() && ss.ReferencedFrames.Count != 1)
            sink.Report(StructureSetFrame, rtss.Ref, rforPath.ToString(), "the profile's structure sets are defined in one Frame of Reference",
                found: $"{ss.ReferencedFrames.Count} item(s)", expected: "1 item");
        var roiPath = AttributePath.Root.Child(DicomTags.StructureSetROISequence);
        var i = 0;
        foreach (var (roi, frame) in ss.RoiFrames)
        {
            i++;
            if (frame is not null && !ss.ReferencedFrames.Contains(frame))
                sink.Report(StructureSetFrame, rtss.Ref, roiPath.Item(i).Child(DicomTags.ReferencedFrameOfReferenceUID).ToString(),
                    $"ROI {roi} is defined in a Frame of Reference the structure set does not reference", found: frame,
                    expected: string.Join(" or ", ss.ReferencedFrames));
        }
        if (rtss.FrameOfReferenceUid is { } top && ss.ReferencedFrames.Count == 1 && ss.ReferencedFrames[0] != top)
            sink.Report(StructureSetFrame, rtss.Ref, AttributePath.Root.Child(DicomTags.FrameOfReferenceUID).ToString(),
                "the structure set's Frame of Reference differs from the one it references", found: top, expected: ss.ReferencedFrames[0]);
        // The referenced series must lie in the Frame of Reference they are listed under.
        foreach (var (seriesUid, frameUid) in ss.ReferencedSeries)
        {
            if (!set.BySeries.TryGetValue(seriesUid, out var members)) continue;
            var image = members.FirstOrDefault(m => m.Kind == ObjectKind.Image && m.FrameOfReferenceUid is not null);
            if (image is not null && image.FrameOfReferenceUid != frameUid)
                sink.Report(StructureSetFrame, rtss.Ref, rforPath.ToString(), $"series {seriesUid} is listed under another Frame of Reference than its images'",
                    found: frameUid, expected: $"{image.FrameOfReferenceUid} (as in {image.Ref.File ?? image.Ref.Label})");
        }
    }

    private static void CheckContours(SetIndex set, ObjectSummary rtss, StructureSetSummary ss, FindingSink sink)
    {
        foreach (var contour in ss.Contours)
        {
            var roiFrame = ss.RoiFrames.GetValueOrDefault(contour.RoiNumber);
            foreach (var r in contour.Images.Take(1))
            {
                if (set.Instance(r.SopInstanceUid) is not { } image) continue;
                if (roiFrame is not null && image.FrameOfReferenceUid is { } imageFrame && imageFrame != roiFrame)
                    sink.Report(ContourGeometry, rtss.Ref, r.Path, $"contour image lies in another Frame of Reference than ROI {contour.RoiNumber}",
                        found: imageFrame, expected: roiFrame);
                if (contour.GeometricType != "CLOSED_PLANAR" || image.Geometry is not { Position: { } origin, Normal: { } n } || n.Length == 0) continue;
                var unit = n.Normalized();
                var worst = 0.0;
                for (var k = 0; k + 2 < contour.Points.Length; k += 3)
                {
                    var p = new Vector3(contour.Points[k], contour.Points[k + 1], contour.Points[k + 2]);
                    worst = Math.Max(worst, Math.Abs((p - origin).Dot(unit)));
                }
                if (worst > ContourPlaneToleranceMm)
                    sink.Report(ContourGeometry, rtss.Ref, contour.Path + "/ContourData", "CLOSED_PLANAR contour is off its image's plane",
                        found: $"{worst.ToString("0.####", CultureInfo.InvariantCulture)} mm from the plane", expected: $"<= {ContourPlaneToleranceMm.ToString(CultureInfo.InvariantCulture)} mm",
                        severity: sink.Mode.IsProfile() ? null : Severity.Warning);
            }
        }
    }

    private static void CheckHybridContouring(SetIndex set, ObjectSummary rtss, StructureSetSummary ss, FindingSink sink)
    {
        var referencedSeries = ss.ReferencedImages.Concat(ss.Contours.SelectMany(c => c.Images))
            .Select(r => set.Instance(r.SopInstanceUid)).OfType<ObjectSummary>()
            .Where(i => i.Kind == ObjectKind.Image && i.FrameOfReferenceUid is not null)
            .GroupBy(i => i.FrameOfReferenceUid!, StringComparer.Ordinal);
        foreach (var frame in referencedSeries)
        {
            var series = frame.Select(i => i.SeriesInstanceUid).Distinct(StringComparer.Ordinal).ToList();
            if (series.Count > 1 && set.ImageSeriesIn(frame.Key).Count > 1)
                sink.Report(HybridContouring, rtss.Ref, AttributePath.Root.Child(DicomTags.ReferencedFrameOfReferenceSequence).ToString(),
                    "structures on hybrid data reference images of one series only", found: $"{series.Count} series of {frame.Key}", expected: "1 series");
        }
    }

    private static void CheckRegisteredFrames(SetIndex set, FindingSink sink)
    {
        foreach (var (_, objects) in set.ByPatient)
        {
            var sros = objects.Where(o => o.Kind == ObjectKind.Registration && o.Registration is not null).ToList();
            if (sros.Count == 0) continue;
            var frames = sros.Select(s => s.FrameOfReferenceUid)
                .Concat(sros.SelectMany(s => s.Registration!.Items.Select(set.FrameOf)))
                .OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var o in objects.Where(o => o.Kind is ObjectKind.StructureSet or ObjectKind.Dose))
            {
                var own = o.Kind == ObjectKind.StructureSet ? o.StructureSet?.ReferencedFrames ?? [] : o.FrameOfReferenceUid is { } f ? [f] : [];
                foreach (var frame in own.Where(f => !frames.Contains(f)))
                    sink.Report(RegisteredFrame, o.Ref, (o.Kind == ObjectKind.StructureSet
                            ? AttributePath.Root.Child(DicomTags.ReferencedFrameOfReferenceSequence) : AttributePath.Root.Child(DicomTags.FrameOfReferenceUID)).ToString(),
                        "lies in a Frame of Reference no SRO of the patient registers", found: frame, expected: "the base or a registered Frame of Reference: " + string.Join(", ", frames.Order(StringComparer.Ordinal)));
            }
        }
    }

    private static void CheckManufacturer(SetIndex set, IReadOnlyList<ObjectSummary> inputs, string? sutManufacturer, FindingSink sink)
    {
        var sent = inputs.Where(i => i.Kind == ObjectKind.StructureSet && i.SopInstanceUid is not null)
            .GroupBy(i => i.SopInstanceUid!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var path = AttributePath.Root.Child(DicomTags.Manufacturer).ToString();
        foreach (var rtss in set.OfKind(ObjectKind.StructureSet))
        {
            if (rtss.SopInstanceUid is { } uid && sent.TryGetValue(uid, out var original))
            {
                if (!string.Equals(rtss.Manufacturer ?? "", original.Manufacturer ?? "", StringComparison.Ordinal))
                    sink.Report(StructureSetManufacturer, rtss.Ref, path, "a forwarded structure set keeps its Manufacturer",
                        found: rtss.Manufacturer ?? "(absent)", expected: original.Manufacturer ?? "(absent)");
            }
            else if (string.IsNullOrEmpty(rtss.Manufacturer) || sutManufacturer is not null && rtss.Manufacturer != sutManufacturer)
                sink.Report(StructureSetManufacturer, rtss.Ref, path, "a new structure set names the system that created it",
                    found: string.IsNullOrEmpty(rtss.Manufacturer) ? "(empty)" : rtss.Manufacturer, expected: sutManufacturer ?? "the creating system's name");
        }
    }
}

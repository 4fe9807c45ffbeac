using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Sets;
using ConformanceKit.Rules.Validation;
using static ConformanceKit.Rules.Catalogue.ImageRules;

namespace ConformanceKit.Rules.Images;

/// <summary>The REG-IMG rules over image series and data sets (reg-profile.md 7.2).</summary>
public static class ImageSetRules
{
    /// <summary>Slices of one series: orientation equal within this (direction cosines).</summary>
    public const double OrientationTolerance = GeometryTolerances.SameOrientation;

    /// <summary>Two slices closer than this along the normal occupy the same position.</summary>
    public const double SamePositionMm = GeometryTolerances.DuplicateSlicePositionMm;

    public static void Check(SetIndex set, ValidationOptions options, FindingSink sink)
    {
        foreach (var (series, members) in set.BySeries)
        {
            var images = members.Where(m => m.Kind == ObjectKind.Image).ToList();
            if (images.Count == 0) continue;
            CheckFrames(images, series, sink);
            CheckGeometry(images, series, sink);
        }
        if (options.Expected is { } expected) CheckDataset(set, expected, sink);
        if (options.Inputs is { } inputs) CheckResampled(set, inputs, sink);
    }

    private static void CheckFrames(List<ObjectSummary> images, string series, FindingSink sink)
    {
        var path = AttributePath.Root.Child(DicomTags.FrameOfReferenceUID).ToString();
        foreach (var image in images.Where(i => i.FrameOfReferenceUid is null))
            sink.Report(FrameOfReference, image.Ref, path, "image without a Frame of Reference cannot be registered", expected: "a Frame of Reference UID");
        var withFrame = images.Where(i => i.FrameOfReferenceUid is not null).ToList();
        if (withFrame.Count < 2) return;
        var first = withFrame[0];
        foreach (var image in withFrame.Skip(1).Where(i => i.FrameOfReferenceUid != first.FrameOfReferenceUid))
            sink.Report(FrameOfReference, image.Ref, path, $"images of series {series} lie in different Frames of Reference",
                found: image.FrameOfReferenceUid, expected: $"{first.FrameOfReferenceUid} (as in {first.Ref.File ?? first.Ref.Label})");
    }

    private static void CheckGeometry(List<ObjectSummary> images, string series, FindingSink sink)
    {
        var planes = images.Where(i => i.Geometry is { Position: not null, Row: not null, Column: not null, Frames: <= 1 }).ToList();
        if (planes.Count < 2) return;
        var first = planes[0].Geometry!;
        var normal = first.Normal!.Value;
        var orientationPath = AttributePath.Root.Child(DicomTags.ImageOrientationPatient).ToString();
        foreach (var image in planes.Skip(1))
        {
            var g = image.Geometry!;
            var d = Math.Max((g.Row!.Value - first.Row!.Value).Length, (g.Column!.Value - first.Column!.Value).Length);
            if (d > OrientationTolerance)
                sink.Report(SeriesGeometry, image.Ref, orientationPath, $"slices of series {series} have different orientations",
                    found: $"differs by {d.ToString("G3", CultureInfo.InvariantCulture)}", expected: $"the orientation of {planes[0].Ref.File ?? planes[0].Ref.Label}");
        }
        // Slices are ordered by their position along the normal, never by Slice Location or Instance Number [T-chk].
        var sorted = planes.Select(p => (Image: p, Along: p.Geometry!.Position!.Value.Dot(normal))).OrderBy(p => p.Along).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Along - sorted[i - 1].Along < SamePositionMm)
                sink.Report(SeriesGeometry, sorted[i].Image.Ref, AttributePath.Root.Child(DicomTags.ImagePositionPatient).ToString(),
                    $"two slices of series {series} lie at the same position along the normal",
                    found: sorted[i].Along.ToString("0.###", CultureInfo.InvariantCulture) + " mm", expected: $"distinct from {sorted[i - 1].Image.Ref.File ?? sorted[i - 1].Image.Ref.Label}");
    }

    private static void CheckDataset(SetIndex set, DatasetExpectation expected, FindingSink sink)
    {
        foreach (var (_, objects) in set.ByPatient)
        {
            var series = objects.Where(o => o.Kind == ObjectKind.Image && o.FrameOfReferenceUid is not null)
                .GroupBy(o => o.SeriesInstanceUid ?? "", StringComparer.Ordinal).Select(g => g.First()).ToList();
            if (series.Count < 2) continue;
            var path = AttributePath.Root.Child(DicomTags.FrameOfReferenceUID).ToString();
            if (expected == DatasetExpectation.Hybrid)
            {
                foreach (var s in series.Skip(1).Where(s => s.FrameOfReferenceUid != series[0].FrameOfReferenceUid))
                    sink.Report(DatasetFrames, s.Ref, path, "a hybrid data set shares one Frame of Reference",
                        found: s.FrameOfReferenceUid, expected: $"{series[0].FrameOfReferenceUid} (as in {series[0].Ref.File ?? series[0].Ref.Label})");
                continue;
            }
            foreach (var group in series.GroupBy(s => s.FrameOfReferenceUid!, StringComparer.Ordinal))
            {
                var modalities = group.Select(s => s.Modality).Distinct(StringComparer.Ordinal).ToList();
                if (modalities.Count < 2) continue;
                foreach (var s in group.Skip(1))
                    sink.Report(DatasetFrames, s.Ref, path, "a non-hybrid data set gives each image set its own Frame of Reference",
                        found: $"{group.Key} shared by {string.Join(", ", modalities)}", expected: "distinct Frames of Reference");
            }
        }
    }

    /// <summary>REG-IMG-009: images in the set that were not among the inputs came from the Registrator (RAD-18).</summary>
    private static void CheckResampled(SetIndex set, IReadOnlyList<ObjectSummary> inputs, FindingSink sink)
    {
        var inputInstances = inputs.Select(i => i.SopInstanceUid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var inputFrames = inputs.Where(i => i.Kind == ObjectKind.Image).Select(i => i.FrameOfReferenceUid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var inputSeries = inputs.Select(i => i.SeriesInstanceUid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var inputPatient = inputs.FirstOrDefault(i => i.Kind == ObjectKind.Image)?.Patient;
        foreach (var image in set.Images.Where(i => i.SopInstanceUid is not null && !inputInstances.Contains(i.SopInstanceUid)))
        {
            var root = AttributePath.Root;
            if (image.FrameOfReferenceUid is null || !inputFrames.Contains(image.FrameOfReferenceUid))
                sink.Report(ResampledImages, image.Ref, root.Child(DicomTags.FrameOfReferenceUID).ToString(), "a resampled image lies in one of the input sets' Frames of Reference",
                    found: image.FrameOfReferenceUid ?? "(absent)", expected: string.Join(" or ", inputFrames.Order(StringComparer.Ordinal)));
            if (image.SeriesInstanceUid is { } s && inputSeries.Contains(s))
                sink.Report(ResampledImages, image.Ref, root.Child(DicomTags.SeriesInstanceUID).ToString(), "resampled images go in a new series",
                    found: s, expected: "a Series Instance UID not used by the inputs");
            if (inputPatient is not null && (image.Patient.Id != inputPatient.Id || image.Patient.Name != inputPatient.Name))
                sink.Report(ResampledImages, image.Ref, root.Child(DicomTags.PatientID).ToString(), "patient not preserved",
                    found: $"{image.Patient.Id} {image.Patient.Name}", expected: $"{inputPatient.Id} {inputPatient.Name}");
        }
    }
}

using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Rules.Validation;
using static ConformanceKit.Rules.Catalogue.RtRules;

namespace ConformanceKit.Rules.RtObjects;

/// <summary>The REG-RT rules one RT object decides alone (reg-profile.md 7.3).</summary>
public static class RtObjectRules
{
    /// <summary>Legacy absolute offsets equal Image Position z within this many mm (DS rounding of the two values).</summary>
    public const double LegacyOffsetToleranceMm = 1e-3;

    public static void CheckDose(DicomDataset ds, ObjectFindings f)
    {
        if (!ds.Contains(DicomTags.PixelData)) return;
        var frames = SafeRead.Int(ds, DicomTags.NumberOfFrames) ?? 1;
        if (frames <= 1) return;
        var root = AttributePath.Root;
        var pointer = ds[DicomTags.FrameIncrementPointer] is DicomValueElement { VR: var vr } && vr == DicomVR.AT ? ds.GetTags(DicomTags.FrameIncrementPointer) : [];
        if (pointer.Length != 1 || pointer[0] != DicomTags.GridFrameOffsetVector)
            f.Report(DoseGrid, root.Child(DicomTags.FrameIncrementPointer), "multi-frame RT Dose frames are indexed by Grid Frame Offset Vector",
                found: pointer.Length == 0 ? "(absent)" : string.Join('\\', pointer), expected: DicomTags.GridFrameOffsetVector.ToString());
        var gp = root.Child(DicomTags.GridFrameOffsetVector);
        if (SafeRead.Numbers(ds, DicomTags.GridFrameOffsetVector) is not { } offsets)
        {
            f.Report(DoseGrid, gp, "Grid Frame Offset Vector missing or not numbers", expected: $"{frames} offsets");
            return;
        }
        if (offsets.Length != frames)
            f.Report(DoseGrid, gp, "one offset per frame", found: $"{offsets.Length} offsets", expected: $"{frames} (Number of Frames)");
        for (var i = 1; i < offsets.Length; i++)
        {
            var rising = offsets[1] > offsets[0];
            if (rising ? offsets[i] > offsets[i - 1] : offsets[i] < offsets[i - 1]) continue;
            f.Report(DoseGrid, gp, $"offsets not strictly monotonic at value {i + 1}",
                found: $"{Num(offsets[i - 1])}, {Num(offsets[i])}", expected: rising ? "increasing" : "decreasing");
            break;
        }
        if (offsets.Length > 0 && offsets[0] != 0)
        {
            var z = SafeRead.Numbers(ds, DicomTags.ImagePositionPatient) is { Length: 3 } ipp ? ipp[2] : double.NaN;
            var legacy = Math.Abs(offsets[0] - z) <= LegacyOffsetToleranceMm;
            f.Report(DoseGrid, gp, legacy
                    ? "legacy absolute offsets (first = Image Position z); the relative form starting at 0 is recommended (PS3.3 C.8.8.3.2)"
                    : "first offset is neither 0 (relative form) nor Image Position z (legacy absolute form)",
                found: Num(offsets[0]), expected: "0", severity: legacy ? Severity.Warning : null);
        }
    }

    /// <summary>Number of Contour Points equals the number of (x, y, z) triplets in Contour Data (PS3.3 C.8.8.6).</summary>
    public static void CheckContourCounts(DicomDataset ds, ObjectFindings f)
    {
        var rois = ds.GetItems(DicomTags.ROIContourSequence);
        for (var r = 0; r < rois.Count; r++)
        {
            var contours = rois[r].GetItems(DicomTags.ContourSequence);
            for (var c = 0; c < contours.Count; c++)
            {
                var item = contours[c];
                var declared = SafeRead.Int(item, DicomTags.NumberOfContourPoints);
                var data = SafeRead.Numbers(item, DicomTags.ContourData);
                if (declared is null || data is null) continue; // missing values are IOD findings
                if (data.Length == declared * 3) continue;
                f.Report(ContourGeometry, AttributePath.Root.Child(DicomTags.ROIContourSequence).Item(r + 1).Child(DicomTags.ContourSequence).Item(c + 1).Child(DicomTags.NumberOfContourPoints),
                    "Number of Contour Points does not match Contour Data",
                    found: $"{declared} points declared, {data.Length} values", expected: $"{declared * 3} values");
            }
        }
    }

    private static string Num(double v) => v.ToString("G8", CultureInfo.InvariantCulture);
}

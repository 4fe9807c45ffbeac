using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Sets;

namespace ConformanceKit.Rules.Validation;

/// <summary>Builds the <see cref="ObjectSummary"/> of a dataset.</summary>
public static class ObjectSummarizer
{
    public const string SpatialRegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.1";
    public const string DeformableSpatialRegistrationStorage = "1.2.840.10008.5.1.4.1.1.66.3";
    public const string RtStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";
    public const string RtDoseStorage = "1.2.840.10008.5.1.4.1.1.481.2";

    public static ObjectKind KindOf(DicomDataset ds)
    {
        var sopClass = SafeRead.Text(ds, DicomTags.SOPClassUID);
        var modality = SafeRead.Text(ds, DicomTags.Modality);
        if (sopClass is SpatialRegistrationStorage or DeformableSpatialRegistrationStorage || sopClass is null && modality == "REG") return ObjectKind.Registration;
        if (sopClass == RtStructureSetStorage) return ObjectKind.StructureSet;
        if (sopClass == RtDoseStorage) return ObjectKind.Dose;
        if (ds.Contains(DicomTags.PixelData) || ds.Contains(DicomTags.ImagePositionPatient) || ds.Contains(DicomTags.SharedFunctionalGroupsSequence))
            return ObjectKind.Image;
        return ObjectKind.Other;
    }

    public static ObjectSummary Summarize(DicomDataset ds, ObjectRef reference)
    {
        var kind = KindOf(ds);
        return new ObjectSummary
        {
            Ref = reference,
            Kind = kind,
            SopClassUid = SafeRead.NonEmpty(ds, DicomTags.SOPClassUID),
            SopInstanceUid = SafeRead.NonEmpty(ds, DicomTags.SOPInstanceUID),
            Modality = SafeRead.NonEmpty(ds, DicomTags.Modality),
            Manufacturer = SafeRead.Text(ds, DicomTags.Manufacturer),
            Patient = new PatientAttributes(SafeRead.PersonName(ds, DicomTags.PatientName), SafeRead.Text(ds, DicomTags.PatientID),
                SafeRead.Text(ds, DicomTags.PatientBirthDate), SafeRead.Text(ds, DicomTags.PatientSex)),
            Study = new StudyAttributes(SafeRead.NonEmpty(ds, DicomTags.StudyInstanceUID), SafeRead.Text(ds, DicomTags.StudyDate),
                SafeRead.Text(ds, DicomTags.StudyTime), SafeRead.Text(ds, DicomTags.StudyID), SafeRead.Text(ds, DicomTags.AccessionNumber),
                SafeRead.PersonName(ds, DicomTags.ReferringPhysicianName), SafeRead.Text(ds, DicomTags.StudyDescription)),
            SeriesInstanceUid = SafeRead.NonEmpty(ds, DicomTags.SeriesInstanceUID),
            FrameOfReferenceUid = SafeRead.NonEmpty(ds, DicomTags.FrameOfReferenceUID),
            Geometry = kind is ObjectKind.Image or ObjectKind.Dose ? Geometry(ds) : null,
            Registration = kind == ObjectKind.Registration ? Registration(ds) : null,
            StructureSet = kind == ObjectKind.StructureSet ? StructureSet(ds) : null,
        };
    }

    /// <summary>Image plane of the first frame; enhanced objects carry it in the functional groups (PS3.3 C.7.6.16.2).</summary>
    public static ImageGeometry Geometry(DicomDataset ds)
    {
        var position = SafeRead.Point(ds, DicomTags.ImagePositionPatient);
        var orientation = SafeRead.Numbers(ds, DicomTags.ImageOrientationPatient);
        var spacing = SafeRead.Numbers(ds, DicomTags.PixelSpacing);
        if (position is null && ds.GetItem(DicomTags.PerFrameFunctionalGroupsSequence) is { } frame)
            position = frame.GetItem(DicomTags.PlanePositionSequence) is { } pp ? SafeRead.Point(pp, DicomTags.ImagePositionPatient) : null;
        foreach (var groups in new[] { DicomTags.SharedFunctionalGroupsSequence, DicomTags.PerFrameFunctionalGroupsSequence })
        {
            if (ds.GetItem(groups) is not { } g) continue;
            orientation ??= g.GetItem(DicomTags.PlaneOrientationSequence) is { } po ? SafeRead.Numbers(po, DicomTags.ImageOrientationPatient) : null;
            spacing ??= g.GetItem(DicomTags.PixelMeasuresSequence) is { } pm ? SafeRead.Numbers(pm, DicomTags.PixelSpacing) : null;
        }
        Vector3? row = orientation is { Length: 6 } o ? new Vector3(o[0], o[1], o[2]) : null;
        Vector3? col = orientation is { Length: 6 } q ? new Vector3(q[3], q[4], q[5]) : null;
        return new ImageGeometry(position, row, col, spacing, SafeRead.Int(ds, DicomTags.NumberOfFrames) ?? 1,
            SafeRead.NonEmpty(ds, DicomTags.PatientPosition), SafeRead.Texts(ds, DicomTags.ImageType))
        {
            HasOrientationCode = ds.Contains(DicomTags.PatientOrientationCodeSequence),
            Rows = SafeRead.Int(ds, DicomTags.Rows) ?? 0,
            Columns = SafeRead.Int(ds, DicomTags.Columns) ?? 0,
        };
    }

    public static IReadOnlyList<ImageReference> ImageReferences(DicomDataset item, DicomTag sequence, AttributePath path)
    {
        var list = new List<ImageReference>();
        var refs = item.GetItems(sequence);
        for (var i = 0; i < refs.Count; i++)
        {
            var r = refs[i];
            var frames = SafeRead.Numbers(r, DicomTags.ReferencedFrameNumber)?.Select(f => (int)f).ToArray() ?? [];
            list.Add(new ImageReference(SafeRead.NonEmpty(r, DicomTags.ReferencedSOPClassUID), SafeRead.NonEmpty(r, DicomTags.ReferencedSOPInstanceUID),
                frames, path.Child(sequence).Item(i + 1).ToString()));
        }
        return list;
    }

    /// <summary>The transform of one Matrix Registration item: the single matrix, or the product of several (PS3.3 C.20.2.1.1, Eq. C.20.2-2).</summary>
    public static (Matrix4? Matrix, string? Type) EffectiveMatrix(DicomDataset matrixRegistration)
    {
        var matrices = matrixRegistration.GetItems(DicomTags.MatrixSequence);
        Matrix4? product = null;
        string? type = null;
        foreach (var m in matrices)
        {
            if (SafeRead.Numbers(m, DicomTags.FrameOfReferenceTransformationMatrix) is not { Length: 16 } v || v.Any(x => !double.IsFinite(x))) return (null, null);
            var matrix = new Matrix4(v);
            // Eq. C.20.2-2: the first item is applied first, so later items multiply from the left.
            product = product is null ? matrix : matrix * product;
            type ??= SafeRead.NonEmpty(m, DicomTags.FrameOfReferenceTransformationMatrixType);
        }
        return (product, type);
    }

    private static RegistrationSummary Registration(DicomDataset ds)
    {
        var items = new List<RegistrationItemSummary>();
        var seq = ds.GetItems(DicomTags.RegistrationSequence);
        for (var i = 0; i < seq.Count; i++)
        {
            var item = seq[i];
            var path = AttributePath.Root.Child(DicomTags.RegistrationSequence).Item(i + 1);
            var mr = item.GetItem(DicomTags.MatrixRegistrationSequence);
            var (matrix, type) = mr is null ? (null, null) : EffectiveMatrix(mr);
            var code = mr?.GetItem(DicomTags.RegistrationTypeCodeSequence) is { } c ? SafeRead.NonEmpty(c, DicomTags.CodeValue) : null;
            var matrixPath = path.Child(DicomTags.MatrixRegistrationSequence).Item(1).Child(DicomTags.MatrixSequence).Item(1)
                .Child(DicomTags.FrameOfReferenceTransformationMatrix).ToString();
            items.Add(new RegistrationItemSummary(i + 1, SafeRead.NonEmpty(item, DicomTags.FrameOfReferenceUID),
                ImageReferences(item, DicomTags.ReferencedImageSequence, path), matrix, type, code, matrixPath));
        }
        var sameStudy = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var series in ds.GetItems(DicomTags.ReferencedSeriesSequence))
        {
            var uid = SafeRead.NonEmpty(series, DicomTags.SeriesInstanceUID) ?? "";
            var set = sameStudy.TryGetValue(uid, out var existing) ? new HashSet<string>(existing, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
            foreach (var inst in series.GetItems(DicomTags.ReferencedInstanceSequence))
                if (SafeRead.NonEmpty(inst, DicomTags.ReferencedSOPInstanceUID) is { } sop)
                {
                    set.Add(sop);
                    if (SafeRead.NonEmpty(inst, DicomTags.ReferencedSOPClassUID) is { } cls) classes[sop] = cls;
                }
            sameStudy[uid] = set;
        }
        var otherInstances = new HashSet<string>(StringComparer.Ordinal);
        var otherStudies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in ds.GetItems(DicomTags.StudiesContainingOtherReferencedInstancesSequence))
        {
            if (SafeRead.NonEmpty(study, DicomTags.StudyInstanceUID) is { } s) otherStudies.Add(s);
            foreach (var series in study.GetItems(DicomTags.ReferencedSeriesSequence))
                foreach (var inst in series.GetItems(DicomTags.ReferencedInstanceSequence))
                    if (SafeRead.NonEmpty(inst, DicomTags.ReferencedSOPInstanceUID) is { } sop) otherInstances.Add(sop);
        }
        return new RegistrationSummary(items, sameStudy, classes, otherInstances, otherStudies);
    }

    private static StructureSetSummary StructureSet(DicomDataset ds)
    {
        var frames = new List<string>();
        var images = new List<ImageReference>();
        var series = new List<(string, string)>();
        var rfors = ds.GetItems(DicomTags.ReferencedFrameOfReferenceSequence);
        for (var f = 0; f < rfors.Count; f++)
        {
            var rfor = rfors[f];
            var forUid = SafeRead.NonEmpty(rfor, DicomTags.FrameOfReferenceUID) ?? "";
            frames.Add(forUid);
            var pf = AttributePath.Root.Child(DicomTags.ReferencedFrameOfReferenceSequence).Item(f + 1);
            var studies = rfor.GetItems(DicomTags.RTReferencedStudySequence);
            for (var s = 0; s < studies.Count; s++)
            {
                var ps = pf.Child(DicomTags.RTReferencedStudySequence).Item(s + 1);
                var seriesItems = studies[s].GetItems(DicomTags.RTReferencedSeriesSequence);
                for (var r = 0; r < seriesItems.Count; r++)
                {
                    if (SafeRead.NonEmpty(seriesItems[r], DicomTags.SeriesInstanceUID) is { } uid) series.Add((uid, forUid));
                    images.AddRange(ImageReferences(seriesItems[r], DicomTags.ContourImageSequence, ps.Child(DicomTags.RTReferencedSeriesSequence).Item(r + 1)));
                }
            }
        }
        var roiFrames = new Dictionary<int, string?>();
        foreach (var roi in ds.GetItems(DicomTags.StructureSetROISequence))
            if (SafeRead.Int(roi, DicomTags.ROINumber) is { } n) roiFrames[n] = SafeRead.NonEmpty(roi, DicomTags.ReferencedFrameOfReferenceUID);
        var contours = new List<ContourSummary>();
        var roiContours = ds.GetItems(DicomTags.ROIContourSequence);
        for (var r = 0; r < roiContours.Count; r++)
        {
            var number = SafeRead.Int(roiContours[r], DicomTags.ReferencedROINumber) ?? -1;
            var pr = AttributePath.Root.Child(DicomTags.ROIContourSequence).Item(r + 1);
            var cs = roiContours[r].GetItems(DicomTags.ContourSequence);
            for (var c = 0; c < cs.Count; c++)
            {
                var pc = pr.Child(DicomTags.ContourSequence).Item(c + 1);
                contours.Add(new ContourSummary(number, SafeRead.NonEmpty(cs[c], DicomTags.ContourGeometricType),
                    SafeRead.Numbers(cs[c], DicomTags.ContourData) ?? [], ImageReferences(cs[c], DicomTags.ContourImageSequence, pc), pc.ToString()));
            }
        }
        return new StructureSetSummary(frames, roiFrames, images, series, contours);
    }
}

using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Oracles;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Rules.Images;
using ConformanceKit.Rules.Sets;
using ConformanceKit.Rules.Validation;
using static ConformanceKit.Rules.Catalogue.SroRules;

namespace ConformanceKit.Rules.Registration;

/// <summary>The REG-SRO rules that need the rest of the set: referenced images, patient/study, base and moving sets, chains.</summary>
public static class SroSetRules
{
    /// <summary>Test tool tolerance per matrix element: max(5 % of the received value, 0.05) (TestToolConfiguration [T-cfg]).</summary>
    public const double ToolRelativeTolerance = 0.05;
    public const double ToolAbsoluteTolerance = 0.05;

    /// <summary>Chained registrations must close a loop within this at the test points (reg-profile.md 7.1, inferred).</summary>
    public const double LoopResidualMm = 0.5;

    /// <summary>Test points: corners and centre of a cube of this half size about the Frame of Reference origin (a patient-sized volume).</summary>
    public const double TestCubeHalfSizeMm = 250;

    public static void Check(SetIndex set, ValidationOptions options, FindingSink sink)
    {
        foreach (var sro in set.OfKind(ObjectKind.Registration))
        {
            if (sro.Registration is not { } reg) continue;
            var topFor = sro.FrameOfReferenceUid;
            var hasImages = set.ByPatient.TryGetValue(sro.Patient.Id ?? "", out var samePatient) && samePatient.Any(o => o.Kind == ObjectKind.Image);
            var registered = RegisteredImages(set, reg);
            CheckOwnSeries(set, sro, reg, registered, sink);
            CheckPatientAndStudy(sro, reg, registered, sink);
            CheckFrames(set, sro, reg, topFor, hasImages, sink);
            CheckReferencedImages(set, sro, reg, sink);
            CheckCommonInstanceReference(set, sro, reg, sink);
            CheckAgainstReference(set, sro, reg, topFor, options, sink);
        }
        foreach (var (_, objects) in set.ByPatient)
            CheckChains(set, objects.Where(o => o.Kind == ObjectKind.Registration && o.Registration is not null).ToList(), sink);
    }

    /// <summary>The images an SRO registers: those its items reference, else those in its items' Frames of Reference.</summary>
    private static List<ObjectSummary> RegisteredImages(SetIndex set, RegistrationSummary reg)
    {
        var referenced = reg.Items.SelectMany(i => i.Images).Select(r => set.Instance(r.SopInstanceUid)).OfType<ObjectSummary>().ToList();
        if (referenced.Count > 0) return referenced;
        return reg.Items.Select(i => i.FrameOfReferenceUid).OfType<string>()
            .SelectMany(f => set.ImagesByFrame.TryGetValue(f, out var l) ? l : []).ToList();
    }

    private static void CheckOwnSeries(SetIndex set, ObjectSummary sro, RegistrationSummary reg, List<ObjectSummary> registered, FindingSink sink)
    {
        if (sro.SeriesInstanceUid is not { } series) return;
        var path = AttributePath.Root.Child(DicomTags.SeriesInstanceUID).ToString();
        if (registered.Any(i => i.SeriesInstanceUid == series) || reg.SameStudySeries.ContainsKey(series))
            sink.Report(OwnSeries, sro.Ref, path, "the SRO is in a series it registers", found: series, expected: "a Series Instance UID of its own");
        foreach (var other in set.BySeries[series].Where(o => o.Kind != ObjectKind.Registration))
            sink.Report(OwnSeries, sro.Ref, path, "the SRO series also holds a non-REG object", found: $"{other.Modality ?? "?"} {other.Ref.File ?? other.Ref.Label}", expected: "REG instances only");
    }

    private static void CheckPatientAndStudy(ObjectSummary sro, RegistrationSummary reg, List<ObjectSummary> registered, FindingSink sink)
    {
        if (registered.Count == 0) return;
        var image = registered[0];
        var where = $"(as in {image.Ref.File ?? image.Ref.Label})";
        void Patient(DicomTag tag, string? found, string? expected)
        {
            if (!string.Equals(found ?? "", expected ?? "", StringComparison.Ordinal))
                sink.Report(PatientMatches, sro.Ref, AttributePath.Root.Child(tag).ToString(), "differs from the registered images",
                    found: found ?? "(absent)", expected: $"{expected ?? "(absent)"} {where}");
        }
        Patient(DicomTags.PatientName, sro.Patient.Name, image.Patient.Name);
        Patient(DicomTags.PatientID, sro.Patient.Id, image.Patient.Id);
        Patient(DicomTags.PatientBirthDate, sro.Patient.BirthDate, image.Patient.BirthDate);
        Patient(DicomTags.PatientSex, sro.Patient.Sex, image.Patient.Sex);

        foreach (var study in registered.GroupBy(i => i.Study.InstanceUid ?? "", StringComparer.Ordinal))
        {
            var first = study.First();
            if (study.Key == sro.Study.InstanceUid)
            {
                void Study(DicomTag tag, Func<StudyAttributes, string?> value)
                {
                    if (!string.Equals(value(sro.Study) ?? "", value(first.Study) ?? "", StringComparison.Ordinal))
                        sink.Report(StudyMatches, sro.Ref, AttributePath.Root.Child(tag).ToString(), "differs from the registered images of the same study",
                            found: value(sro.Study) ?? "(absent)", expected: $"{value(first.Study) ?? "(absent)"} (as in {first.Ref.File ?? first.Ref.Label})");
                }
                Study(DicomTags.StudyDate, s => s.Date);
                Study(DicomTags.StudyTime, s => s.Time);
                Study(DicomTags.StudyID, s => s.Id);
                Study(DicomTags.AccessionNumber, s => s.AccessionNumber);
                Study(DicomTags.ReferringPhysicianName, s => s.ReferringPhysician);
                Study(DicomTags.StudyDescription, s => s.Description);
            }
            else if (!reg.OtherStudies.Contains(study.Key))
                sink.Report(StudyMatches, sro.Ref, AttributePath.Root.Child(DicomTags.StudiesContainingOtherReferencedInstancesSequence).ToString(),
                    "registered images of another study are not listed as other-study references", found: "(not listed)", expected: study.Key);
        }
    }

    private static void CheckFrames(SetIndex set, ObjectSummary sro, RegistrationSummary reg, string? topFor, bool hasImages, FindingSink sink)
    {
        if (topFor is not null && hasImages && !set.ImagesByFrame.ContainsKey(topFor))
            sink.Report(BaseFrameOfReference, sro.Ref, AttributePath.Root.Child(DicomTags.FrameOfReferenceUID).ToString(),
                "no supplied image set lies in the SRO's Frame of Reference (the base)", found: topFor,
                expected: "one of " + string.Join(", ", set.ImagesByFrame.Keys.Order(StringComparer.Ordinal)));

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in reg.Items)
        {
            var frame = set.FrameOf(item);
            if (frame is null) continue;
            var path = AttributePath.Root.Child(DicomTags.RegistrationSequence).Item(item.Number).Child(DicomTags.FrameOfReferenceUID).ToString();
            if (seen.TryGetValue(frame, out var earlier))
                sink.Report(MovingItem, sro.Ref, path, $"items {earlier} and {item.Number} register the same Frame of Reference", found: frame, expected: "one item per Frame of Reference");
            else seen[frame] = item.Number;
            if (item.Number < 2) continue;
            if (frame == topFor)
                sink.Report(MovingItem, sro.Ref, path, "the moving item registers the base Frame of Reference onto itself", found: frame, expected: "the moving image set's Frame of Reference");
            else if (hasImages && !set.ImagesByFrame.ContainsKey(frame))
                sink.Report(MovingItem, sro.Ref, path, "no supplied image set lies in this Frame of Reference", found: frame,
                    expected: "one of " + string.Join(", ", set.ImagesByFrame.Keys.Order(StringComparer.Ordinal)));
        }
        if (reg.Items.Count >= 2 && seen.Count == 1)
            sink.Report(HybridPair, sro.Ref, AttributePath.Root.Child(DicomTags.RegistrationSequence).ToString(),
                "every item is in one Frame of Reference: a hybrid pair needs no SRO", found: seen.Keys.Single(), expected: "no SRO for this pair");
    }

    private static void CheckReferencedImages(SetIndex set, ObjectSummary sro, RegistrationSummary reg, FindingSink sink)
    {
        var profile = sink.Mode.IsProfile();
        foreach (var item in reg.Items)
        {
            var frames = new HashSet<string>(StringComparer.Ordinal);
            var series = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in item.Images)
            {
                if (profile && (r.SopClassUid is null || !ImageObjectRules.RegistrableImageClasses.Contains(r.SopClassUid)))
                    sink.Report(ReferencedImages, sro.Ref, r.Path, "the profile registers CT, MR and PET images",
                        found: r.SopClassUid is null ? "(absent)" : DicomUidRegistry.NameOf(r.SopClassUid), expected: "CT, MR or PET Image Storage");
                var image = set.Instance(r.SopInstanceUid);
                if (image is null)
                {
                    var supplied = item.FrameOfReferenceUid is { } f && set.ImagesByFrame.ContainsKey(f);
                    sink.Report(ReferencedImages, sro.Ref, r.Path, supplied
                            ? "referenced image is missing from its image set in the validated set"
                            : "referenced image is not in the validated set; its Frame of Reference cannot be verified",
                        found: r.SopInstanceUid ?? "(no UID)", expected: "an image of the set", severity: supplied ? null : Severity.Warning);
                    continue;
                }
                if (r.SopClassUid is not null && image.SopClassUid is not null && r.SopClassUid != image.SopClassUid)
                    sink.Report(ReferencedImages, sro.Ref, r.Path, "Referenced SOP Class UID differs from the image's SOP Class",
                        found: DicomUidRegistry.NameOf(r.SopClassUid), expected: DicomUidRegistry.NameOf(image.SopClassUid));
                if (image.FrameOfReferenceUid is { } imageFor)
                {
                    frames.Add(imageFor);
                    if (item.FrameOfReferenceUid is { } itemFor && itemFor != imageFor)
                        sink.Report(ReferencedImages, sro.Ref, r.Path, "referenced image lies in another Frame of Reference than its item",
                            found: imageFor, expected: itemFor);
                }
                if (image.SeriesInstanceUid is { } s) series.Add(s);
                CheckFrameNumbers(sro, r, image, sink);
            }
            var itemPath = AttributePath.Root.Child(DicomTags.RegistrationSequence).Item(item.Number).Child(DicomTags.ReferencedImageSequence).ToString();
            if (item.FrameOfReferenceUid is null && frames.Count > 1)
                sink.Report(ReferencedImages, sro.Ref, itemPath, "images of one item lie in several Frames of Reference",
                    found: string.Join(", ", frames), expected: "one Frame of Reference");
            if (series.Count > 1)
                sink.Report(ReferencedSeriesCoverage, sro.Ref, itemPath, "images of one item come from several series", found: $"{series.Count} series", expected: "1 series");
            else if (series.Count == 1 && set.BySeries.TryGetValue(series.Single(), out var members))
            {
                var referenced = item.Images.Select(i => i.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
                var missing = members.Count(m => m.Kind == ObjectKind.Image && !referenced.Contains(m.SopInstanceUid));
                if (missing > 0)
                    sink.Report(ReferencedSeriesCoverage, sro.Ref, itemPath, "the item references only part of its image series",
                        found: $"{members.Count - missing} of {members.Count} images", expected: "every image of the series");
            }
        }
    }

    private static void CheckFrameNumbers(ObjectSummary sro, ImageReference r, ObjectSummary image, FindingSink sink)
    {
        if (r.Frames.Count == 0) return;
        var frames = image.Geometry?.Frames ?? 1;
        var path = r.Path + "/ReferencedFrameNumber";
        if (frames <= 1)
            sink.Report(ReferencedFrames, sro.Ref, path, "frame numbers given for a single-frame image", found: string.Join('\\', r.Frames), expected: "absent");
        else if (r.Frames.Any(n => n < 1 || n > frames))
            sink.Report(ReferencedFrames, sro.Ref, path, "frame number outside the image's frames", found: string.Join('\\', r.Frames), expected: $"1..{frames}");
    }

    private static void CheckCommonInstanceReference(SetIndex set, ObjectSummary sro, RegistrationSummary reg, FindingSink sink)
    {
        foreach (var r in reg.Items.SelectMany(i => i.Images))
        {
            if (r.SopInstanceUid is not { } uid) continue;
            var image = set.Instance(uid);
            var listedSeries = reg.SameStudySeries.Where(kv => kv.Value.Contains(uid)).Select(kv => kv.Key).ToList();
            if (listedSeries.Count > 0)
            {
                if (image?.SeriesInstanceUid is { } trueSeries && !listedSeries.Contains(trueSeries))
                    sink.Report(CommonInstanceReference, sro.Ref, AttributePath.Root.Child(DicomTags.ReferencedSeriesSequence).ToString(),
                        $"instance {uid} is listed under another series than its own", found: string.Join(", ", listedSeries), expected: trueSeries);
                var listedClass = reg.ReferencedClassByInstance.GetValueOrDefault(uid);
                var trueClass = image?.SopClassUid ?? r.SopClassUid;
                if (listedClass is not null && trueClass is not null && listedClass != trueClass)
                    sink.Report(CommonInstanceReference, sro.Ref, AttributePath.Root.Child(DicomTags.ReferencedSeriesSequence).ToString(),
                        $"instance {uid} is listed with another SOP Class", found: DicomUidRegistry.NameOf(listedClass), expected: DicomUidRegistry.NameOf(trueClass));
            }
            else if (!reg.OtherStudyInstances.Contains(uid))
                sink.Report(CommonInstanceReference, sro.Ref, r.Path, "referenced instance is not listed in the Common Instance Reference module",
                    found: uid, expected: "listed in Referenced Series Sequence (same study) or Studies Containing Other Referenced Instances Sequence");
        }
    }

    private static void CheckAgainstReference(SetIndex set, ObjectSummary sro, RegistrationSummary reg, string? topFor, ValidationOptions options, FindingSink sink)
    {
        if (topFor is null || options.References.Count == 0) return;
        foreach (var item in reg.Items.Skip(1))
        {
            var moving = set.FrameOf(item);
            if (moving is null || item.Matrix is not { } m) continue;
            var reference = options.References.FirstOrDefault(r => r.BaseFrameOfReferenceUid == topFor && r.MovingFrameOfReferenceUid == moving)?.MovingToBase
                ?? options.References.FirstOrDefault(r => r.BaseFrameOfReferenceUid == moving && r.MovingFrameOfReferenceUid == topFor)?.MovingToBase.Inverse();
            if (reference is null) continue;
            var (points, voxel) = MovingVolume(set, moving);
            var tolerance = Math.Max(options.ReferenceToleranceMm, voxel / 2);
            var diagnosis = Diagnose(sro, reg, topFor, moving, reference, points, tolerance, set);

            var worst = -1;
            var worstExcess = 0.0;
            for (var k = 0; k < 16; k++)
            {
                var allowed = Math.Max(ToolRelativeTolerance * Math.Abs(m[k]), ToolAbsoluteTolerance);
                var excess = Math.Abs(m[k] - reference[k]) - allowed;
                if (excess > worstExcess) { worstExcess = excess; worst = k; }
            }
            if (worst >= 0)
                sink.Report(MatrixMatchesReference, sro.Ref, item.MatrixPath,
                    $"element {worst + 1} (row {worst / 4 + 1}, column {worst % 4 + 1}) is outside the tool tolerance" +
                    (diagnosis.Verdict is not (MatrixVerdict.Correct or MatrixVerdict.Unexplained) ? $"; the matrix appears {Describe(diagnosis.Verdict)}" : ""),
                    found: m[worst].ToString("G8", CultureInfo.InvariantCulture),
                    expected: $"{reference[worst].ToString("G8", CultureInfo.InvariantCulture)} +- max(5 %, 0.05); reference {MatrixSemantics.Format(reference)}");
            if (diagnosis.Verdict != MatrixVerdict.Correct)
                sink.Report(MatchesTruth, sro.Ref, item.MatrixPath,
                    diagnosis.Verdict == MatrixVerdict.Unexplained ? diagnosis.Summary : $"item {item.Number} matrix appears {Describe(diagnosis.Verdict)}: {diagnosis.Summary}",
                    found: $"TRE max {diagnosis.Error.MaxMm.ToString("0.###", CultureInfo.InvariantCulture)} mm, rotation error {diagnosis.RotationErrorDegrees.ToString("0.###", CultureInfo.InvariantCulture)} deg",
                    expected: $"TRE <= {tolerance.ToString("0.###", CultureInfo.InvariantCulture)} mm at {points.Count} test points");
        }
    }

    /// <summary>The geometry layer's matrix-mistake diagnosis on the SRO as read (swapped items included).</summary>
    private static MatrixDiagnosis Diagnose(ObjectSummary sro, RegistrationSummary reg, string topFor, string moving, Matrix4 truth,
        IReadOnlyList<Vector3> points, double toleranceMm, SetIndex set)
    {
        var model = new SpatialRegistration(sro.SopInstanceUid, sro.SeriesInstanceUid, sro.Study.InstanceUid, topFor,
            reg.Items.Select(i => new RegistrationItem(i.Number, set.FrameOf(i), [],
                i.Matrix is { } m ? [new RegistrationMatrix(m, i.MatrixType, [])] : [], null, null, 1)).ToList(), []);
        if (model.TransformBetween(moving, topFor) is null)
            return MatrixDiagnostician.Diagnose(truth, reg.Items.First(i => set.FrameOf(i) == moving).Matrix!, points, toleranceMm);
        return MatrixDiagnostician.Diagnose(truth, model, topFor, moving, points, toleranceMm);
    }

    private static string Describe(MatrixVerdict verdict) => verdict switch
    {
        MatrixVerdict.Inverted => "inverted (base to moving instead of moving to base)",
        MatrixVerdict.Transposed => "transposed (written column-major)",
        MatrixVerdict.LpsRasFlip => "flipped between LPS and RAS",
        MatrixVerdict.CentimetresForMillimetres => "to have its translation in centimetres",
        MatrixVerdict.SwappedItems => "swapped with the base item's",
        MatrixVerdict.InverseTranslationOnly => "to carry the inverse transform's translation",
        _ => verdict.ToString(),
    };

    /// <summary>
    /// Test points in the moving Frame of Reference: the corners and centre of the moving images' bounding box
    /// (reg-profile.md 8.1), and the largest voxel dimension; a patient-sized cube when no moving image is in the set.
    /// </summary>
    private static (IReadOnlyList<Vector3> Points, double LargestVoxelMm) MovingVolume(SetIndex set, string movingFrame)
    {
        var images = set.ImagesByFrame.TryGetValue(movingFrame, out var list) ? list : [];
        var corners = images.Select(i => i.Geometry).OfType<ImageGeometry>().SelectMany(g => g.Corners()).ToList();
        if (corners.Count < 8) return (TestPoints().ToList(), 0);
        var g0 = images.Select(i => i.Geometry).OfType<ImageGeometry>().First(g => g.Row is not null && g.Column is not null);
        var axes = new[] { g0.Row!.Value, g0.Column!.Value, g0.Normal!.Value.Normalized() };
        var min = axes.Select(a => corners.Min(c => c.Dot(a))).ToArray();
        var max = axes.Select(a => corners.Max(c => c.Dot(a))).ToArray();
        var points = new List<Vector3>();
        foreach (var i in new[] { 0, 1 })
            foreach (var j in new[] { 0, 1 })
                foreach (var k in new[] { 0, 1 })
                    points.Add(axes[0] * (i == 0 ? min[0] : max[0]) + axes[1] * (j == 0 ? min[1] : max[1]) + axes[2] * (k == 0 ? min[2] : max[2]));
        points.Add(points.Aggregate(Vector3.Zero, (a, b) => a + b) / points.Count);
        var spacing = images.Select(i => i.Geometry?.PixelSpacing).OfType<double[]>().SelectMany(s => s).DefaultIfEmpty(0).Max();
        var slice = images.Count > 1 ? (max[2] - min[2]) / (images.Count - 1) : 0;
        return (points, Math.Max(spacing, slice));
    }

    /// <summary>
    /// REG-SRO-035: the SROs of one patient form a graph of Frames of Reference (edge B to A with matrix AMB per
    /// item). Every SRO must connect to the others, and every loop must close (Eq. C.20.2-3) within
    /// <see cref="LoopResidualMm"/> at the test points.
    /// </summary>
    private static void CheckChains(SetIndex set, List<ObjectSummary> sros, FindingSink sink)
    {
        if (sros.Count == 0) return;
        var edges = new List<(string From, string To, Matrix4 M, ObjectSummary Sro, RegistrationItemSummary Item)>();
        foreach (var sro in sros)
        {
            if (sro.FrameOfReferenceUid is not { } top) continue;
            foreach (var item in sro.Registration!.Items)
                if (set.FrameOf(item) is { } from && from != top && item.Matrix is { } m && IsInvertible(m))
                    edges.Add((from, top, m, sro, item));
        }
        // Transform from each Frame of Reference into its component's root (breadth-first over the edges, both directions).
        var toRoot = new Dictionary<string, Matrix4>(StringComparer.Ordinal);
        var component = new Dictionary<string, int>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        var nodes = sros.Select(s => s.FrameOfReferenceUid).OfType<string>().Concat(edges.Select(e => e.From)).Distinct(StringComparer.Ordinal).ToList();
        var componentCount = 0;
        foreach (var start in nodes)
        {
            if (toRoot.ContainsKey(start)) continue;
            toRoot[start] = Matrix4.Identity;
            component[start] = componentCount;
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var n = queue.Dequeue();
                for (var e = 0; e < edges.Count; e++)
                {
                    var (from, to, m, _, _) = edges[e];
                    if (to == n && !toRoot.ContainsKey(from)) { toRoot[from] = toRoot[n] * m; component[from] = componentCount; used.Add(e); queue.Enqueue(from); }
                    else if (from == n && !toRoot.ContainsKey(to)) { toRoot[to] = toRoot[n] * m.Inverse(); component[to] = componentCount; used.Add(e); queue.Enqueue(to); }
                }
            }
            componentCount++;
        }
        if (componentCount > 1)
        {
            var first = sros[0];
            foreach (var sro in sros.Skip(1).Where(s => s.FrameOfReferenceUid is { } f && component[f] != component[first.FrameOfReferenceUid ?? f]))
                sink.Report(ChainConsistent, sro.Ref, AttributePath.Root.Child(DicomTags.FrameOfReferenceUID).ToString(),
                    "this SRO neither shares a Frame of Reference with nor chains to the other SROs of the patient",
                    found: sro.FrameOfReferenceUid, expected: $"the base {first.FrameOfReferenceUid} or a Frame of Reference chained to it");
        }
        for (var e = 0; e < edges.Count; e++)
        {
            if (used.Contains(e)) continue;
            var (from, to, m, sro, item) = edges[e];
            var residual = TestPoints().Max(p => toRoot[to].TransformPoint(m.TransformPoint(p)).DistanceTo(toRoot[from].TransformPoint(p)));
            if (residual > LoopResidualMm)
                sink.Report(ChainConsistent, sro.Ref, item.MatrixPath,
                    "this registration contradicts the other SROs of the patient (the loop of registrations does not close)",
                    found: $"loop residual {residual.ToString("0.###", CultureInfo.InvariantCulture)} mm", expected: $"<= {LoopResidualMm.ToString(CultureInfo.InvariantCulture)} mm");
        }
    }

    private static bool IsInvertible(Matrix4 m) => Math.Abs(m.Determinant3x3) > 1e-12 && MatrixSemantics.LastRowIsAffine(m);

    private static IEnumerable<Vector3> TestPoints()
    {
        yield return Vector3.Zero;
        foreach (var x in new[] { -1, 1 })
            foreach (var y in new[] { -1, 1 })
                foreach (var z in new[] { -1, 1 })
                    yield return new Vector3(x, y, z) * TestCubeHalfSizeMm;
    }
}

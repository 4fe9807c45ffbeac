using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Transforms;
using ConformanceKit.Reports.Svg;
using ConformanceKit.Reports.Views;
using ConformanceKit.Rules.Registration;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Sections;

/// <summary>
/// A panel per captured Spatial Registration object: each item's matrix as stored (DS strings), its
/// decomposition (Geometry: axis/angle, translation, scale, orthonormality error, determinant), what the
/// matrices alone say about the usual mistakes (Rules: matrix semantics), the findings the run's checks made
/// on this SRO (check-tre's diagnosis against the truth among them), and the Frame-of-Reference graph of
/// the scenario's captured objects.
/// </summary>
public sealed class RegistrationPanels(RunFolderFiles files)
{
    /// <summary>Translation (mm) beyond which a patient-space registration is implausible: larger than any scanner bore, as a cm/mm or m/mm slip gives.</summary>
    public const double ImplausibleTranslationMm = 1000;

    /// <summary>The scenario's SRO panels and its Frame-of-Reference graph (empty when it captured no SRO).</summary>
    public (IReadOnlyList<SroPanelView> Panels, Html.TrustedHtml Graph) Build(ScenarioResult scenario, string scenarioAnchor, IReadOnlyList<FindingView> findings)
    {
        var sros = new List<(ObjectResult Object, SpatialRegistration Model, string Label)>();
        var frames = new FrameLabels();
        foreach (var o in scenario.Steps.SelectMany(s => s.Objects))
        {
            var (file, _) = files.ReadObject(o.File, headerOnly: true);
            if (file is null) continue;
            var ds = file.Dataset;
            if (o.SopClassUid == DicomUids.SpatialRegistrationStorage)
            {
                var model = SpatialRegistration.Read(ds);
                if (sros.Any(s => s.Model.SopInstanceUid == model.SopInstanceUid)) continue;
                sros.Add((o, model, Safe(ds, DicomTags.ContentLabel) ?? Safe(ds, DicomTags.SeriesDescription) ?? "SRO"));
            }
            else if (Safe(ds, DicomTags.FrameOfReferenceUID) is { Length: > 0 } forUid)
                frames.Add(forUid, Safe(ds, DicomTags.Modality) ?? "?");
        }
        if (sros.Count == 0) return ([], Html.TrustedHtml.Empty);

        var graph = new FrameOfReferenceGraph();
        foreach (var s in sros) graph.Add(s.Model);
        var drawing = FrameGraphSvg.Build(sros.Select(s => (s.Label, s.Model)).ToList(), frames, graph);
        var panels = sros.Select((s, n) => new SroPanelView
        {
            Anchor = $"{scenarioAnchor}-sro{n + 1}",
            ScenarioId = scenario.Id,
            ScenarioAnchor = scenarioAnchor,
            Label = s.Label,
            SopInstanceUid = s.Model.SopInstanceUid ?? "",
            File = s.Object.File ?? "",
            RegisteredFrameOfReference = frames.Describe(s.Model.FrameOfReferenceUid),
            Items = s.Model.Items.Select(i => Item(i, s.Model, frames)).ToList(),
            Problems = s.Model.Problems,
            Diagnosis = Diagnose(s.Model),
            Findings = findings.Where(f => f.SopInstanceUid.Length > 0 && f.SopInstanceUid == s.Model.SopInstanceUid).ToList(),
            Graph = drawing,
        }).ToList();
        return (panels, drawing);
    }

    private static SroItemView Item(RegistrationItem item, SpatialRegistration sro, FrameLabels frames)
    {
        var matrix = item.Matrices.Count > 0 ? item.Matrices[0] : null;
        var rows = new List<MatrixRow>();
        if (matrix is not null)
            for (var r = 0; r < 4; r++) rows.Add(new MatrixRow(matrix.RawValues.Skip(4 * r).Take(4).Select(v => v.Trim()).ToList()));
        var decomposition = new List<NameValue>();
        var remarks = new List<string>();
        var m = item.Transform;
        var identity = m is not null && MatrixSemantics.IsIdentity(m);
        if (item.Matrices.Count > 1) remarks.Add($"{item.Matrices.Count} matrices in the Matrix Sequence, composed in order (PS3.3 C.20.2.1.1); the profile allows one");
        if (m is null) remarks.Add("no usable matrix");
        else if (!m.IsFinite) remarks.Add("the matrix holds values that are not finite numbers");
        else
        {
            var rigidity = RigidityCheck.Of(m);
            try
            {
                var d = TransformDecomposition.Of(m);
                decomposition.Add(new("rotation axis", Vec(d.RotationAxis)));
                decomposition.Add(new("rotation angle", Format.Number(d.RotationAngleDegrees, "0.####") + "\u00b0"));
                decomposition.Add(new("translation", Vec(d.Translation) + " mm"));
                decomposition.Add(new("|translation|", Format.Number(d.Translation.Length, "0.###") + " mm"));
                decomposition.Add(new("scale", Vec(d.Scale)));
                decomposition.Add(new("largest shear", Format.Small(d.ShearMagnitude)));
            }
            catch (InvalidOperationException e) { remarks.Add($"cannot be decomposed: {e.Message}"); }
            decomposition.Add(new("orthonormality error", Format.Small(rigidity.OrthonormalityError)));
            decomposition.Add(new("determinant (3x3)", Format.Number(rigidity.Determinant, "0.######")));
            decomposition.Add(new("bottom row error", Format.Small(rigidity.BottomRowError)));
            remarks.AddRange(Remarks(m, rigidity, matrix?.MatrixType, identity, item.FrameOfReferenceUid == sro.FrameOfReferenceUid));
        }
        return new SroItemView
        {
            Index = item.Index,
            FrameOfReferenceUid = item.FrameOfReferenceUid ?? "",
            FrameLabel = frames.Describe(item.FrameOfReferenceUid),
            MatrixType = matrix?.MatrixType ?? "",
            RegistrationType = item.RegistrationType is { } t ? $"{t.Meaning} ({t.Scheme} {t.Value})" : "",
            Matrix = rows,
            IsIdentity = identity,
            Decomposition = decomposition,
            Remarks = remarks,
        };
    }

    /// <summary>What one matrix says by itself about the usual writer mistakes (reg-profile.md 6).</summary>
    private static IEnumerable<string> Remarks(Matrix4 m, RigidityCheck rigidity, string? type, bool identity, bool inRegisteredFrame)
    {
        if (identity && inRegisteredFrame) yield return "identity item of the Registered Frame of Reference, as the profile expects";
        if (!identity && inRegisteredFrame) yield return "a non-identity matrix for the Registered Frame of Reference itself: items swapped, or the transform stated in the wrong direction";
        if (MatrixSemantics.LooksTransposed(m)) yield return "translation in the bottom row: the matrix looks written column-major (transposed)";
        if (rigidity.Determinant < 0) yield return "reflection (determinant < 0): an LPS/RAS flip applied on one side only?";
        if (type == RegistrationMatrix.Rigid && rigidity.OrthonormalityError > MatrixSemantics.OrthonormalError)
            yield return $"stated RIGID but not orthonormal (error {Format.Small(rigidity.OrthonormalityError)} > {Format.Small(MatrixSemantics.OrthonormalError)})";
        if (m.Translation.Length > ImplausibleTranslationMm)
            yield return $"translation of {Format.Number(m.Translation.Length, "0")} mm is larger than any patient: a unit slip (cm or m read as mm)?";
    }

    /// <summary>SRO-level observations: missing identity item, several items for one frame.</summary>
    private static IReadOnlyList<string> Diagnose(SpatialRegistration sro)
    {
        var list = new List<string>();
        if (sro.FrameOfReferenceUid is { } registered && sro.ItemFor(registered) is null)
            list.Add("no item for the Registered Frame of Reference (the profile expects an identity item for the base)");
        foreach (var g in sro.Items.Where(i => i.FrameOfReferenceUid is not null).GroupBy(i => i.FrameOfReferenceUid).Where(g => g.Count() > 1))
            list.Add($"{g.Count()} items for the same Frame of Reference");
        var moving = sro.Items.Where(i => i.FrameOfReferenceUid != sro.FrameOfReferenceUid && i.Transform is { } t && !MatrixSemantics.IsIdentity(t)).ToList();
        if (sro.Items.Count > 1 && moving.Count == 0) list.Add("every matrix is the identity: no registration is stated");
        return list;
    }

    private static string Vec(Vector3 v) => $"({Format.Number(v.X, "0.####")}, {Format.Number(v.Y, "0.####")}, {Format.Number(v.Z, "0.####")})";

    private static string? Safe(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetString(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException) { return null; }
    }
}

/// <summary>What the report calls each Frame of Reference: the modalities captured in it, and a short UID.</summary>
public sealed class FrameLabels
{
    private readonly Dictionary<string, SortedSet<string>> _modalities = new(StringComparer.Ordinal);

    public void Add(string frameOfReferenceUid, string modality)
    {
        if (!_modalities.TryGetValue(frameOfReferenceUid, out var set)) _modalities[frameOfReferenceUid] = set = new(StringComparer.Ordinal);
        set.Add(modality);
    }

    public IEnumerable<string> Known => _modalities.Keys;

    public string Short(string? uid) => uid is null ? "(none)" : uid.Length <= 14 ? uid : "\u2026" + uid[^12..];

    public string Modalities(string? uid) => uid is not null && _modalities.TryGetValue(uid, out var s) ? string.Join("+", s) : "";

    public string Describe(string? uid)
    {
        if (uid is null) return "(none)";
        var m = Modalities(uid);
        return m.Length > 0 ? $"{m} frame {uid}" : uid;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Validation;
using ConformanceKit.Rules.Values;
using static ConformanceKit.Rules.Catalogue.SroRules;

namespace ConformanceKit.Rules.Registration;

/// <summary>The REG-SRO rules that one Spatial Registration object decides alone (reg-profile.md 7.1).</summary>
public static partial class SroObjectRules
{
    /// <summary>Moving-item translations beyond this look like a unit slip or a wrong origin (a patient is well under a metre across).</summary>
    public const double PlausibleTranslationMm = 1000;

    /// <summary>CID 7100 RCS Registration Method Type (DCM 125021..125026, PS3.16).</summary>
    public static readonly IReadOnlySet<string> Cid7100 = new HashSet<string>(["125021", "125022", "125023", "125024", "125025", "125026"], StringComparer.Ordinal);

    /// <summary>DCM 125023 Acquisition Equipment Alignment: an identity between Frames of Reference is expected then.</summary>
    public const string AcquisitionEquipmentAlignment = "125023";

    [GeneratedRegex("^[A-Z0-9 _]{1,16}$")]
    private static partial Regex ContentLabelForm();

    private static readonly HashSet<string> MatrixTypes = new(["RIGID", "RIGID_SCALE", "AFFINE"], StringComparer.Ordinal);

    public static void Check(DicomDataset ds, ObjectFindings f)
    {
        var root = AttributePath.Root;
        var profile = f.Mode.IsProfile();

        var sopClass = SafeRead.Text(ds, DicomTags.SOPClassUID);
        if (sopClass != ObjectSummarizer.SpatialRegistrationStorage)
            f.Report(SopClass, root.Child(DicomTags.SOPClassUID), "the profile exchanges Spatial Registration Storage objects only",
                found: sopClass ?? "(absent)", expected: ObjectSummarizer.SpatialRegistrationStorage);

        var modality = SafeRead.Text(ds, DicomTags.Modality);
        if (modality != "REG")
            f.Report(Modality, root.Child(DicomTags.Modality), "a registration series has Modality REG", found: modality ?? "(absent)", expected: "REG");

        if (SafeRead.NonEmpty(ds, DicomTags.Manufacturer) is null)
            f.Report(Manufacturer, root.Child(DicomTags.Manufacturer), "the creating system must name itself", found: ds.Contains(DicomTags.Manufacturer) ? "(empty)" : "(absent)", expected: "a value");
        if (SafeRead.NonEmpty(ds, DicomTags.ManufacturerModelName) is null)
            f.Report(Manufacturer, root.Child(DicomTags.ManufacturerModelName), "Manufacturer's Model Name is expected", found: "(absent or empty)", expected: "a value", severity: Severity.Warning);

        if (DicomValueCodec.ParseDate(SafeRead.Text(ds, DicomTags.ContentDate)) is null)
            f.Report(ContentDateTime, root.Child(DicomTags.ContentDate), "Content Date missing or not a valid DA", found: SafeRead.Text(ds, DicomTags.ContentDate) ?? "(absent)", expected: "YYYYMMDD");
        if (DicomValueCodec.ParseTime(SafeRead.Text(ds, DicomTags.ContentTime)) is null)
            f.Report(ContentDateTime, root.Child(DicomTags.ContentTime), "Content Time missing or not a valid TM", found: SafeRead.Text(ds, DicomTags.ContentTime) ?? "(absent)", expected: "HHMMSS[.F]");

        if (SafeRead.NonEmpty(ds, DicomTags.InstanceNumber) is null)
            f.Report(ContentLabel, root.Child(DicomTags.InstanceNumber), "Instance Number missing or empty", expected: "a value");
        var label = SafeRead.Text(ds, DicomTags.ContentLabel);
        if (label is null || !ContentLabelForm().IsMatch(label))
            f.Report(ContentLabel, root.Child(DicomTags.ContentLabel), "Content Label missing or not a valid CS (upper case, digits, space, underscore, at most 16)",
                found: label ?? "(absent)", expected: "^[A-Z0-9 _]{1,16}$");

        if (!ds.Contains(DicomTags.ContentDescription))
            f.Report(ContentDescription, root.Child(DicomTags.ContentDescription), "Content Description absent (Type 2)", expected: "present, may be empty");
        if (!ds.Contains(DicomTags.ContentCreatorName))
            f.Report(ContentDescription, root.Child(DicomTags.ContentCreatorName), "Content Creator's Name absent (Type 2)", expected: "present, may be empty");

        var topFor = SafeRead.NonEmpty(ds, DicomTags.FrameOfReferenceUID);
        if (topFor is null)
            f.Report(FrameOfReferenceUid, root.Child(DicomTags.FrameOfReferenceUID), "the Registered RCS needs a Frame of Reference UID", expected: "a UID");
        else if (ValueChecker.UidProblem(topFor) is { } problem)
            f.Report(FrameOfReferenceUid, root.Child(DicomTags.FrameOfReferenceUID), $"not a valid UID: {problem}", found: topFor);
        if (!ds.Contains(DicomTags.PositionReferenceIndicator))
            f.Report(FrameOfReferenceUid, root.Child(DicomTags.PositionReferenceIndicator), "Position Reference Indicator absent (Type 2)", expected: "present, may be empty", severity: Severity.Warning);

        if (profile && ds.Contains(DicomTags.SpecificCharacterSet))
        {
            var cs = string.Join('\\', SafeRead.Texts(ds, DicomTags.SpecificCharacterSet));
            if (cs != "ISO_IR 100")
                f.Report(CharacterSet, root.Child(DicomTags.SpecificCharacterSet), "the test tool expects Latin-1", found: cs, expected: "ISO_IR 100");
        }

        CheckItems(ds, topFor, f);
    }

    private static void CheckItems(DicomDataset ds, string? topFor, ObjectFindings f)
    {
        var seqPath = AttributePath.Root.Child(DicomTags.RegistrationSequence);
        var items = ds.GetItems(DicomTags.RegistrationSequence);
        var profile = f.Mode.IsProfile();
        if (items.Count == 0)
            f.Report(ItemCount, seqPath, "no registration item", found: "0", expected: profile ? "2" : "at least 1");
        else if (profile && items.Count != 2)
            f.Report(ItemCount, seqPath, "MMRO registers one image-set pair per SRO", found: $"{items.Count}", expected: "2",
                severity: f.Mode == ProfileMode.MmroIII && items.Count > 2 ? Severity.Warning : null);

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var p = seqPath.Item(i + 1);
            var itemFor = SafeRead.NonEmpty(item, DicomTags.FrameOfReferenceUID);
            var hasImages = item.GetItems(DicomTags.ReferencedImageSequence).Count > 0;
            if (itemFor is null && !hasImages)
                f.Report(ItemReferences, p, "item identifies neither a Frame of Reference nor images", expected: "Frame of Reference UID or Referenced Image Sequence");
            else if (profile && itemFor is null)
                f.Report(ItemReferences, p.Child(DicomTags.FrameOfReferenceUID), "MMRO items carry the Frame of Reference UID", expected: "present");
            else if (profile && !hasImages)
                f.Report(ItemReferences, p.Child(DicomTags.ReferencedImageSequence), "MMRO-II items list the images used to create the matrix", expected: "one or more items");

            if (i == 0 && itemFor is not null && topFor is not null && itemFor != topFor)
                f.Report(FirstItemIsBase, p.Child(DicomTags.FrameOfReferenceUID), "item 1 must be the base (fixed) image set", found: itemFor, expected: topFor);

            var mrs = item.GetItems(DicomTags.MatrixRegistrationSequence);
            var mrPath = p.Child(DicomTags.MatrixRegistrationSequence);
            if (mrs.Count != 1)
                f.Report(MatrixRegistrationItems, mrPath, "exactly one Matrix Registration item", found: $"{mrs.Count}", expected: "1");
            if (mrs.Count == 0) continue;
            var mr = mrs[0];
            CheckRegistrationType(mr, mrPath.Item(1), f);
            CheckComment(mr, mrPath.Item(1), f);
            var matrices = mr.GetItems(DicomTags.MatrixSequence);
            var msPath = mrPath.Item(1).Child(DicomTags.MatrixSequence);
            if (matrices.Count == 0)
                f.Report(MatrixSequenceItems, msPath, "no matrix", found: "0", expected: profile ? "1" : "at least 1");
            else if (profile && matrices.Count != 1)
                f.Report(MatrixSequenceItems, msPath, "MMRO constrains the Matrix Sequence to one item", found: $"{matrices.Count}", expected: "1");
            for (var m = 0; m < matrices.Count; m++)
                CheckMatrix(matrices[m], msPath.Item(m + 1), f);

            var (effective, _) = ObjectSummarizer.EffectiveMatrix(mr);
            if (effective is null) continue;
            var matrixPath = msPath.Item(1).Child(DicomTags.FrameOfReferenceTransformationMatrix);
            if (i == 0 && !MatrixSemantics.IsIdentity(effective))
                f.Report(FirstItemIdentity, matrixPath, "item 1 registers the base to itself: identity expected",
                    found: MatrixSemantics.Format(effective), expected: "1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1");
            if (i > 0) CheckPlausibility(effective, itemFor, topFor, mr, matrixPath, f);
        }
    }

    private static void CheckMatrix(DicomDataset matrixItem, AttributePath p, ObjectFindings f)
    {
        var mp = p.Child(DicomTags.FrameOfReferenceTransformationMatrix);
        var type = SafeRead.NonEmpty(matrixItem, DicomTags.FrameOfReferenceTransformationMatrixType);
        var tp = p.Child(DicomTags.FrameOfReferenceTransformationMatrixType);
        if (type is null)
            f.Report(MatrixType, tp, "Matrix Type missing (Type 1)", expected: f.Mode.IsProfile() ? "RIGID" : "RIGID, RIGID_SCALE or AFFINE");
        else if (f.Mode.IsProfile() && type != "RIGID")
            f.Report(MatrixType, tp, "the profile supports rigid registration only", found: type, expected: "RIGID");
        else if (!MatrixTypes.Contains(type))
            f.Report(MatrixType, tp, "not a Matrix Type of PS3.3 C.20.2.1.2", found: type, expected: "RIGID, RIGID_SCALE or AFFINE");

        if (!matrixItem.Contains(DicomTags.FrameOfReferenceTransformationMatrix))
        {
            f.Report(MatrixValues, mp, "matrix missing", expected: "16 DS values");
            return;
        }
        var raw = SafeRead.Texts(matrixItem, DicomTags.FrameOfReferenceTransformationMatrix);
        if (raw.Length != 16)
        {
            f.Report(MatrixValues, mp, "a 4x4 matrix has 16 values", found: $"{raw.Length} values", expected: "16");
            return;
        }
        var values = new double[16];
        for (var k = 0; k < 16; k++)
        {
            var s = raw[k];
            if (s.Length > 16 || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
            {
                f.Report(MatrixValues, mp, $"value {k + 1} (row {k / 4 + 1}, column {k % 4 + 1}) is not a valid DS", found: s, expected: "a finite decimal of at most 16 characters");
                return;
            }
        }
        var m = new Matrix4(values);
        if (!MatrixSemantics.LastRowIsAffine(m))
        {
            var hint = MatrixSemantics.LooksTransposed(m) ? "; the translation sits in the last row: likely written column-major (transposed)" : "";
            f.Report(MatrixLastRow, mp, "last row must be 0 0 0 1" + hint,
                found: string.Join('\\', raw[12..]), expected: "0\\0\\0\\1");
        }
        switch (type)
        {
            case "RIGID":
                var e = MatrixSemantics.OrthonormalityError(m);
                if (e > MatrixSemantics.OrthonormalWarning)
                    f.Report(RigidOrthonormal, mp, "RIGID rotation part is not orthonormal",
                        found: $"max |R^T R - I| = {e.ToString("G3", CultureInfo.InvariantCulture)}",
                        expected: $"<= {MatrixSemantics.OrthonormalWarning.ToString(CultureInfo.InvariantCulture)} (error above {MatrixSemantics.OrthonormalError.ToString(CultureInfo.InvariantCulture)})",
                        severity: e > MatrixSemantics.OrthonormalError ? null : Severity.Warning);
                var det = m.Determinant3x3;
                if (Math.Abs(det - 1) > MatrixSemantics.DeterminantTolerance)
                    f.Report(RigidProper, mp, det < 0 ? "determinant is negative: a reflection (for example LPS/RAS converted on one side only)" : "determinant is not +1",
                        found: det.ToString("G6", CultureInfo.InvariantCulture), expected: "+1");
                break;
            case "RIGID_SCALE":
                var obliquity = MatrixSemantics.ColumnObliquity(m);
                if (obliquity > MatrixSemantics.OrthogonalityTolerance || m.Determinant3x3 <= 0)
                    f.Report(ScaleAffineValid, mp, "RIGID_SCALE needs orthogonal columns and a positive determinant",
                        found: $"column obliquity {obliquity.ToString("G3", CultureInfo.InvariantCulture)}, det {m.Determinant3x3.ToString("G6", CultureInfo.InvariantCulture)}",
                        expected: $"obliquity <= {MatrixSemantics.OrthogonalityTolerance.ToString(CultureInfo.InvariantCulture)}, det > 0");
                break;
            case "AFFINE":
                var cond = MatrixSemantics.ConditionNumber(m);
                if (!(cond < MatrixSemantics.MaxConditionNumber))
                    f.Report(ScaleAffineValid, mp, "AFFINE matrix is singular or nearly so",
                        found: $"condition number {cond.ToString("G3", CultureInfo.InvariantCulture)}", expected: $"< {MatrixSemantics.MaxConditionNumber.ToString("G", CultureInfo.InvariantCulture)}");
                break;
        }
    }

    private static void CheckPlausibility(Matrix4 m, string? itemFor, string? topFor, DicomDataset mr, AttributePath matrixPath, ObjectFindings f)
    {
        var t = m.Translation.Length;
        if (t > PlausibleTranslationMm)
            f.Report(Plausibility, matrixPath, "translation longer than a patient: a unit slip (cm vs mm) or a wrong origin?",
                found: $"|t| = {t.ToString("0.#", CultureInfo.InvariantCulture)} mm", expected: $"<= {PlausibleTranslationMm.ToString(CultureInfo.InvariantCulture)} mm");
        var code = mr.GetItem(DicomTags.RegistrationTypeCodeSequence) is { } c ? SafeRead.NonEmpty(c, DicomTags.CodeValue) : null;
        if (itemFor is not null && topFor is not null && itemFor != topFor && MatrixSemantics.IsIdentity(m) && code != AcquisitionEquipmentAlignment)
            f.Report(Plausibility, matrixPath, "identity between different Frames of Reference without Acquisition Equipment Alignment: a placeholder registration?",
                found: "identity", expected: $"a registration, or code {AcquisitionEquipmentAlignment}");
    }

    private static void CheckRegistrationType(DicomDataset mr, AttributePath p, ObjectFindings f)
    {
        var cp = p.Child(DicomTags.RegistrationTypeCodeSequence);
        if (!mr.Contains(DicomTags.RegistrationTypeCodeSequence))
        {
            f.Report(RegistrationTypeCode, cp, "Registration Type Code Sequence absent (Type 2)", expected: "present with 0 or 1 item");
            return;
        }
        var codes = mr.GetItems(DicomTags.RegistrationTypeCodeSequence);
        if (codes.Count > 1)
            f.Report(RegistrationTypeCode, cp, "zero or one item", found: $"{codes.Count}", expected: "0 or 1");
        if (codes.Count == 0) return;
        var value = SafeRead.NonEmpty(codes[0], DicomTags.CodeValue);
        var scheme = SafeRead.NonEmpty(codes[0], DicomTags.CodingSchemeDesignator);
        if (scheme != "DCM" || value is null || !Cid7100.Contains(value))
            f.Report(RegistrationTypeCode, cp.Item(1), "code not from CID 7100 RCS Registration Method Type",
                found: $"({value ?? "?"}, {scheme ?? "?"})", expected: "(125021..125026, DCM)");
    }

    private static void CheckComment(DicomDataset mr, AttributePath p, ObjectFindings f)
    {
        if (mr[DicomTags.FrameOfReferenceTransformationComment] is not DicomValueElement e) return;
        var text = SafeRead.Text(mr, DicomTags.FrameOfReferenceTransformationComment) ?? "";
        var bad = e.VR != DicomVR.LO || text.Length > 64 || text.Contains('\\') || text.Any(ch => ch < ' ' && ch != '\x1B');
        if (bad)
            f.Report(TransformationComment, p.Child(DicomTags.FrameOfReferenceTransformationComment), "not a valid LO (at most 64 characters, no backslash or control characters)",
                found: text.Length > 64 ? $"{text.Length} characters" : text, expected: "LO");
    }
}

using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>REG-SRO-001..035: the Spatial Registration Object rules of reg-profile.md section 7.1.</summary>
public static class SroRules
{
    private static RuleDefinition R(string n, string title, RuleScope scope, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new($"REG-SRO-{n}", title, scope, modes, c);

    private static readonly Citation ToolScenarios = Citation.IheRo("MMRO-II test tool Registrator scenarios [T-scen]");
    private static readonly Citation ToolMatrixRules = Citation.IheRo("MMRO-II test tool CorrectMatrixRule / CorrectIdentityMatrixRule [T-rule]");
    private static readonly Citation ToolChecks = Citation.IheRo("MMRO-II CheckMMRORegistratorDataSet [T-chk]");
    private static readonly Citation SpatialRegistration = Citation.Dicom("PS3.3", "C.20.2");
    private static readonly Citation MatrixTypes = Citation.Dicom("PS3.3", "C.20.2.1.2");

    public static readonly RuleDefinition SopClass = R("001", "SOP Class is Spatial Registration Storage (Deformable is out of the profile)", RuleScope.Object, Profile(E),
        ToolScenarios, Citation.Dicom("PS3.4", "B.5"));
    public static readonly RuleDefinition Modality = R("002", "Modality is REG", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "C.20.1"), ToolScenarios);
    public static readonly RuleDefinition OwnSeries = R("003", "SRO lies in its own series: not an image series it references, and only REG instances in it", RuleScope.Set, Profile(E),
        ToolScenarios, ToolChecks);
    public static readonly RuleDefinition PatientMatches = R("004", "Patient's Name, ID, Birth Date and Sex equal those of the registered images", RuleScope.Set, Profile(E),
        ToolScenarios);
    public static readonly RuleDefinition StudyMatches = R("005", "Study attributes equal those of the images when in the same study; other studies listed in (0008,1200)", RuleScope.Set, Profile(W),
        ToolScenarios, Citation.Dicom("PS3.3", "C.12.2"));
    public static readonly RuleDefinition Manufacturer = R("006", "Manufacturer present and non-empty (Manufacturer's Model Name expected)", RuleScope.Object, Profile(E),
        ToolChecks);
    public static readonly RuleDefinition ContentDateTime = R("007", "Content Date and Content Time present with valid DA/TM", RuleScope.Object, All(E),
        SpatialRegistration);
    public static readonly RuleDefinition ContentLabel = R("008", "Instance Number and Content Label present; Content Label a valid CS", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "10.9 Table 10-12"), Citation.Dicom("PS3.5", "6.2 (CS)"));
    public static readonly RuleDefinition ContentDescription = R("009", "Content Description and Content Creator's Name present (Type 2)", RuleScope.Object, Profile(W),
        Citation.Dicom("PS3.3", "10.9 Table 10-12"));
    public static readonly RuleDefinition FrameOfReferenceUid = R("010", "Top-level Frame of Reference UID present and a valid UID; Position Reference Indicator present", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "C.7.4.1"), Citation.Dicom("PS3.5", "9.1"));
    public static readonly RuleDefinition BaseFrameOfReference = R("011", "Top-level Frame of Reference is that of exactly one supplied image set (the base)", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II SpatialRegistrationFrameOfReferenceRule [T-scen]"));
    public static readonly RuleDefinition ItemCount = R("012", "Registration Sequence item count: at least 1 (DICOM); exactly 2, one image-set pair per SRO (MMRO)", RuleScope.Object, Of(E, E, E),
        SpatialRegistration, ToolScenarios);
    public static readonly RuleDefinition FirstItemIsBase = R("013", "Registration item 1 Frame of Reference equals the top-level Frame of Reference", RuleScope.Object, Profile(E),
        Citation.IheRo("MMRO-II EqualToRule [T-scen]"));
    public static readonly RuleDefinition FirstItemIdentity = R("014", "Registration item 1 matrix is the identity", RuleScope.Object, Profile(E),
        ToolMatrixRules);
    public static readonly RuleDefinition MovingItem = R("015", "Registration item 2 Frame of Reference differs from the base and is that of a supplied image set; no two items share a Frame of Reference", RuleScope.Set, Profile(E),
        ToolScenarios);
    public static readonly RuleDefinition ItemReferences = R("016", "Each item has a Frame of Reference UID or a Referenced Image Sequence (DICOM); both in MMRO-II/III", RuleScope.Object, All(E),
        SpatialRegistration, Citation.IheRo("MMRO-II ReferencedImageSequenceRule [T-scen]"));
    public static readonly RuleDefinition ReferencedImages = R("017", "Referenced images exist in the set, are CT/MR/PET (MMRO) and lie in the item's Frame of Reference", RuleScope.Set, All(E),
        SpatialRegistration, Citation.IheRo("MMRO-II rule overview [T-rules-ov]"));
    public static readonly RuleDefinition ReferencedSeriesCoverage = R("018", "Images referenced in one item come from one series and cover it", RuleScope.Set, Profile(W),
        Citation.IheRo("MMRO-II image set membership rule [T-rule]"), Citation.Inferred("coverage part inferred"));
    public static readonly RuleDefinition ReferencedFrames = R("019", "Referenced Frame Number only for multi-frame images, within 1..Number of Frames", RuleScope.Set, All(W),
        Citation.Dicom("PS3.3", "10.3 Table 10-3"), ToolChecks);
    public static readonly RuleDefinition MatrixRegistrationItems = R("020", "Matrix Registration Sequence has exactly one item", RuleScope.Object, All(E),
        SpatialRegistration);
    public static readonly RuleDefinition MatrixSequenceItems = R("021", "Matrix Sequence has at least one item (DICOM); exactly one (MMRO)", RuleScope.Object, All(E),
        SpatialRegistration, ToolScenarios);
    public static readonly RuleDefinition MatrixValues = R("022", "Frame of Reference Transformation Matrix present with 16 valid, finite DS values", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "C.20.2.1.1"), Citation.Dicom("PS3.5", "6.2 (DS)"));
    public static readonly RuleDefinition MatrixLastRow = R("023", "Matrix last row is 0 0 0 1 (a transposed, column-major matrix breaks it)", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "C.20.2.1.1"), ToolMatrixRules);
    public static readonly RuleDefinition MatrixType = R("024", "Matrix Type present: RIGID, RIGID_SCALE or AFFINE (DICOM); RIGID (MMRO)", RuleScope.Object, All(E),
        MatrixTypes, ToolChecks);
    public static readonly RuleDefinition RigidOrthonormal = R("025", "RIGID rotation part is orthonormal (within DS precision)", RuleScope.Object, All(E),
        MatrixTypes, Citation.Inferred("thresholds 1e-5 (warning) and 1e-3 (error): six-decimal DS gives 6.5e-7"));
    public static readonly RuleDefinition RigidProper = R("026", "RIGID rotation has determinant +1 (no reflection)", RuleScope.Object, All(E),
        MatrixTypes, Citation.Inferred("a reflection mirrors the patient (LPS/RAS applied on one side)"));
    public static readonly RuleDefinition ScaleAffineValid = R("027", "RIGID_SCALE columns orthogonal with positive determinant; AFFINE invertible and well conditioned", RuleScope.Object, All(E),
        MatrixTypes, Citation.Inferred("orthogonality 1e-4 relative, condition number below 1e6"));
    public static readonly RuleDefinition Plausibility = R("028", "Moving item matrix plausible: translation within 1000 mm; not a bare identity between different Frames of Reference", RuleScope.Object, All(W),
        Citation.Inferred("sanity rule: unit slips (cm/mm) and placeholder registrations"));
    public static readonly RuleDefinition RegistrationTypeCode = R("029", "Registration Type Code Sequence present with 0-1 item from CID 7100", RuleScope.Object, All(W),
        SpatialRegistration, Citation.Dicom("PS3.16", "CID 7100"));
    public static readonly RuleDefinition TransformationComment = R("030", "Frame of Reference Transformation Comment, if present, is a valid LO", RuleScope.Object, All(W),
        SpatialRegistration);
    public static readonly RuleDefinition CommonInstanceReference = R("031", "Common Instance Reference lists every referenced instance under its true series or study", RuleScope.Set, All(E),
        Citation.Dicom("PS3.3", "C.12.2"));
    public static readonly RuleDefinition CharacterSet = R("032", "Specific Character Set, if present, is ISO_IR 100", RuleScope.Object, Profile(W),
        ToolScenarios);
    public static readonly RuleDefinition HybridPair = R("033", "No SRO for a hybrid pair (image sets sharing one Frame of Reference)", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II Registrator Scenario 2 [T-pdf]"));
    public static readonly RuleDefinition MatrixMatchesReference = R("034", "Moving item matrix matches the reference within the test tool's tolerance (5 % or 0.05 per element)", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II CorrectExpectedMatrixRule, TestToolConfiguration [T-rule][T-cfg]"));
    public static readonly RuleDefinition MatchesTruth = R("036", "Moving item matrix matches the reference at the moving volume's corners and centre (target registration error within tolerance); the usual mistake is named", RuleScope.Set, All(E),
        Citation.Inferred("geometric oracle of reg-profile.md 8.1-8.3, preferred to the element-wise tool tolerance"), Citation.Dicom("PS3.3", "C.20.2.1.1"));
    public static readonly RuleDefinition ChainConsistent = R("035", "Several SROs of one patient share the base Frame of Reference or chain consistently (loop residual within 0.5 mm)", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II rule overview [T-rules-ov]"), Citation.Dicom("PS3.3", "C.20.2.1.1 Eq. C.20.2-3"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } =
    [
        SopClass, Modality, OwnSeries, PatientMatches, StudyMatches, Manufacturer, ContentDateTime, ContentLabel, ContentDescription,
        FrameOfReferenceUid, BaseFrameOfReference, ItemCount, FirstItemIsBase, FirstItemIdentity, MovingItem, ItemReferences,
        ReferencedImages, ReferencedSeriesCoverage, ReferencedFrames, MatrixRegistrationItems, MatrixSequenceItems, MatrixValues,
        MatrixLastRow, MatrixType, RigidOrthonormal, RigidProper, ScaleAffineValid, Plausibility, RegistrationTypeCode,
        TransformationComment, CommonInstanceReference, CharacterSet, HybridPair, MatrixMatchesReference, ChainConsistent, MatchesTruth,
    ];
}

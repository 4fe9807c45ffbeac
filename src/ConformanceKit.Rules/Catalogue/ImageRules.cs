using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>REG-IMG-001..009: the rules for images a registration uses (reg-profile.md section 7.2).</summary>
public static class ImageRules
{
    private static RuleDefinition R(string n, string title, RuleScope scope, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new($"REG-IMG-{n}", title, scope, modes, c);

    private static readonly Citation ImagePlane = Citation.Dicom("PS3.3", "C.7.6.2");
    private static readonly Citation ToolChecks = Citation.IheRo("MMRO-II CheckMMRORegistratorDataSet [T-chk]");

    public static readonly RuleDefinition FrameOfReference = R("001", "Each image has a Frame of Reference UID; all images of a series share one", RuleScope.Set, All(E),
        Citation.Dicom("PS3.3", "C.7.4.1"));
    public static readonly RuleDefinition PlaneAttributes = R("002", "Image Position, Image Orientation (Patient) and Pixel Spacing present with VM 3, 6, 2 and spacing > 0", RuleScope.Object, All(E),
        ImagePlane, Citation.Dicom("PS3.3", "C.7.6.16.2.3"));
    public static readonly RuleDefinition OrientationOrthonormal = R("003", "Image Orientation row and column are unit vectors and orthogonal (within 1e-4)", RuleScope.Object, All(E),
        Citation.IheRo("white paper Image Geometry Requirements [W-geom]"), ImagePlane);
    public static readonly RuleDefinition AxialCt = R("004", "CT is axial: orientation within 0.001 of (+-1,0,0,0,+-1,0) and Image Type value 3 AXIAL", RuleScope.Object, Of(null, E, W),
        Citation.IheRo("MMRO-II ImageOrientationPatientRule [T-rule]"), ToolChecks);
    public static readonly RuleDefinition PatientPosition = R("005", "Patient Position is HFS, FFS, HFP or FFP", RuleScope.Object, Of(null, E, W),
        ToolChecks);
    public static readonly RuleDefinition SeriesGeometry = R("006", "Slices of a series share one orientation (within 1e-4) and have distinct positions along the normal", RuleScope.Set, All(E),
        ToolChecks, Citation.Inferred("volume built by sorting on IPP . normal"));
    public static readonly RuleDefinition IsotropicCt = R("007", "CT pixel spacing is isotropic in-plane", RuleScope.Object, Of(null, W, null),
        Citation.IheRo("MMRO-II PixelSpacingRule [T-rule]"));
    public static readonly RuleDefinition DatasetFrames = R("008", "Non-hybrid image sets have distinct Frames of Reference; a hybrid set shares one", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II ImageModalityFrameOfReferenceRule [T-rules-ov]"));
    public static readonly RuleDefinition ResampledImages = R("009", "Resampled images from a Registrator are in an input set's Frame of Reference, in a new series, with the patient preserved", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II SameFrameOfReferenceMappingRule, SeriesInstanceUIDMappingRule [T-scen]"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } =
    [
        FrameOfReference, PlaneAttributes, OrientationOrthonormal, AxialCt, PatientPosition, SeriesGeometry, IsotropicCt, DatasetFrames, ResampledImages,
    ];
}

using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>REG-RT-001..006: RT Structure Set and RT Dose in a registered context (reg-profile.md section 7.3).</summary>
public static class RtRules
{
    private static RuleDefinition R(string n, string title, RuleScope scope, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new($"REG-RT-{n}", title, scope, modes, c);

    private static readonly Citation RuleOverview = Citation.IheRo("MMRO-II rule overview [T-rules-ov]");

    public static readonly RuleDefinition StructureSetFrame = R("001", "RT Structure Set: one Referenced Frame of Reference (MMRO), that of the image series; every ROI's Referenced Frame of Reference UID is listed there", RuleScope.Set, All(E),
        Citation.Dicom("PS3.3", "C.8.8.5"), Citation.IheRo("MMRO-II CheckMMRORegistratorDataSet [T-chk]"));
    public static readonly RuleDefinition ContourGeometry = R("002", "Contours: Number of Contour Points matches Contour Data; CLOSED_PLANAR points within 0.01 mm of the referenced image plane, which lies in the ROI's Frame of Reference", RuleScope.Set, All(E),
        Citation.Dicom("PS3.3", "C.8.8.6"), RuleOverview);
    public static readonly RuleDefinition HybridContouring = R("003", "Hybrid contouring: the RT Structure Set references images of only one series of the shared Frame of Reference", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II Registered Contourer Scenario 2 [T-pdf]"));
    public static readonly RuleDefinition DoseGrid = R("004", "RT Dose: Frame Increment Pointer is Grid Frame Offset Vector, offsets strictly monotonic, first offset 0 (relative form)", RuleScope.Object, All(E),
        Citation.Dicom("PS3.3", "C.8.8.3.2"), Citation.IheRo("MMRO-II CheckMMRORegistratorDataSet [T-chk]"));
    public static readonly RuleDefinition RegisteredFrame = R("005", "RT Structure Sets and RT Doses delivered with an SRO lie in its base Frame of Reference or one it registers", RuleScope.Set, Profile(E),
        RuleOverview);
    public static readonly RuleDefinition StructureSetManufacturer = R("006", "A new RT Structure Set names its creating system as Manufacturer; a forwarded one keeps it", RuleScope.Set, Profile(E),
        Citation.IheRo("MMRO-II ManufacturerMappingRule [T-rules-ov]"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } =
    [
        StructureSetFrame, ContourGeometry, HybridContouring, DoseGrid, RegisteredFrame, StructureSetManufacturer,
    ];
}

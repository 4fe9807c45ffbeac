using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>REG-DSP-001..006: what a Registered Display must do (reg-profile.md section 7.5), judged on what it reports.</summary>
public static class DisplayRules
{
    private static RuleDefinition R(string n, string title, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new($"REG-DSP-{n}", title, RuleScope.Display, modes, c);

    private static readonly Citation Direction = Citation.Dicom("PS3.3", "C.20.2.1.1");

    public static readonly RuleDefinition AppliedDirection = R("001", "Display applies the registration moving to base (not the inverse)", Profile(E),
        Direction, Citation.Dicom("PS3.17", "O.3"));
    public static readonly RuleDefinition ContoursFollow = R("002", "Contours of an RT Structure Set in the moving Frame of Reference move with the same transform as their images", Profile(E),
        Citation.IheRo("MMRO-II Registered Display scenarios [T-pdf]"));
    public static readonly RuleDefinition NoUnregisteredFusion = R("003", "No fusion of data in different Frames of Reference without an SRO (or a user-initiated registration)", Profile(E),
        Citation.IheRo("MMRO-II Registered Display scenarios [T-pdf]"), Citation.Dicom("PS3.3", "C.7.4.1.1.1"));
    public static readonly RuleDefinition PositionsAndPlanes = R("004", "Non-HFS datasets and non-axial (sagittal, oblique) MR are displayed at the right place", Profile(E),
        Citation.IheRo("Connectathon MMRO / MMRO-III instructions [C2][C3]"));
    public static readonly RuleDefinition NonCtPrimary = R("005", "A non-CT primary is accepted (for example MR base with CT registered onto it)", Of(null, null, E),
        Citation.IheRo("Connectathon MMRO-III instructions [C3]"));
    public static readonly RuleDefinition ChainedRegistration = R("006", "Chained registrations are handled (SRO1 CT<-MR, SRO2 CT<-PET give MR<->PET)", Profile(E),
        Direction, Citation.IheRo("MMRO-II Registrator scenarios with prior SRO [T-scen]"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } =
        [AppliedDirection, ContoursFollow, NoUnregisteredFusion, PositionsAndPlanes, NonCtPrimary, ChainedRegistration];
}

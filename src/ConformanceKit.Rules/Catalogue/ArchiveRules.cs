using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>REG-ARC-001..004: what the Archive actor must do (reg-profile.md section 7.4), judged on captured exchanges.</summary>
public static class ArchiveRules
{
    private static RuleDefinition R(string n, string title, params Citation[] c) =>
        new($"REG-ARC-{n}", title, RuleScope.Exchange, Profile(E), c);

    public static readonly RuleDefinition AcceptsStorage = R("001", "Archive accepts C-STORE of CT, MR, PET, REG, RT Structure Set, RT Dose (and RT Plan) in Explicit and Implicit VR Little Endian",
        Citation.IheRo("MMRO-II Archive scenarios, TestToolConfiguration [T-pdf][T-cfg]"), Citation.Dicom("PS3.4", "B.2.3"));
    public static readonly RuleDefinition Transparency = R("002", "Archive returns every attribute of every stored object unchanged (exact DS strings, item order, empty Type 2 elements)",
        Citation.IheRo("MMRO-II Archive Scenario 1 CompareRule [T-pdf]"), Citation.Dicom("PS3.4", "B.4.1"));
    public static readonly RuleDefinition FindSeries = R("003", "Study Root C-FIND: SERIES level with Modality REG returns the SRO series; IMAGE level returns SOP Instance and Class UIDs",
        Citation.Dicom("PS3.4", "C.4.1, C.6.2"), Citation.Inferred("REG retrieval follows the IHE RAD query pattern"));
    public static readonly RuleDefinition MoveDelivers = R("004", "Study Root C-MOVE delivers every instance; the final response is Success with sub-operation counts equal to what was delivered",
        Citation.Dicom("PS3.4", "C.4.2.1.4, C.4.2.3"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } = [AcceptsStorage, Transparency, FindSeries, MoveDelivers];
}

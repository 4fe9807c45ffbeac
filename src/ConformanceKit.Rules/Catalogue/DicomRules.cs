using static ConformanceKit.Rules.Modes;

namespace ConformanceKit.Rules.Catalogue;

/// <summary>
/// Rules that plain DICOM requires of any object or set (beyond the REG profile's list): file encoding
/// (PS3.10), IOD/module conformance (PS3.3 through the tables), value representation (PS3.5) and
/// consistency across a set (PS3.3 C.7 information entities).
/// </summary>
public static class DicomRules
{
    private static RuleDefinition Object(string id, string title, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new(id, title, RuleScope.Object, modes, c);

    private static RuleDefinition Set(string id, string title, IReadOnlyDictionary<ProfileMode, RuleBehaviour> modes, params Citation[] c) =>
        new(id, title, RuleScope.Set, modes, c);

    // ---- files ----
    public static readonly RuleDefinition Unreadable = Object("DCM-FILE-001", "File cannot be read as DICOM", All(E),
        Citation.Dicom("PS3.10", "7.1"), Citation.Dicom("PS3.5", "7"));
    public static readonly RuleDefinition EncodingRepaired = Object("DCM-FILE-002", "Encoding defect the reader had to work around (odd length, duplicate element, missing delimiter, trailing bytes)", All(W),
        Citation.Dicom("PS3.5", "7.1, 7.5"));
    public static readonly RuleDefinition MetaMismatch = Object("DCM-FILE-003", "File Meta Information disagrees with the dataset (Media Storage SOP Class/Instance UID)", All(E),
        Citation.Dicom("PS3.10", "7.1 Table 7.1-1"));
    public static readonly RuleDefinition NoPart10Header = Object("DCM-FILE-004", "No Part 10 preamble, DICM prefix or File Meta Information", All(W),
        Citation.Dicom("PS3.10", "7.1"));

    // ---- IOD and modules (from the tables) ----
    public static readonly RuleDefinition UnknownIod = Object("DCM-IOD-001", "SOP Class has no IOD table here (only encoding and values are checked)", All(I),
        Citation.Dicom("PS3.4", "B.5"));
    public static readonly RuleDefinition Type1Missing = Object("DCM-IOD-002", "Type 1 attribute missing or empty", All(E),
        Citation.Dicom("PS3.5", "7.4.1"));
    public static readonly RuleDefinition Type2Missing = Object("DCM-IOD-003", "Type 2 attribute missing", All(E),
        Citation.Dicom("PS3.5", "7.4.3"));
    public static readonly RuleDefinition ConditionalMissing = Object("DCM-IOD-004", "Conditional (1C/2C) attribute missing or empty although its condition holds", All(E),
        Citation.Dicom("PS3.5", "7.4.2, 7.4.4"));
    public static readonly RuleDefinition ConditionalForbidden = Object("DCM-IOD-005", "Conditional attribute present although its condition does not hold and PS3.3 allows it only then", All(E),
        Citation.Dicom("PS3.5", "7.4.2, 7.4.4"));
    public static readonly RuleDefinition NotEnumerated = Object("DCM-IOD-006", "Value is not one of the Enumerated Values", All(E),
        Citation.Dicom("PS3.3", "5.4 (Enumerated Values)"));
    public static readonly RuleDefinition NotDefinedTerm = Object("DCM-IOD-007", "Value is not one of the Defined Terms (allowed, but worth knowing)", All(I),
        Citation.Dicom("PS3.3", "5.4 (Defined Terms)"));
    public static readonly RuleDefinition ItemCount = Object("DCM-IOD-008", "Sequence has a number of items the module does not allow", All(E),
        Citation.Dicom("PS3.3", "module tables (\"One or more Items\", \"Only a single Item\")"));
    public static readonly RuleDefinition PixelDataLength = Object("DCM-IOD-009", "Pixel Data length does not match Rows x Columns x Samples x Bits Allocated x Frames", All(E),
        Citation.Dicom("PS3.3", "C.7.6.3.1"), Citation.Dicom("PS3.5", "8.1.1"));

    // ---- value representation (PS3.5) ----
    public static readonly RuleDefinition ValueTooLong = Object("DCM-VR-001", "Value longer than its VR allows (for example a DS over 16 characters)", All(E),
        Citation.Dicom("PS3.5", "6.2 Table 6.2-1"));
    public static readonly RuleDefinition BadCharacter = Object("DCM-VR-002", "Character outside the VR's repertoire", All(E),
        Citation.Dicom("PS3.5", "6.1, 6.2 Table 6.2-1"));
    public static readonly RuleDefinition MalformedValue = Object("DCM-VR-003", "Value does not have its VR's form (DA, TM, DT, DS, IS, AS, PN)", All(E),
        Citation.Dicom("PS3.5", "6.2 Table 6.2-1"));
    public static readonly RuleDefinition BadUid = Object("DCM-VR-004", "UID malformed: empty or leading-zero component, not digits and dots, over 64 characters", All(E),
        Citation.Dicom("PS3.5", "9.1"));
    public static readonly RuleDefinition LowerCaseCodeString = Object("DCM-VR-005", "Code String with lower-case letters", All(E),
        Citation.Dicom("PS3.5", "6.2 Table 6.2-1 (CS)"));
    public static readonly RuleDefinition DictionaryMultiplicity = Object("DCM-VR-006", "Value multiplicity not allowed by PS3.6 (or by the module, where PS3.3 narrows it)", All(E),
        Citation.Dicom("PS3.6", "6"), Citation.Dicom("PS3.5", "6.4"), Citation.Dicom("PS3.3", "module tables"));
    public static readonly RuleDefinition WrongVR = Object("DCM-VR-007", "Explicit VR differs from the PS3.6 dictionary", All(E),
        Citation.Dicom("PS3.5", "7.1.2"), Citation.Dicom("PS3.6", "6"));
    public static readonly RuleDefinition BinaryLength = Object("DCM-VR-008", "Binary value length is not a multiple of the value size", All(E),
        Citation.Dicom("PS3.5", "6.2 Table 6.2-1"));
    public static readonly RuleDefinition StandardAsUnknown = Object("DCM-VR-009", "Standard attribute encoded with VR UN (its value is checked as its PS3.6 VR)", All(W),
        Citation.Dicom("PS3.5", "6.2.2"));

    // ---- sets ----
    public static readonly RuleDefinition DuplicateInstance = Set("DCM-SET-001", "Same SOP Instance UID for different objects", All(E),
        Citation.Dicom("PS3.3", "C.12.1.1.1"), Citation.Dicom("PS3.5", "9"));
    public static readonly RuleDefinition PatientDisagrees = Set("DCM-SET-002", "Patient attributes disagree among objects of one Patient ID", Of(W, E, E),
        Citation.Dicom("PS3.3", "C.7.1.1"), Citation.IheRo("MMRO-II test tool patient attribute mapping rules [T-scen]"));
    public static readonly RuleDefinition StudyDisagrees = Set("DCM-SET-003", "Study attributes disagree among objects of one Study Instance UID", Of(W, E, E),
        Citation.Dicom("PS3.3", "C.7.2.1"));
    public static readonly RuleDefinition SeriesDisagrees = Set("DCM-SET-004", "Series spans several patients, studies or modalities", All(E),
        Citation.Dicom("PS3.3", "A.1.2.3, C.7.3.1"));

    public static IReadOnlyList<RuleDefinition> Rules { get; } =
    [
        Unreadable, EncodingRepaired, MetaMismatch, NoPart10Header,
        UnknownIod, Type1Missing, Type2Missing, ConditionalMissing, ConditionalForbidden, NotEnumerated, NotDefinedTerm, ItemCount, PixelDataLength,
        ValueTooLong, BadCharacter, MalformedValue, BadUid, LowerCaseCodeString, DictionaryMultiplicity, WrongVR, BinaryLength, StandardAsUnknown,
        DuplicateInstance, PatientDisagrees, StudyDisagrees, SeriesDisagrees,
    ];
}

namespace ConformanceKit.Actors.Faults;

/// <summary>
/// The faults a reference SUT (or the harness's own send) can inject: the real-world SRO mistakes of
/// reg-profile.md sections 6 and 8.7 and two association failures. Names are stable: scenario files,
/// <c>ck run --fault</c> and reports use them.
/// </summary>
public static class FaultCatalogue
{
    public const string InvertedMatrix = "inverted-matrix";
    public const string TransposedMatrix = "transposed-matrix";
    public const string RasCoordinates = "ras-coordinates";
    public const string CmUnits = "cm-units";
    public const string MissingIdentityItem = "missing-identity-item";
    public const string MovingFrameOfReference = "moving-frame-of-reference";
    public const string Reflection = "reflection";
    public const string MatrixTypeAffine = "matrix-type-affine";
    public const string TwoMatrixItems = "two-matrix-items";
    public const string WrongReferences = "wrong-references";
    public const string PartialReferences = "partial-references";
    public const string DroppedAttribute = "dropped-attribute";
    public const string SlowAssociation = "slow-association";
    public const string AbortedAssociation = "aborted-association";

    /// <summary>Every fault with what it does, in the order documentation lists them.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Described =
    [
        (InvertedMatrix, "moving item holds base->moving (SlicerRT issue 108)"),
        (TransposedMatrix, "column-major: translation in the bottom row"),
        (RasCoordinates, "LPS/RAS mix-up: diag(-1,-1,1) applied on both sides"),
        (CmUnits, "translation in cm"),
        (MissingIdentityItem, "only the moving item"),
        (MovingFrameOfReference, "SRO top-level FoR is the moving set's"),
        (Reflection, "RIGID with determinant -1"),
        (MatrixTypeAffine, "Matrix Type other than RIGID under MMRO"),
        (TwoMatrixItems, "Matrix Sequence with 2 items"),
        (WrongReferences, "Referenced Image Sequence points into another FoR"),
        (PartialReferences, "Common Instance Reference lists only the first slice"),
        (DroppedAttribute, "a Type 1 attribute removed"),
        (SlowAssociation, "answers after the peer's timeout"),
        (AbortedAssociation, "A-ABORT in the middle of a transfer"),
    ];

    public static readonly IReadOnlyList<string> All = Described.Select(d => d.Name).ToList();

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The rules that catch the fault in an object (reg-profile.md 7): what validation reports for an SRO (or, for a
    /// dropped attribute, any object) carrying it. Empty for mistakes only the numbers show (TRE, resampling).
    /// </summary>
    public static IReadOnlyList<string> RulesCatching(string fault) => fault switch
    {
        TransposedMatrix => ["REG-SRO-023"],
        MissingIdentityItem => ["REG-SRO-012", "REG-SRO-013", "REG-SRO-014"],
        MovingFrameOfReference => ["REG-SRO-011", "REG-SRO-013", "REG-SRO-015"],
        Reflection => ["REG-SRO-025", "REG-SRO-026"],
        MatrixTypeAffine => ["REG-SRO-024"],
        TwoMatrixItems => ["REG-SRO-021"],
        WrongReferences => ["REG-SRO-017", "REG-SRO-018", "REG-SRO-031"],
        PartialReferences => ["REG-SRO-031"],
        DroppedAttribute => ["DCM-IOD-002", "REG-SRO-008"],
        _ => [],
    };

    /// <summary>Faults of the association rather than of an object's content.</summary>
    public static bool IsAssociationFault(string name) => name is SlowAssociation or AbortedAssociation;
}

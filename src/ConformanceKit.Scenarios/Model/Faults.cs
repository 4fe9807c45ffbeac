namespace ConformanceKit.Scenarios.Model;

/// <summary>
/// Faults the harness can put into what it sends (negative tests for consumers) or into a reference
/// SUT (proving a scenario catches them): the real-world SRO mistakes of reg-profile.md sections 6 and 8.7.
/// </summary>
public static class Faults
{
    public static readonly IReadOnlyList<string> All =
    [
        "inverted-matrix",          // moving item holds base->moving (SlicerRT issue 108)
        "transposed-matrix",        // column-major: translation in the bottom row
        "ras-coordinates",          // LPS/RAS mix-up: diag(-1,-1,1,1) applied on one side
        "cm-units",                 // translation in cm
        "missing-identity-item",    // only the moving item
        "moving-frame-of-reference",// SRO top-level FoR is the moving set's
        "reflection",               // RIGID with determinant -1
        "matrix-type-affine",       // Matrix Type other than RIGID under MMRO
        "two-matrix-items",         // Matrix Sequence with 2 items
        "wrong-references",         // Referenced Image Sequence points into another FoR
        "partial-references",       // Common Instance Reference lists only the first slice
        "dropped-attribute",        // a Type 1 attribute removed
        "slow-association",         // answers after the peer's timeout
        "aborted-association",      // A-ABORT in the middle of a transfer
    ];
}

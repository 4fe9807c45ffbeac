namespace ConformanceKit.Scenarios.Model;

/// <summary>A named phantom set the library uses: the object sets it yields and the true transforms it knows.</summary>
public sealed record PhantomPreset(string Name, string Description, IReadOnlyList<string> Sets, IReadOnlyList<string> Truths)
{
    /// <summary>Point markers whose position in the base Frame of Reference the phantom knows (for reading off a display).</summary>
    public IReadOnlyList<string> Markers { get; init; } = [];
}

/// <summary>
/// The phantom presets the scenario library needs from the geometry layer's phantom generator.
/// Set names follow one pattern: modality (ct, mr, pet, ct2), reg-BASE-MOVING for a correct reference
/// SRO, rtss-ON and rtdose-ON for RT objects in the Frame of Reference of ON. Truth names are
/// MOVING-to-BASE transforms (LPS mm, row-major).
/// </summary>
public static class PhantomPresets
{
    public static readonly IReadOnlyList<PhantomPreset> All =
    [
        new("ct-mr-pet",
            "Non-hybrid CT (base), MR and PET, each in its own Frame of Reference: the IHE-RO MMRO-II NonHybrid geometry " +
            "(MR rotated 5 degrees about z through the origin; PET rotated 5 degrees about an axis parallel to y through (0, y, -175) mm)",
            ["ct", "mr", "pet", "reg-ct-mr", "reg-ct-pet", "rtss-ct", "rtss-mr", "rtdose-ct", "rtdose-mr"],
            ["mr-to-ct", "pet-to-ct"]),
        new("ct-pet-hybrid",
            "Hybrid CT and PET from one device sharing one Frame of Reference (no registration needed)",
            ["ct", "pet", "rtss-ct"],
            []),
        new("ct-ct-hfp", "Planning CT HFS (base) and a second CT acquired head first-prone, in another Frame of Reference",
            ["ct", "ct2", "reg-ct-ct2", "rtss-ct2", "rtdose-ct"], ["ct2-to-ct"]),
        new("ct-ct-ffs", "Planning CT HFS (base) and a second CT acquired feet first-supine, in another Frame of Reference",
            ["ct", "ct2", "reg-ct-ct2", "rtss-ct2", "rtdose-ct"], ["ct2-to-ct"]),
        new("ct-ct-ffp", "Planning CT HFS (base) and a second CT acquired feet first-prone, in another Frame of Reference",
            ["ct", "ct2", "reg-ct-ct2", "rtss-ct2", "rtdose-ct"], ["ct2-to-ct"]),
        new("mr-ct", "MR as the primary (base) set and a CT registered onto it (MMRO-III non-CT primary)",
            ["mr", "ct", "reg-mr-ct", "rtss-mr"], ["ct-to-mr"]),
        new("ct-sagittal-mr", "Axial CT (base) and a sagittal MR in its own Frame of Reference, rotated and shifted",
            ["ct", "mr", "reg-ct-mr", "rtss-mr"], ["mr-to-ct"]),
        new("ct-mr-markers",
            "Axial CT (base) and an MR holding point-like markers at known MR positions, for reading coordinates off a display",
            ["ct", "mr", "reg-ct-mr"], ["mr-to-ct"]) { Markers = ["m1", "m2", "m3", "m4"] },
        new("ct-mr-nonidentity",
            "CT and MR registered through a third Frame of Reference: both SRO items carry non-identity matrices (a GEN-valid SRO)",
            ["ct", "mr", "reg-ct-mr"], ["mr-to-ct"]),
    ];

    public static PhantomPreset? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Phantom sizes; "small" keeps the whole library under a minute on two cores.</summary>
    public static readonly IReadOnlyList<string> Sizes = ["tiny", "small", "medium", "full"];
}

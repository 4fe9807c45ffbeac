namespace ConformanceKit.Rules;

/// <summary>
/// Which rule set judges the objects: plain DICOM (GEN), or the IHE-RO Image Registration profile as
/// tested by the MMRO-II test tool, or its MMRO-III revision (reg-profile.md section 0 and 7).
/// </summary>
public enum ProfileMode
{
    Gen,
    MmroII,
    MmroIII,
}

public static class ProfileModes
{
    public static readonly IReadOnlyList<ProfileMode> All = [ProfileMode.Gen, ProfileMode.MmroII, ProfileMode.MmroIII];

    public static string Name(this ProfileMode mode) => mode switch
    {
        ProfileMode.Gen => "GEN",
        ProfileMode.MmroII => "MMRO-II",
        _ => "MMRO-III",
    };

    public static bool TryParse(string? text, out ProfileMode mode)
    {
        mode = ProfileMode.Gen;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "GEN": mode = ProfileMode.Gen; return true;
            case "MMRO-II" or "MMROII" or "MMRO2": mode = ProfileMode.MmroII; return true;
            case "MMRO-III" or "MMROIII" or "MMRO3": mode = ProfileMode.MmroIII; return true;
            default: return false;
        }
    }

    /// <summary>True for the IHE-RO profile modes (the REG rules apply; GEN keeps only what DICOM itself requires).</summary>
    public static bool IsProfile(this ProfileMode mode) => mode != ProfileMode.Gen;
}

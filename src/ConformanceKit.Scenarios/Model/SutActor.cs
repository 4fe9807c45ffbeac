namespace ConformanceKit.Scenarios.Model;

/// <summary>The REG actor a system under test plays (reg-profile.md section 1).</summary>
public enum SutActor
{
    Archive,
    Registrator,
    Display,
    DoseDisplay,
    Contourer,
}

/// <summary>The profile revision a scenario checks against (reg-profile.md section 9: GEN is plain DICOM).</summary>
public enum ProfileMode
{
    Gen,
    MmroII,
    MmroIII,
}

/// <summary>The names used in scenario files, reports and on the command line.</summary>
public static class ScenarioNames
{
    public static readonly IReadOnlyList<string> Actors = ["archive", "registrator", "display", "dose-display", "contourer"];
    public static readonly IReadOnlyList<string> Profiles = ["GEN", "MMRO-II", "MMRO-III"];

    public static string Of(SutActor a) => Actors[(int)a];
    public static string Of(ProfileMode p) => Profiles[(int)p];

    public static SutActor ParseActor(string name) =>
        Actors.ToList().IndexOf(name) is var i and >= 0 ? (SutActor)i : throw new FormatException($"unknown actor '{name}' (one of {string.Join(", ", Actors)})");

    public static ProfileMode ParseProfile(string name) =>
        Profiles.ToList().IndexOf(name) is var i and >= 0 ? (ProfileMode)i : throw new FormatException($"unknown profile '{name}' (one of {string.Join(", ", Profiles)})");

    /// <summary>Human names of the actors as the profile spells them.</summary>
    public static string Title(SutActor a) => a switch
    {
        SutActor.Archive => "Archive",
        SutActor.Registrator => "Registrator",
        SutActor.Display => "Registered Display",
        SutActor.DoseDisplay => "Registered Dose Display",
        SutActor.Contourer => "Registered Contourer",
        _ => a.ToString(),
    };
}

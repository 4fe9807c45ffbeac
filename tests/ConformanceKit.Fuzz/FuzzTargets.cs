using ConformanceKit.Fuzz.Targets;

namespace ConformanceKit.Fuzz;

/// <summary>The fuzz targets by name.</summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyList<string> Names = ["pdu", "association", "archive", "part10", "yaml"];

    public static FuzzTarget Create(string name) => name switch
    {
        "pdu" => new PduTarget(),
        "association" => new AssociationTarget(),
        "archive" => new ArchiveTarget(),
        "part10" => new Part10Target(),
        "yaml" => new ScenarioYamlTarget(),
        _ => throw new ArgumentException($"unknown fuzz target '{name}' (targets: {string.Join(", ", Names)})"),
    };
}

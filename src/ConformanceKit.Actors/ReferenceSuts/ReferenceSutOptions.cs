using ConformanceKit.Actors.Faults;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>How a reference SUT is started: its AE title and port (0: any free port) and the fault it injects, if any.</summary>
public sealed record ReferenceSutOptions
{
    public string AeTitle { get; init; } = "CK_REFSUT";
    public int Port { get; init; }

    /// <summary>A fault of <see cref="FaultCatalogue"/>, or null for a conformant SUT.</summary>
    public string? Fault { get; init; }

    /// <summary>
    /// How late a <see cref="FaultCatalogue.SlowAssociation"/> SUT answers or sends: past the network layer's
    /// default DIMSE timeout (60 s, AssociationSettings) so that a peer waiting with defaults gives up.
    /// </summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(65);

    /// <summary>The Manufacturer (0008,0070) the SUT writes into objects it creates (REG-SRO-006, REG-RT-006).</summary>
    public string Manufacturer { get; init; } = "ConformanceKit Reference SUT";

    public bool Injects(string fault) => string.Equals(Fault, fault, StringComparison.Ordinal);
}

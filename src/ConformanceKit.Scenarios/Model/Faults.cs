using ConformanceKit.Actors.Faults;

namespace ConformanceKit.Scenarios.Model;

/// <summary>
/// Faults the harness can put into what it sends (negative tests for consumers) or into a reference
/// SUT (proving a scenario catches them): the real-world SRO mistakes of reg-profile.md sections 6 and 8.7.
/// </summary>
public static class Faults
{
    public static readonly IReadOnlyList<string> All = FaultCatalogue.All;

    /// <summary>The faults of an object's content, the ones a <c>send</c> step can put into what it sends.</summary>
    public static readonly IReadOnlyList<string> InObjects = FaultCatalogue.All.Where(f => !FaultCatalogue.IsAssociationFault(f)).ToList();
}

namespace ConformanceKit.Scenarios.Model;

/// <summary>
/// Faults the harness can put into what it sends (negative tests for consumers) or into a reference
/// SUT (proving a scenario catches them): the real-world SRO mistakes of reg-profile.md sections 6 and 8.7.
/// </summary>
public static class Faults
{
    public static readonly IReadOnlyList<string> All = ConformanceKit.Actors.Faults.FaultCatalogue.All;
}

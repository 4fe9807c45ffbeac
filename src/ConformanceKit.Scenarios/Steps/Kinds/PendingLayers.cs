namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>Why a step kind cannot run yet: the layer it needs has not landed in main.</summary>
internal static class PendingLayers
{
    public const string Network = "needs the DICOM network layer (issue 3) for associations with the SUT";
    public const string Geometry = "needs the geometry layer (issue 4) for the numeric oracle";
    public const string Rules = "needs the REG rules layer (issue 5)";
}

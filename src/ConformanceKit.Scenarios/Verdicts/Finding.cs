namespace ConformanceKit.Scenarios.Verdicts;

/// <summary>
/// Something a step found out about the SUT: which rule, how bad, where (object and attribute path),
/// what was found and what was expected, and the clause that requires it.
/// </summary>
public sealed record Finding(string? RuleId, Severity Severity, string Message)
{
    /// <summary>Attribute path, e.g. RegistrationSequence[2]/MatrixRegistrationSequence[1]/MatrixSequence[1]/FrameOfReferenceTransformationMatrix.</summary>
    public string? Path { get; init; }
    public string? Found { get; init; }
    public string? Expected { get; init; }
    public string? Citation { get; init; }
    public string? SopInstanceUid { get; init; }
    /// <summary>The captured object's file, relative to the run folder.</summary>
    public string? File { get; init; }
}

/// <summary>A number a step measured, with its limit (for example a target registration error in mm).</summary>
public sealed record Measurement(string Name, double Value, string Unit, double? Limit = null)
{
    public bool? WithinLimit => Limit is { } l ? Value <= l : null;
}

/// <summary>A human answer to an attestation step, and where it came from.</summary>
public sealed record AttestationRecord(string Question, string Answer, string Source, string? Expected);

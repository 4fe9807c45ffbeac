namespace ConformanceKit.Scenarios.Results;

// The results.json model (docs/scenarios.md, "results.json"). Stable: fields are only ever added;
// a change of meaning bumps SchemaId. Verdicts, severities, actors and profiles are the strings
// used in scenario files ("PASS", "error", "dose-display", "MMRO-II"). Times are UTC ISO 8601;
// durations are milliseconds; file paths are relative to the run folder.

/// <summary>One run of `ck run` (or the merge of several shards).</summary>
public sealed record RunResult
{
    public const string SchemaId = "conformancekit/results/1";

    public string Schema { get; init; } = SchemaId;
    public required string RunId { get; init; }
    public required string HarnessVersion { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double DurationMs { get; init; }
    /// <summary>True when the run was stopped (Ctrl-C) before every selected scenario ran.</summary>
    public bool Cancelled { get; init; }
    public required SutInfo Sut { get; init; }
    public required SelectionInfo Selection { get; init; }
    public required SummaryInfo Summary { get; init; }
    public List<ScenarioResult> Scenarios { get; init; } = [];
    /// <summary>Scenario files that could not be loaded ("file:line:column: message").</summary>
    public List<string> LoadErrors { get; init; } = [];
    /// <summary>For a merged run: the run IDs it combines.</summary>
    public List<string> MergedFrom { get; init; } = [];
    /// <summary>Where the run ran (the report's "environment and versions"); null in files written before it was recorded.</summary>
    public EnvironmentInfo? Environment { get; init; }
}

/// <summary>The machine and software a run ran on, so a report read later says what produced it.</summary>
public sealed record EnvironmentInfo
{
    public required string Os { get; init; }
    public required string Runtime { get; init; }
    public required string Architecture { get; init; }
    public int ProcessorCount { get; init; }
    /// <summary>Version of each ConformanceKit part loaded (assembly name to version).</summary>
    public SortedDictionary<string, string> Components { get; init; } = new(StringComparer.Ordinal);

    /// <summary>This process's environment.</summary>
    public static EnvironmentInfo Current() => new()
    {
        Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        Architecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
        ProcessorCount = System.Environment.ProcessorCount,
        Components = new SortedDictionary<string, string>(
            AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetName())
                .Where(n => n.Name?.StartsWith("ConformanceKit", StringComparison.Ordinal) == true && n.Version is not null)
                .GroupBy(n => n.Name!)
                .ToDictionary(g => g.Key, g => g.First().Version!.ToString(3)), StringComparer.Ordinal),
    };
}

/// <summary>Who was tested: the built-in reference SUTs, or a product from a preset.</summary>
public sealed record SutInfo
{
    /// <summary>"reference" or "product".</summary>
    public required string Mode { get; init; }
    public string? Product { get; init; }
    public string? PresetFile { get; init; }
    public List<string> Actors { get; init; } = [];
    public List<string> Profiles { get; init; } = [];
    public string? AeTitle { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public bool Tls { get; init; }
}

public sealed record SelectionInfo
{
    public List<string> Paths { get; init; } = [];
    public List<string> Only { get; init; } = [];
    /// <summary>"K/N" when this run is shard K of N, else null.</summary>
    public string? Shard { get; init; }
    /// <summary>Scenarios selected before sharding (the same in every shard of one library).</summary>
    public int SelectedBeforeSharding { get; init; }
}

public sealed record SummaryInfo
{
    public required string Verdict { get; init; }
    public required int ExitCode { get; init; }
    public int Total { get; init; }
    public int Pass { get; init; }
    public int Fail { get; init; }
    public int Inconclusive { get; init; }
    public int Skipped { get; init; }
}

public sealed record ScenarioResult
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public required string Actor { get; init; }
    public required string Profile { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
    public List<string> Verifies { get; init; } = [];
    public string? ModelledOn { get; init; }
    public List<string> Tags { get; init; } = [];
    public required string Verdict { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public double DurationMs { get; init; }
    /// <summary>Suffix added to Patient IDs in this scenario run (to find its objects on the SUT).</summary>
    public string? PatientIdSuffix { get; init; }
    /// <summary>Set-up (data, SUT) first, with kind "setup", then the scenario's steps in order.</summary>
    public List<StepResult> Steps { get; init; } = [];
}

public sealed record StepResult
{
    public int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Verdict { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public double DurationMs { get; init; }
    public List<string> Verifies { get; init; } = [];
    /// <summary>Set when the harness itself failed during the step (never PASS, rule S1).</summary>
    public HarnessError? HarnessError { get; init; }
    public List<FindingResult> Findings { get; init; } = [];
    public List<MeasurementResult> Measurements { get; init; } = [];
    public List<ObjectResult> Objects { get; init; } = [];
    public AttestationResult? Attestation { get; init; }
    public List<string> Transcripts { get; init; } = [];
}

public sealed record HarnessError(string Type, string Message);

public sealed record FindingResult
{
    public string? RuleId { get; init; }
    public required string Severity { get; init; }
    public required string Message { get; init; }
    public string? Path { get; init; }
    public string? Found { get; init; }
    public string? Expected { get; init; }
    public string? Citation { get; init; }
    public string? SopInstanceUid { get; init; }
    public string? File { get; init; }
}

public sealed record MeasurementResult(string Name, double Value, string Unit, double? Limit, bool? WithinLimit);

public sealed record ObjectResult
{
    public required string Set { get; init; }
    public required string SopClassUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string Origin { get; init; }
    public string? File { get; init; }
    public string? TransferSyntaxUid { get; init; }
}

public sealed record AttestationResult(string Question, string Answer, string Source, string? Expected);

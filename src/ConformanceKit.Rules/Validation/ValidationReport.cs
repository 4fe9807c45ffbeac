namespace ConformanceKit.Rules.Validation;

/// <summary>The findings of one object (or of the set as a whole, for <see cref="ObjectRef.Set"/>).</summary>
public sealed record ObjectResult(ObjectRef Object, IReadOnlyList<Finding> Findings);

/// <summary>
/// The outcome of validating a set: findings grouped by object, counts, and the verdict. The exit code
/// follows from the report alone: 2 when nothing could be validated, 1 when a finding gates, else 0.
/// </summary>
public sealed class ValidationReport(ProfileMode mode, IReadOnlyList<ObjectResult> objects, int objectsValidated, int filesUnreadable)
{
    public ProfileMode Mode { get; } = mode;
    public IReadOnlyList<ObjectResult> Objects { get; } = objects;
    public int ObjectsValidated { get; } = objectsValidated;
    public int FilesUnreadable { get; } = filesUnreadable;

    public IEnumerable<Finding> Findings => Objects.SelectMany(o => o.Findings);

    public bool HasGatingFinding => Findings.Any(f => f.Gates);

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);

    public const int ExitPass = 0;
    public const int ExitGating = 1;
    public const int ExitNothingValidated = 2;

    public int ExitCode => ObjectsValidated == 0 ? ExitNothingValidated : HasGatingFinding ? ExitGating : ExitPass;

    /// <summary>Groups findings by object in the order the objects were read; set-wide findings last.</summary>
    public static ValidationReport Build(ProfileMode mode, IReadOnlyList<ObjectRef> order, IEnumerable<Finding> findings, int validated, int unreadable)
    {
        var byObject = findings.GroupBy(f => f.Object).ToDictionary(g => g.Key, g => (IReadOnlyList<Finding>)g
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Rule.Id, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).ToList());
        var results = new List<ObjectResult>();
        foreach (var o in order)
            results.Add(new ObjectResult(o, byObject.Remove(o, out var list) ? list : []));
        foreach (var (o, list) in byObject) results.Add(new ObjectResult(o, list));
        return new ValidationReport(mode, results, validated, unreadable);
    }
}

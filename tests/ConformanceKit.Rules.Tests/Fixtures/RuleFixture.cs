using ConformanceKit.Dicom;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>
/// One fault made by a targeted edit of correct objects (or of correct evidence), the rule it must fire,
/// and the other rules the same edit necessarily fires too (for example the IOD rule for a removed Type 1
/// attribute the profile also requires). The fixture test asserts exactly this set.
/// </summary>
public sealed record RuleFixture(string Rule, ProfileMode Mode, string Fault, Func<ProfileMode, IReadOnlyList<Finding>> Run, IReadOnlyList<string> AlsoFires)
{
    public override string ToString() => $"{Rule} {Fault}";

    /// <summary>A fault in the phantom data set, validated as a set of files.</summary>
    public static RuleFixture InSet(string rule, string fault, Action<Study> edit, ProfileMode mode = ProfileMode.MmroII, string[]? also = null,
        Func<ValidationOptions>? options = null, Func<Study, IEnumerable<DicomFile>>? files = null) =>
        new(rule, mode, fault, m =>
        {
            var study = Study.Phantom();
            edit(study);
            return Harness.Run(files?.Invoke(study) ?? study.Files(), m, options?.Invoke()).Findings.ToList();
        }, also ?? []);

    /// <summary>A fault in the evidence an actor or display test gathered.</summary>
    public static RuleFixture InEvidence(string rule, string fault, Action<ObjectFindings> check, ProfileMode mode = ProfileMode.MmroII) =>
        new(rule, mode, fault, m =>
        {
            var sink = new FindingSink(m);
            check(new ObjectFindings(sink, new ObjectRef(null, null, "evidence")));
            return sink.Findings;
        }, []);
}

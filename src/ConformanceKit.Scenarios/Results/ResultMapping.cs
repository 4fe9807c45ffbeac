using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Results;

/// <summary>Copies what steps report into the results.json model.</summary>
internal static class ResultMapping
{
    public static FindingResult Map(Finding f) => new()
    {
        RuleId = f.RuleId, Severity = VerdictNames.Of(f.Severity), Message = f.Message, Path = f.Path,
        Found = f.Found, Expected = f.Expected, Citation = f.Citation, SopInstanceUid = f.SopInstanceUid, File = f.File,
    };

    public static MeasurementResult Map(Measurement m) => new(m.Name, m.Value, m.Unit, m.Limit, m.WithinLimit);

    public static ObjectResult Map(ObjectReference o) => new()
    {
        Set = o.Set, SopClassUid = o.SopClassUid, SopInstanceUid = o.SopInstanceUid, Origin = o.Origin,
        File = o.File, TransferSyntaxUid = o.TransferSyntaxUid,
    };

    public static AttestationResult? Map(AttestationRecord? a) => a is null ? null : new(a.Question, a.Answer, a.Source, a.Expected);
}

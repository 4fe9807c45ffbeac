using ConformanceKit.Reports.Html;

namespace ConformanceKit.Reports.Views;

// The report's view model: everything the templates show, already formatted (numbers in invariant
// culture, durations in words). Strings here may come from DICOM, YAML or a peer and are escaped on
// output by EscapingTemplateContext; only TrustedHtml values (diagrams and images built in code) are not.

/// <summary>The whole report of one run.</summary>
public sealed class ReportView
{
    public required RunHeaderView Run { get; init; }
    public required SummaryView Summary { get; init; }
    public required IReadOnlyList<FindingView> Findings { get; init; }
    public required IReadOnlyList<ScenarioView> Scenarios { get; init; }
    public required IReadOnlyList<SroPanelView> Registrations { get; init; }
    public required TreView Tre { get; init; }
    public required IReadOnlyList<FusionView> Fusions { get; init; }
    public required IReadOnlyList<AttestationView> Attestations { get; init; }
    public required CoverageView Coverage { get; init; }
    public required IReadOnlyList<NameValue> Environment { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public required string GeneratedAt { get; init; }
    public required string GeneratedBy { get; init; }
    public required TrustedHtml Style { get; init; }
    public required TrustedHtml Script { get; init; }
}

public sealed record NameValue(string Name, string Value);

public sealed class RunHeaderView
{
    public required string RunId { get; init; }
    public required string HarnessVersion { get; init; }
    public required string Profiles { get; init; }
    public required string SutMode { get; init; }
    public required string SutName { get; init; }
    public required string SutAddress { get; init; }
    public required string Actors { get; init; }
    public required string Started { get; init; }
    public required string Finished { get; init; }
    public required string Duration { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictClass { get; init; }
    public required int ExitCode { get; init; }
    public required bool Cancelled { get; init; }
    public required string Selection { get; init; }
    public required IReadOnlyList<string> MergedFrom { get; init; }
    public required IReadOnlyList<string> LoadErrors { get; init; }
}

public sealed record VerdictCount(string Verdict, string VerdictClass, int Count);

public sealed record ActorRow(string Actor, int Pass, int Fail, int Inconclusive, int Skipped, int Total);

public sealed class SummaryView
{
    public required int Total { get; init; }
    public required IReadOnlyList<VerdictCount> Counts { get; init; }
    public required IReadOnlyList<ActorRow> ByActor { get; init; }
    /// <summary>Scenarios, failing ones first, then inconclusive, passed, skipped.</summary>
    public required IReadOnlyList<ScenarioView> ByScenario { get; init; }
    /// <summary>Error findings: the ones that decide the verdict.</summary>
    public required IReadOnlyList<FindingView> Gating { get; init; }
    public required int WarningCount { get; init; }
    public required int InfoCount { get; init; }
}

public sealed class FindingView
{
    public required string Anchor { get; init; }
    public required string ScenarioId { get; init; }
    public required string ScenarioAnchor { get; init; }
    public required string StepId { get; init; }
    public required string StepAnchor { get; init; }
    public required string RuleId { get; init; }
    public required string RuleTitle { get; init; }
    public required string Severity { get; init; }
    public required string SeverityClass { get; init; }
    public required string Message { get; init; }
    public required string Path { get; init; }
    public required string Found { get; init; }
    public required string Expected { get; init; }
    public required string Citation { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string File { get; init; }
    /// <summary>Anchor of the object's dump in the report, or empty.</summary>
    public required string ObjectAnchor { get; init; }
}

public sealed class ScenarioView
{
    public required string Anchor { get; init; }
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Actor { get; init; }
    public required string Profile { get; init; }
    public required string Source { get; init; }
    public required IReadOnlyList<string> Verifies { get; init; }
    public required string ModelledOn { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictClass { get; init; }
    public required string Reason { get; init; }
    public required string Started { get; init; }
    public required string Duration { get; init; }
    public required string PatientIdSuffix { get; init; }
    public required IReadOnlyList<StepView> Steps { get; init; }
    public required int ErrorCount { get; init; }
    public required int FindingCount { get; init; }
    public required IReadOnlyList<SroPanelView> Registrations { get; init; }
    public required TrustedHtml FrameOfReferenceGraph { get; init; }
}

public sealed class StepView
{
    public required string Anchor { get; init; }
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictClass { get; init; }
    public required string Reason { get; init; }
    public required string Offset { get; init; }
    public required string Duration { get; init; }
    /// <summary>Bar position on the scenario's timeline, percent of its duration (invariant culture).</summary>
    public required string BarStart { get; init; }
    public required string BarWidth { get; init; }
    public required IReadOnlyList<string> Verifies { get; init; }
    public required string HarnessError { get; init; }
    public required IReadOnlyList<FindingView> Findings { get; init; }
    public required IReadOnlyList<MeasurementView> Measurements { get; init; }
    public required IReadOnlyList<ObjectView> Objects { get; init; }
    public required AttestationView? Attestation { get; init; }
    public required IReadOnlyList<TranscriptView> Transcripts { get; init; }
    public bool HasDetails => Findings.Count > 0 || Measurements.Count > 0 || Objects.Count > 0 || Attestation is not null || Transcripts.Count > 0 || HarnessError.Length > 0;
}

public sealed record MeasurementView(string Name, string Value, string Unit, string Limit, string Status, string StatusClass);

public sealed class ObjectView
{
    public required string Anchor { get; init; }
    public required string Set { get; init; }
    public required string SopClass { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string Origin { get; init; }
    public required string File { get; init; }
    public required string TransferSyntax { get; init; }
    public required string Summary { get; init; }
    /// <summary>The dump text (escaped on output), or empty when left out (see <see cref="DumpNote"/>).</summary>
    public required string Dump { get; init; }
    public required string DumpNote { get; init; }
}

public sealed class AttestationView
{
    public required string ScenarioId { get; init; }
    public required string ScenarioAnchor { get; init; }
    public required string StepId { get; init; }
    public required string Question { get; init; }
    public required string Answer { get; init; }
    public required string Source { get; init; }
    public required string Expected { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictClass { get; init; }
}

public sealed class TranscriptView
{
    public required string File { get; init; }
    public required string Title { get; init; }
    public required TrustedHtml Diagram { get; init; }
    public required string Text { get; init; }
    public required string Note { get; init; }
}

public sealed record MatrixRow(IReadOnlyList<string> Cells);

public sealed class SroItemView
{
    public required int Index { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required string FrameLabel { get; init; }
    public required string MatrixType { get; init; }
    public required string RegistrationType { get; init; }
    public required IReadOnlyList<MatrixRow> Matrix { get; init; }
    public required bool IsIdentity { get; init; }
    public required IReadOnlyList<NameValue> Decomposition { get; init; }
    public required IReadOnlyList<string> Remarks { get; init; }
}

public sealed class SroPanelView
{
    public required string Anchor { get; init; }
    public required string ScenarioId { get; init; }
    public required string ScenarioAnchor { get; init; }
    public required string Label { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string File { get; init; }
    public required string RegisteredFrameOfReference { get; init; }
    public required IReadOnlyList<SroItemView> Items { get; init; }
    public required IReadOnlyList<string> Problems { get; init; }
    /// <summary>The mistake diagnosis: what the matrices look like, and the findings the checks made on this SRO.</summary>
    public required IReadOnlyList<string> Diagnosis { get; init; }
    public required IReadOnlyList<FindingView> Findings { get; init; }
    public required TrustedHtml Graph { get; init; }
}

public sealed record TreRow(string ScenarioId, string ScenarioAnchor, string StepId, string Name, string Value, string Unit, string Limit, string Status, string StatusClass);

public sealed class TreView
{
    public required IReadOnlyList<TreRow> Rows { get; init; }
    public required TrustedHtml Plot { get; init; }
}

public sealed record FusionPlaneView(string Plane, TrustedHtml Checkerboard, TrustedHtml Difference, string Statistics);

public sealed class FusionView
{
    public required string ScenarioId { get; init; }
    public required string ScenarioAnchor { get; init; }
    public required string StepId { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<FusionPlaneView> Planes { get; init; }
    public required string Note { get; init; }
}

public sealed record CoverageRow(string Id, string Title, string Status, string StatusClass, IReadOnlyList<string> Scenarios, int Findings);

public sealed class CoverageView
{
    public required IReadOnlyList<CoverageRow> Rules { get; init; }
    public required IReadOnlyList<CoverageRow> Transactions { get; init; }
    public required int RulesExercised { get; init; }
    public required int TransactionsExercised { get; init; }
    public required string LibraryNote { get; init; }
}

using System.Globalization;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// Explains a retrieval that did not deliver, in the terms an engineer configuring the SUT needs. A C-MOVE fails
/// for reasons of set-up as often as of conformance: a destination the SUT does not know (A801), a wrong port for
/// it, a sub-association the harness refused (wrong called AE). Those make the step INCONCLUSIVE with the fix; what
/// the SUT did wrong on its own (failure statuses, refused services, aborts) makes it FAIL with a finding.
/// </summary>
internal static class RetrieveDiagnosis
{
    /// <summary>The outcome when the retrieval itself went wrong, or null when it completed and the arrivals can be judged.</summary>
    public static StepOutcome? Explain(RetrieveAttempt attempt, bool get, string? rule, string window, Destination? destination, IReadOnlyList<NetworkEvent> events)
    {
        var service = get ? "C-GET" : "C-MOVE";
        if (attempt.Failure is { } f)
        {
            if (f.PeerNotReached) return StepOutcome.Inconclusive(f.Message);
            if (f.Kind == ExchangeFailureKind.NoContext)
                return get
                    // REG names C-MOVE for retrieval; C-GET is optional (reg-profile.md 2.2), so its absence decides nothing.
                    ? StepOutcome.Inconclusive($"the SUT does not offer Study Root C-GET, which the profile does not require: {f.Message}")
                    : Failed(rule, $"the SUT does not offer Study Root C-MOVE: {f.Message}");
            return Failed(rule, $"the {service} did not complete: {f.Message}");
        }
        if (attempt.WindowEnded)
            return StepOutcome.Inconclusive($"the {service} did not complete within {window} ({attempt.Arrived.Count} object(s) had arrived); it was cancelled");
        if (attempt.Result is not { } r) return StepOutcome.Inconclusive($"the {service} ended without a final response");
        var status = $"{r.Status.Meaning(get ? DimseCommandField.CGetResponse : DimseCommandField.CMoveResponse)} (status {r.Status.Code.ToString("X4", CultureInfo.InvariantCulture)}H)" +
                     (string.IsNullOrEmpty(r.ErrorComment) ? "" : $": \"{r.ErrorComment}\"");
        if (r.Status == DimseStatus.MoveDestinationUnknown && destination is { } unknown)
            return StepOutcome.Inconclusive($"the SUT does not know the move destination {unknown.AeTitle} ({status}); add AE {unknown.AeTitle} " +
                                            $"at this host's address, port {unknown.Port}, to the SUT's known nodes");
        if (r.Status.Category == DimseStatusCategory.Cancel)
            return Failed(rule, $"the SUT cancelled the {service} on its own: {status}");
        if (r.Status.Category is DimseStatusCategory.Success or DimseStatusCategory.Warning) return null;
        if (!get && destination is { } d && attempt.Arrived.Count == 0 && r.Failed > 0)
        {
            var accepted = events.OfType<ConnectionEvent>().Where(c => c is { Opened: true, IsRequestor: false }).Select(c => c.AssociationId).ToHashSet();
            if (accepted.Count == 0)
                return StepOutcome.Inconclusive($"the SUT could not deliver to {d.AeTitle}: nothing connected to port {d.Port} during the C-MOVE ({status}); " +
                                                $"check the host and port the SUT has configured for {d.AeTitle} (wrong port?)");
            if (events.OfType<ProblemEvent>().FirstOrDefault(p => accepted.Contains(p.AssociationId) && p.Description.StartsWith("rejected ", StringComparison.Ordinal)) is { } rejected)
                return StepOutcome.Inconclusive($"the SUT connected to port {d.Port} but the harness refused its sub-association ({rejected.Description}); " +
                                                $"the SUT must call AE {d.AeTitle} there ({status})");
        }
        return Failed(rule, $"the {service} failed: {status}" + (r.Failed > 0 ? $"; {r.Failed} sub-operation(s) failed" : ""));
    }

    private static StepOutcome Failed(string? rule, string reason) =>
        new(Verdict.Fail, reason) { Findings = [new Finding(rule, Severity.Error, reason)] };
}

/// <summary>The harness actor a C-MOVE delivers to: its AE title (the Move Destination) and port.</summary>
internal sealed record Destination(string AeTitle, int Port);

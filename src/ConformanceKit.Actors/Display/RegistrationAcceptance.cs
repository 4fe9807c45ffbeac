using ConformanceKit.Actors.Faults;
using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Dicom;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Actors.Display;

/// <summary>An SRO the display refused, and the rule findings why.</summary>
public sealed record RefusedRegistration(string SopInstanceUid, IReadOnlyList<string> Reasons);

/// <summary>
/// How the reference display decides which received SROs it applies: it validates each with the REG rule packs
/// under the scenario's profile, together with the images it holds, and refuses an SRO with any gating finding
/// of an SRO rule (REG-SRO-*) or a Type 1/2 IOD rule (reg-profile.md 8.7: "reject or warn, never silently
/// mis-display"). A display playing a content fault does not look for that fault (its catching rules are ignored).
/// </summary>
public static class RegistrationAcceptance
{
    public static (IReadOnlyList<ReceivedRegistration> Accepted, IReadOnlyList<RefusedRegistration> Refused) Judge(
        ReceivedStudy study, ProfileMode profile, string? fault)
    {
        if (study.Registrations.Count == 0) return ([], []);
        var blind = fault is null ? [] : FaultCatalogue.RulesCatching(fault).ToHashSet(StringComparer.Ordinal);
        var files = study.Registrations.Select(r => r.Dataset)
            .Concat(study.Series.SelectMany(s => s.Datasets))
            .Select((d, n) => new DicomFile(new DicomDataset(), d, DicomTransferSyntax.ExplicitVRLittleEndian) { Path = $"received:{n}" });
        var report = new FileSetValidator(new ValidationOptions { Mode = profile, Parallelism = 1 }).Validate(files);
        var accepted = new List<ReceivedRegistration>();
        var refused = new List<RefusedRegistration>();
        foreach (var r in study.Registrations)
        {
            var uid = r.Dataset.GetString(DicomTags.SOPInstanceUID) ?? "";
            var reasons = report.Findings
                .Where(f => f.Gates && f.Object.SopInstanceUid == uid && Decides(f.RuleId) && !blind.Contains(f.RuleId))
                .Select(f => $"{f.RuleId} {f.Message}").Distinct().ToList();
            if (reasons.Count == 0) accepted.Add(r); else refused.Add(new RefusedRegistration(uid, reasons));
        }
        return (accepted, refused);
    }

    private static bool Decides(string ruleId) => ruleId.StartsWith("REG-SRO-", StringComparison.Ordinal) || ruleId is "DCM-IOD-002" or "DCM-IOD-008";
}

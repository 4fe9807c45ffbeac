using ConformanceKit.Actors.Faults;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>send</c>: C-STORE object sets (PS3.4 Annex B) to the SUT or a running harness actor, on one association,
/// every object's status recorded. <c>expect: success</c> makes each refused object an error finding,
/// <c>refused</c> each accepted one; a SUT that cannot be reached (nothing listening, association rejected) is
/// INCONCLUSIVE with the reason, one that aborts or stops answering part way is FAIL. With <c>fault</c>, the
/// objects the fault applies to leave as faulty copies (<see cref="ObjectFaults"/>, the same code the reference
/// SUTs use), kept in the run folder as evidence; a fault that changes none of the objects is INCONCLUSIVE,
/// since the negative test would not be what it claims.
/// </summary>
public sealed class SendKind : StepKind
{
    public override string Name => "send";
    public override string Summary => "Send object sets with C-STORE (PS3.4 B.2) to the SUT, optionally with a fault injected.";

    public override ObjectShape Arguments { get; } = new(
        new Property("objects", new ListShape(CommonShapes.SetName("An object set to send."), minItems: 1) { Description = "Object sets to send, in order." }, Required: true),
        new Property("to", CommonShapes.ActorName("'sut' (default) or a running harness actor.")),
        new Property("as", CommonShapes.ActorName("Harness identity (inputs.harness.NAME) used as calling AE; default 'registrator'.")),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this send performs.")),
        new Property("transfer-syntax", new TextShape { OneOf = ["explicit-little", "implicit-little"], Description = "Transfer syntax proposed for the objects (default: both, the SUT chooses; PS3.5 A.1, A.2)." }),
        new Property("fault", new TextShape { OneOf = Faults.InObjects, Description = "Fault put into the objects sent (negative tests of consumers); association faults are played by reference SUTs (ck run --fault)." }),
        new Property("expect", new TextShape { OneOf = ["success", "refused", "any"], Description = "Expected C-STORE outcome (default success; 'refused': the SUT must reject the objects)." }),
        new Property("rule", CommonShapes.Requirement("Rule ID put on the findings (default REG-ARC-001 when an Archive SUT is the receiver).")));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        foreach (var s in args.List("objects")) cx.UsesSet((string)s.Value!, s.Location);
        var to = args.Text("to");
        if (to is not null && to != "sut") cx.UsesActor(to, args.LocationOf("to"));
        else to = null;
        var syntax = args.Text("transfer-syntax") switch
        {
            "explicit-little" => DicomTransferSyntax.ExplicitVRLittleEndian,
            "implicit-little" => DicomTransferSyntax.ImplicitVRLittleEndian,
            _ => null,
        };
        // REG-ARC-001: an Archive accepts C-STORE of the profile's objects in both little endian syntaxes (reg-profile.md 7.4).
        var rule = args.Text("rule") ?? (to is null && cx.Actor == SutActor.Archive ? "REG-ARC-001" : null);
        return new Step(args.Texts("objects"), to, args.Text("as", "registrator"), syntax, args.Text("fault"), args.Text("expect", "success"), rule);
    }

    private sealed class Step(IReadOnlyList<string> sets, string? to, string asName, DicomTransferSyntax? syntax, string? fault, string expect, string? rule) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var objects = sets.SelectMany(s => context.Sets[s]).ToList();
            if (objects.Count == 0) return StepOutcome.Inconclusive($"nothing to send: {string.Join(", ", sets)} hold no objects");
            IReadOnlyList<ObjectReference> evidence = [];
            if (fault is not null)
            {
                var (faulty, why) = InjectFault(context, objects, fault);
                if (faulty is null) return StepOutcome.Inconclusive(why!);
                (objects, evidence) = (faulty.Value.Objects, faulty.Value.Kept);
            }
            using var transcript = new ExchangeTranscript();
            var (client, problem) = SutConnection.Resolve(context, to, asName, transcript.Observer);
            if (client is null) return StepOutcome.Inconclusive(problem!);
            var items = objects.Select(o => StoreItem.FromDataset(o.Dataset, syntax ?? o.File.TransferSyntax)).ToList();
            var report = await ObjectSender.SendAsync(client, items, syntax is null ? null : [syntax.Uid], cancel);
            var outcome = Judge(report, objects, ObjectSender.Describe(client));
            if (fault is not null) outcome = outcome with { Reason = $"{outcome.Reason}; fault {fault} in {evidence.Count} object(s)" };
            return outcome with { Transcripts = transcript.Save(context), Objects = evidence };
        }

        /// <summary>
        /// The objects with the fault put into those it applies to; each faulty copy is kept in the run folder
        /// (objects/SET-FAULT/) so the report shows exactly what the SUT was given.
        /// </summary>
        private static ((List<ScenarioObject> Objects, IReadOnlyList<ObjectReference> Kept)? Result, string? Problem) InjectFault(
            StepContext context, IReadOnlyList<ScenarioObject> objects, string fault)
        {
            if (!objects.Any(o => ObjectFaults.Applies(fault, o.SopClassUid)))
                return (null, $"fault {fault} changes none of the {objects.Count} object(s) sent ({string.Join(", ", objects.Select(o => DicomUidRegistry.NameOf(o.SopClassUid)).Distinct())}): the negative test cannot be run");
            var sent = new List<ScenarioObject>(objects.Count);
            var kept = new List<ObjectReference>();
            var set = $"sent-{fault}";
            foreach (var o in objects)
            {
                if (!ObjectFaults.Applies(fault, o.SopClassUid)) { sent.Add(o); continue; }
                DicomDataset changed;
                try { changed = ObjectFaults.Apply(o.Dataset, fault); }
                catch (ArgumentException e) { return (null, $"fault {fault} cannot be put into {DicomUidRegistry.NameOf(o.SopClassUid)} {o.SopInstanceUid}: {e.Message}"); }
                var faulty = context.Keep(set, new ScenarioObject(new DicomFile(o.File.FileMetaInformation, changed, o.File.TransferSyntax), $"{o.Origin} with fault {fault}"));
                sent.Add(faulty);
                kept.Add(ObjectReference.Of(set, faulty));
            }
            return ((sent, kept), null);
        }

        private StepOutcome Judge(SendReport report, IReadOnlyList<ScenarioObject> objects, string peer)
        {
            var stored = report.StoredCount;
            if (report.Failure is { PeerNotReached: true } unreached && stored == 0) return StepOutcome.Inconclusive(unreached.Message);
            var findings = new List<Finding>();
            for (var i = 0; i < report.Objects.Count; i++)
            {
                var (sent, o) = (report.Objects[i], objects[i]);
                var what = DicomUidRegistry.NameOf(o.SopClassUid);
                if (expect == "success" && !sent.Stored)
                    findings.Add(new Finding(rule, Severity.Error, $"{peer} did not store {what}: {sent.Describe()}") { SopInstanceUid = o.SopInstanceUid });
                else if (expect == "success" && sent.Status is { Category: DimseStatusCategory.Warning })
                    findings.Add(new Finding(rule, Severity.Warning, $"{peer} stored {what} with a warning: {sent.Describe()}") { SopInstanceUid = o.SopInstanceUid });
                else if (expect == "refused" && sent.Stored)
                    findings.Add(new Finding(rule, Severity.Error, $"{peer} accepted {what}, which it should have refused: {sent.Describe()}") { SopInstanceUid = o.SopInstanceUid });
            }
            var ended = false;
            if (report.Failure is { } broken)
            {
                // An association that ends part way is the SUT's doing once it was established (PS3.8 7.3: release, not abort);
                // a failed release after every object was stored is only worth a warning.
                ended = !(stored == objects.Count && broken.Message.StartsWith("release failed", StringComparison.Ordinal));
                findings.Add(new Finding(rule, ended ? Severity.Error : Severity.Warning, broken.Message));
            }
            var refused = report.Objects.Count - stored;
            var tally = $"{stored} of {objects.Count} object(s) stored by {peer}" + (refused > 0 ? $", {refused} not stored" : "");
            var errors = findings.Count(f => f.Severity == Severity.Error);
            var verdict = errors > 0 ? Verdict.Fail : Verdict.Pass;
            var reason = expect == "refused" && errors == 0 ? $"{peer} refused all {objects.Count} object(s) as expected"
                : ended ? $"{tally}; {report.Failure!.Message}"
                : tally;
            return new StepOutcome(verdict, reason) { Findings = findings };
        }
    }
}

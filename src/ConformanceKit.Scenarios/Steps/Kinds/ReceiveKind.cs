using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>receive</c>: waits for the SUT to connect to a harness actor and send objects, within a time
/// window. With <c>none: true</c> nothing matching may arrive (the hybrid case: a Registrator must not
/// create an SRO for data that already shares a Frame of Reference, REG-SRO-033).
/// </summary>
public sealed class ReceiveKind : StepKind
{
    /// <summary>
    /// Default quiet time after the expected objects arrived, to catch surplus ones: a SUT sends one
    /// series over one association, so 2 s of silence after it on loopback means it is done.
    /// </summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);

    public override string Name => "receive";
    public override string Summary => "Wait (within a time window) for the SUT to send objects to a harness actor; or, with none: true, check that it sends none.";

    public override ObjectShape Arguments { get; } = new(
        new Property("on", CommonShapes.ActorName("The running harness actor the SUT sends to."), Required: true),
        new Property("window", new DurationShape { Description = "How long to wait (scaled by the preset's window-scale)." }, Required: true),
        new Property("expect", new ObjectShape([
            .. ObjectFilter.Properties,
            new Property("count", new IntegerShape(1, 100_000) { Description = "Exact number of matching objects." }),
            new Property("min-count", new IntegerShape(1, 100_000) { Description = "Least number of matching objects (default 1)." }),
            new Property("none", new BooleanShape { Description = "No matching object may arrive within the window." }),
        ]) { Description = "Which objects, and how many." }, Required: true),
        new Property("settle", new DurationShape { Description = "Quiet time after the expected objects arrived, to see surplus ones (default 2s)." }),
        new Property("store-as", CommonShapes.SetName("Name of the set of matching objects received.")),
        new Property("transaction", CommonShapes.Transaction("The profile transaction the SUT performs.")));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var on = args.Text("on")!;
        var role = cx.UsesActor(on, args.LocationOf("on"));
        if (role is not null and not ("storage" or "archive")) cx.Error(args.LocationOf("on"), $"actor '{on}' ({role}) receives no objects");
        var expect = args.Object("expect")!;
        var none = expect.Flag("none") == true;
        if (none && (expect.Has("count") || expect.Has("min-count"))) cx.Error(expect.Location, "none: true cannot be combined with count or min-count");
        if (expect.Has("count") && expect.Has("min-count")) cx.Error(expect.Location, "give count or min-count, not both");
        var storeAs = args.Text("store-as");
        if (storeAs is not null)
        {
            if (none) cx.Error(args.LocationOf("store-as"), "nothing to store when none: true");
            cx.DefinesSet(storeAs, args.LocationOf("store-as"));
        }
        return new Step(on, args.Duration("window")!.Value, args.Duration("settle") ?? DefaultSettle, ObjectFilter.Bind(expect, cx),
            none, expect.Integer("count"), expect.Integer("min-count") ?? 1, storeAs);
    }

    private sealed class Step(string actor, TimeSpan window, TimeSpan settle, ObjectFilter filter, bool none, long? count, long minCount, string? storeAs) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var instance = context.Actors[actor];
            if (instance.Inbox is null) throw new InvalidOperationException($"actor '{actor}' has no inbox");
            var w = context.Scale(window);
            Func<int, bool> enough = none ? _ => false : n => count is { } c ? n >= c : n >= minCount;
            var r = await instance.Inbox.CollectAsync(filter.Matches, enough, w, context.Scale(settle), context.Services.Time, cancel);
            // Everything peers did on the actor since it started or since the last receive, the window included.
            var seen = instance.Inbox.TakeNetworkEvents();
            var outcome = Judge(context, instance, r, InboundAssociations.Of(seen));
            return outcome with { Transcripts = ExchangeTranscript.Save(context, seen) };
        }

        private StepOutcome Judge(StepContext context, IActorInstance instance, WindowResult r, InboundAssociations inbound)
        {
            var kept = r.Matched.Select(o => context.Keep(storeAs ?? "received", o)).ToList();
            var keptOther = r.Other.Select(o => context.Keep("received-other", o)).ToList();
            if (storeAs is not null) context.Sets.Put(storeAs, kept);
            var objects = kept.Select(o => ObjectReference.Of(storeAs ?? "received", o))
                .Concat(keptOther.Select(o => ObjectReference.Of("received-other", o))).ToList();
            var findings = keptOther.Select(o => new Finding(null, Severity.Info,
                $"received an object that is not {filter}: {Dicom.DicomUidRegistry.NameOf(o.SopClassUid)}")
            { SopInstanceUid = o.SopInstanceUid, File = o.StoredFile }).ToList();
            var where = $"actor '{actor}' (AE {instance.Endpoint.AeTitle}, port {instance.Endpoint.Port})";
            var waited = Schema.DurationShape.Format(r.Waited);

            if (none)
            {
                if (kept.Count == 0)
                    return new StepOutcome(Verdict.Pass, $"no {filter} arrived at {where} within {waited}") { Objects = objects, Findings = findings };
                findings.AddRange(kept.Select(o => new Finding("REG-SRO-033", Severity.Error,
                    $"the SUT sent {Dicom.DicomUidRegistry.NameOf(o.SopClassUid)} although none was expected")
                { SopInstanceUid = o.SopInstanceUid, File = o.StoredFile, Expected = "no object", Found = o.SopInstanceUid }));
                return new StepOutcome(Verdict.Fail, $"{kept.Count} unexpected object(s) arrived") { Objects = objects, Findings = findings };
            }

            if (kept.Count == 0 && keptOther.Count == 0)
            {
                var why = $"nothing arrived at {where} within {waited}: {inbound.Diagnose(instance.Endpoint.AeTitle, instance.Endpoint.Port)}";
                // An abort is the SUT's doing (PS3.8 7.3.1): it answered, and failed to deliver; silence or a rejected call is undecided.
                return inbound.Aborts.Count > 0
                    ? new StepOutcome(Verdict.Fail, why) { Objects = objects, Findings = [.. findings, new Finding(null, Severity.Error, why)] }
                    : new StepOutcome(Verdict.Inconclusive, why) { Objects = objects };
            }
            var wanted = count is { } n ? $"exactly {n}" : $"at least {minCount}";
            var ok = count is { } c ? kept.Count == c : kept.Count >= minCount;
            if (!ok)
            {
                findings.Add(new Finding(null, Severity.Error, $"expected {wanted} {filter}, received {kept.Count}")
                { Expected = wanted, Found = kept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                return new StepOutcome(Verdict.Fail, $"received {kept.Count} matching object(s), expected {wanted}") { Objects = objects, Findings = findings };
            }
            return new StepOutcome(Verdict.Pass, $"received {kept.Count} {filter} in {Schema.DurationShape.Format(r.CompletedAfter ?? r.Waited)}")
            { Objects = objects, Findings = findings };
        }
    }
}

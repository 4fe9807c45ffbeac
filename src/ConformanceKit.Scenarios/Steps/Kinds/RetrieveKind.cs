using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>retrieve</c>: Study Root C-MOVE to a running harness actor, or C-GET (PS3.4 C.4.2, C.4.3). What arrives is kept
/// as a set in the run folder and checked: the instances expected (<c>expect-count</c> or exactly those of
/// <c>expect-sets</c>; at least one otherwise) and the final response's completed count against what really arrived
/// (REG-ARC-004). Failures are explained by <see cref="RetrieveDiagnosis"/>.
/// </summary>
public sealed class RetrieveKind : StepKind
{
    /// <summary>Rule the findings carry unless the step names another: C-MOVE delivers every instance and counts them (reg-profile.md 7.4).</summary>
    public const string DefaultRule = "REG-ARC-004";

    /// <summary>Default longest wait for a retrieval: the library's largest study moves in about a second on loopback.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    public override string Name => "retrieve";
    public override string Summary => "Retrieve from the SUT with C-MOVE to a harness actor or with C-GET (PS3.4 C.4.2/C.4.3); keeps what arrives as a set.";

    public override ObjectShape Arguments { get; } = new(
        new Property("method", new TextShape { OneOf = ["move", "get"], Description = "C-MOVE (default) or C-GET." }),
        new Property("level", new TextShape { OneOf = QueryKind.Levels, Description = "Query/Retrieve Level (0008,0052)." }, Required: true),
        new Property("keys", AttributeTemplate.KeysShape("Unique keys of what to retrieve (PS3.4 C.4.2.1.4.1); may quote ${SET.Keyword}."), Required: true),
        new Property("destination", CommonShapes.ActorName("C-MOVE: the running harness actor that receives (its AE title is the Move Destination).")),
        new Property("as", CommonShapes.ActorName("Harness identity used as calling AE (default 'display').")),
        new Property("store-as", CommonShapes.SetName("Name of the set of retrieved objects."), Required: true),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this retrieval performs.")),
        new Property("rule", CommonShapes.Requirement($"Rule ID put on the findings (default {DefaultRule}).")),
        new Property("expect-count", new IntegerShape(0, 100_000) { Description = "Number of instances that must arrive (and the completed sub-operations reported)." }),
        new Property("expect-sets", new ListShape(CommonShapes.SetName("A set whose instances must arrive."), minItems: 1) { Description = "The instances that must arrive: exactly those of these sets." }),
        new Property("window", new DurationShape { Description = "Longest wait for the retrieval to complete (default 60s)." }));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var keys = AttributeTemplate.BindKeys(args.Map("keys"), cx);
        var method = args.Text("method", "move");
        string? destination = null;
        if (method == "move")
        {
            if (args.Text("destination") is { } d)
            {
                destination = d;
                var role = cx.UsesActor(d, args.LocationOf("destination"));
                if (role is not null and not ("storage" or "archive")) cx.Error(args.LocationOf("destination"), $"actor '{d}' ({role}) receives no objects");
            }
            else cx.Error(args.Location, "a C-MOVE needs 'destination' (a running harness actor)");
        }
        else if (args.Has("destination")) cx.Error(args.LocationOf("destination"), "C-GET returns objects on the same association; 'destination' is for move");
        foreach (var es in args.List("expect-sets")) cx.UsesSet((string)es.Value!, es.Location);
        if (args.Has("expect-sets") && args.Has("expect-count")) cx.Error(args.Location, "give expect-count or expect-sets, not both");
        var storeAs = args.Text("store-as")!;
        cx.DefinesSet(storeAs, args.LocationOf("store-as"));
        return new Step(new QueryIdentifier(args.Text("level")!, keys), destination, args.Text("as", "display"), storeAs, args.Text("rule", DefaultRule),
            args.Integer("expect-count"), args.Texts("expect-sets"), args.Duration("window") ?? DefaultWindow);
    }

    private sealed class Step(QueryIdentifier query, string? destination, string asName, string storeAs, string rule,
        long? expectCount, IReadOnlyList<string> expectSets, TimeSpan window) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            using var transcript = new ExchangeTranscript();
            var (client, problem) = SutConnection.Resolve(context, null, asName, transcript.Observer);
            if (client is null) return StepOutcome.Inconclusive(problem!);
            var identifier = query.Build(context.Sets);
            var scaled = context.Scale(window);
            RetrieveAttempt attempt;
            Destination? target = null;
            if (destination is not null)
            {
                var actor = context.Actors[destination];
                target = new Destination(actor.Endpoint.AeTitle, actor.Endpoint.Port);
                transcript.Listen(actor);
                attempt = await RetrieveTransfer.MoveAsync(context, client, identifier, actor, scaled, cancel);
                actor.Inbox?.TakeNetworkEvents(); // the sub-associations are this step's (its own transcript), not a later receive's
            }
            else attempt = await RetrieveTransfer.GetAsync(context, client, identifier, scaled, cancel);
            transcript.Dispose(); // stop listening before the transcript is written

            var kept = attempt.Arrived.Select(o => context.Keep(storeAs, o)).ToList();
            context.Sets.Put(storeAs, kept);
            var objects = kept.Select(o => ObjectReference.Of(storeAs, o)).ToList();
            var outcome = RetrieveDiagnosis.Explain(attempt, destination is null, rule, DurationShape.Format(scaled), target, transcript.Events)
                          ?? Judge(context, attempt, kept);
            return outcome with { Objects = objects, Transcripts = transcript.Save(context) };
        }

        private StepOutcome Judge(StepContext context, RetrieveAttempt attempt, IReadOnlyList<ScenarioObject> kept)
        {
            var r = attempt.Result!;
            var findings = new List<Finding>();
            string N(long n) => n.ToString(CultureInfo.InvariantCulture);
            var arrivedUids = kept.GroupBy(o => o.SopInstanceUid).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (uid, copies) in arrivedUids.Where(g => g.Value.Count > 1))
                findings.Add(new Finding(rule, Severity.Warning, $"the same instance arrived {copies.Count} times") { SopInstanceUid = uid, File = copies[0].StoredFile });
            if (expectSets.Count > 0)
            {
                var wanted = expectSets.SelectMany(s => context.Sets[s]).DistinctBy(o => o.SopInstanceUid).ToList();
                foreach (var w in wanted.Where(w => !arrivedUids.ContainsKey(w.SopInstanceUid)))
                    findings.Add(new Finding(rule, Severity.Error, $"{DicomUidRegistry.NameOf(w.SopClassUid)} was not retrieved") { SopInstanceUid = w.SopInstanceUid, Expected = "delivered", Found = "absent" });
                var known = wanted.Select(w => w.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
                foreach (var extra in kept.Where(o => !known.Contains(o.SopInstanceUid)).DistinctBy(o => o.SopInstanceUid))
                    findings.Add(new Finding(rule, Severity.Error, $"{DicomUidRegistry.NameOf(extra.SopClassUid)} was delivered although the keys do not select it")
                    { SopInstanceUid = extra.SopInstanceUid, File = extra.StoredFile, Expected = $"only the instances of {string.Join(", ", expectSets)}" });
            }
            else if (expectCount is { } c && arrivedUids.Count != c)
                findings.Add(new Finding(rule, Severity.Error, $"expected {N(c)} instance(s), {N(arrivedUids.Count)} arrived") { Expected = N(c), Found = N(arrivedUids.Count) });
            else if (expectCount is null && kept.Count == 0)
                findings.Add(new Finding(rule, Severity.Error, "nothing was retrieved: the keys select no stored instance on the SUT") { Expected = "at least 1", Found = "0" });

            // PS3.4 C.4.2.3.1: the final response counts the sub-operations; completed ones are objects the destination stored.
            var counted = r.Completed + r.Warning;
            if (counted != kept.Count)
                findings.Add(new Finding(rule, Severity.Error, $"the final response counts {N(counted)} delivered sub-operation(s), {N(kept.Count)} object(s) arrived")
                { Expected = N(kept.Count), Found = N(counted) });
            if (r.Failed > 0)
                findings.Add(new Finding(rule, Severity.Error, $"{N(r.Failed)} sub-operation(s) failed" + (string.IsNullOrEmpty(r.ErrorComment) ? "" : $": \"{r.ErrorComment}\"") +
                                                              (r.FailedSopInstanceUids.Count > 0 ? $" ({string.Join(", ", r.FailedSopInstanceUids.Take(5))})" : "")));
            var how = destination is null ? "C-GET" : $"C-MOVE to {destination}";
            var summary = $"{how}: {N(kept.Count)} object(s) arrived, {N(r.Completed)} completed, {N(r.Failed)} failed, {N(r.Warning)} warning";
            var errors = findings.Count(f => f.Severity == Severity.Error);
            return new StepOutcome(errors == 0 ? Verdict.Pass : Verdict.Fail, errors == 0 ? summary : $"{summary}; {errors} error finding(s)") { Findings = findings };
        }
    }
}

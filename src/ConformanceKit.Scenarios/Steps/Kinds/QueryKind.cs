using System.Globalization;
using ConformanceKit.Actors.Network;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>query</c>: a Study Root C-FIND (PS3.4 C.4.1) against the SUT. Beyond the expected count and matches, every
/// response is checked against the query: its level, each requested key present, and each non-universal key
/// satisfied by the value returned (PS3.4 C.2.2.2 matching). A SUT that cannot be reached is INCONCLUSIVE with the
/// reason; a refused query, a failure status or wrong matches are FAIL with findings.
/// </summary>
public sealed class QueryKind : StepKind
{
    public static readonly IReadOnlyList<string> Levels = ["STUDY", "SERIES", "IMAGE"];

    /// <summary>Rule the findings carry unless the step names another: Study Root C-FIND returns what is stored (reg-profile.md 7.4).</summary>
    public const string DefaultRule = "REG-ARC-003";

    public override string Name => "query";
    public override string Summary => "Query the SUT with Study Root C-FIND (PS3.4 C.4.1) and check the matches.";

    public override ObjectShape Arguments { get; } = new(
        new Property("level", new TextShape { OneOf = Levels, Description = "Query/Retrieve Level (0008,0052)." }, Required: true),
        new Property("keys", AttributeTemplate.KeysShape("Identifier keys: keyword -> value (may quote ${SET.Keyword}); empty asks for the value."), Required: true),
        new Property("as", CommonShapes.ActorName("Harness identity used as calling AE (default 'display').")),
        new Property("transaction", CommonShapes.Transaction("The profile transaction this query belongs to.")),
        new Property("rule", CommonShapes.Requirement($"Rule ID put on the findings (default {DefaultRule}).")),
        new Property("expect", new ObjectShape(
            new Property("count", new IntegerShape(0, 100_000) { Description = "Exact number of matches." }),
            new Property("min-count", new IntegerShape(0, 100_000) { Description = "Least number of matches." }),
            new Property("matches", new ListShape(AttributeTemplate.KeysShape("Attributes one match must have.")) { Description = "Each entry must be matched by some response." }))
        { Description = "What the responses must contain." }, Required: true));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        var keys = AttributeTemplate.BindKeys(args.Map("keys"), cx);
        var expect = args.Object("expect")!;
        if (expect.Has("count") && expect.Has("min-count")) cx.Error(expect.Location, "give count or min-count, not both");
        var matches = expect.List("matches")
            .Select(m => AttributeTemplate.BindKeys((IReadOnlyList<KeyValuePair<string, Bound>>)m.Value!, cx)).ToList();
        return new Step(new QueryIdentifier(args.Text("level")!, keys), args.Text("as", "display"), args.Text("rule", DefaultRule),
            expect.Integer("count"), expect.Integer("min-count"), matches);
    }

    private sealed class Step(QueryIdentifier query, string asName, string rule, long? count, long? minCount,
        IReadOnlyList<IReadOnlyList<(DicomTag Tag, AttributeTemplate Value)>> matches) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            using var transcript = new ExchangeTranscript();
            var (client, problem) = SutConnection.Resolve(context, null, asName, transcript.Observer);
            if (client is null) return StepOutcome.Inconclusive(problem!);
            var identifier = query.Build(context.Sets);
            var peer = ObjectSender.Describe(client);
            var responses = new List<DicomDataset>();
            ExchangeFailure? failure = null;
            try
            {
                await using var association = await DicomClient.AssociateAsync(client,
                    new PresentationContextPlan().Add(DicomUids.StudyRootQueryRetrieveInformationModelFind, PresentationContextPlan.UncompressedSyntaxes), cancel);
                await foreach (var r in association.FindAsync(DicomUids.StudyRootQueryRetrieveInformationModelFind, identifier, cancel))
                    responses.Add(r);
                await association.ReleaseAsync(cancel);
            }
            catch (DimseFailureException e)
            {
                return Done(context, transcript, Failed(rule, $"the C-FIND failed: {e.Message}"));
            }
            catch (Exception e) when (e is not OperationCanceledException && ExchangeFailure.From(e, peer) is { } f)
            {
                failure = f;
            }
            if (failure is not null)
            {
                if (failure.PeerNotReached) return Done(context, transcript, StepOutcome.Inconclusive(failure.Message));
                var what = failure.Kind == ExchangeFailureKind.NoContext ? "the SUT does not offer Study Root C-FIND: " : "";
                return Done(context, transcript, Failed(rule, what + failure.Message));
            }

            var findings = Check(context, identifier, responses);
            var summary = $"{responses.Count} match(es) at {query.Level} level";
            var outcome = StepOutcome.FromFindings(findings, summary);
            return Done(context, transcript, outcome with
            {
                Reason = outcome.Verdict == Verdict.Pass ? summary : $"{summary}; {outcome.Reason}",
                Measurements = [new Measurement("matches", responses.Count, "responses")],
            });
        }

        private List<Finding> Check(StepContext context, DicomDataset identifier, List<DicomDataset> responses)
        {
            var findings = new List<Finding>();
            var n = responses.Count.ToString(CultureInfo.InvariantCulture);
            if (count is { } c && responses.Count != c)
                findings.Add(new Finding(rule, Severity.Error, $"expected exactly {c} match(es), the SUT returned {n}") { Expected = c.ToString(CultureInfo.InvariantCulture), Found = n });
            if (minCount is { } m && responses.Count < m)
                findings.Add(new Finding(rule, Severity.Error, $"expected at least {m} match(es), the SUT returned {n}") { Expected = $">= {m}", Found = n });

            foreach (var wanted in matches)
            {
                var resolved = wanted.Select(w => (w.Tag, Value: w.Value.Resolve(context.Sets))).ToList();
                if (responses.Any(r => resolved.All(w => QueryIdentifier.Satisfies(w.Tag, w.Value, QueryIdentifier.ValueIn(r, w.Tag))))) continue;
                findings.Add(new Finding(rule, Severity.Error, "no response has the expected attributes")
                {
                    Expected = string.Join(", ", resolved.Select(w => QueryIdentifier.Describe(w.Tag, w.Value))),
                    Found = responses.Count == 0 ? "no responses" : string.Join("; ", responses.Take(3).Select(r =>
                        string.Join(", ", resolved.Select(w => QueryIdentifier.Describe(w.Tag, QueryIdentifier.ValueIn(r, w.Tag) ?? "absent"))))),
                });
            }

            // PS3.4 C.4.1.1.3.2: each response carries the Query/Retrieve Level and every key asked for, and only matches the keys.
            var keys = identifier.Where(e => e.Tag != DicomTags.QueryRetrieveLevel && e.Tag != DicomTags.SpecificCharacterSet && !e.Tag.IsGroupLength).ToList();
            for (var i = 0; i < responses.Count; i++)
            {
                var r = responses[i];
                var where = $"response {i + 1}";
                var level = QueryIdentifier.ValueIn(r, DicomTags.QueryRetrieveLevel);
                if (level is not null && level.Trim() != query.Level)
                    findings.Add(new Finding(rule, Severity.Error, $"{where} has another Query/Retrieve Level") { Path = "QueryRetrieveLevel", Expected = query.Level, Found = level });
                foreach (var k in keys)
                {
                    var found = QueryIdentifier.ValueIn(r, k.Tag);
                    var keyword = DicomDictionary.KeywordOf(k.Tag) is { Length: > 0 } kw ? kw : k.Tag.ToString();
                    if (found is null)
                    {
                        findings.Add(new Finding(rule, Severity.Warning, $"{where} leaves out the requested key {keyword} (PS3.4 C.4.1.1.3.2 asks for every key, empty if unknown)") { Path = keyword });
                        continue;
                    }
                    var key = identifier.GetString(k.Tag) ?? "";
                    if (key.Length > 0 && !QueryIdentifier.Satisfies(k.Tag, key, found))
                        findings.Add(new Finding(rule, Severity.Error, $"{where} does not match the key {QueryIdentifier.Describe(k.Tag, key)}") { Path = keyword, Expected = key, Found = found });
                }
            }
            return findings;
        }

        private static StepOutcome Failed(string rule, string reason) =>
            new(Verdict.Fail, reason) { Findings = [new Finding(rule, Severity.Error, reason)] };

        private static StepOutcome Done(StepContext context, ExchangeTranscript transcript, StepOutcome outcome) =>
            outcome with { Transcripts = transcript.Save(context) };
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Comparison;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.Scenarios.Steps.Kinds;

/// <summary>
/// <c>compare</c>: matches the objects of two sets by SOP Instance UID and compares each pair attribute
/// by attribute, or byte for byte where the profile demands transparency (REG-ARC-002).
/// </summary>
public sealed class CompareKind : StepKind
{
    /// <summary>Most differences listed per object; the count of the rest is reported.</summary>
    private const int MaxFindingsPerObject = 50;

    public override string Name => "compare";
    public override string Summary => "Compare two object sets instance by instance: attribute by attribute, or byte-exact values (transparency).";

    public override ObjectShape Arguments { get; } = new(
        new Property("actual", CommonShapes.SetName("The objects the SUT returned."), Required: true),
        new Property("expected", new ListShape(CommonShapes.SetName("A set of expected objects."), minItems: 1) { Description = "The sets whose objects the actual ones must equal (usually what was sent)." }, Required: true),
        new Property("mode", new TextShape { OneOf = ["attributes", "bytes"], Description = "attributes (default): values equal after padding is removed; bytes: identical value bytes, padding included." }),
        new Property("ignore", new ListShape(new TextShape
        {
            Pattern = @"^([A-Za-z][A-Za-z0-9]*|\(?[0-9A-Fa-f]{4},?[0-9A-Fa-f]{4}\)?)$",
            PatternMeaning = "a DICOM keyword or tag (gggg,eeee)",
        }) { Description = "Attributes not compared (keywords or tags)." }),
        new Property("allow-added", new BooleanShape { Description = "Attributes the SUT added are warnings, not errors (default false)." }),
        new Property("rule", CommonShapes.Requirement("Rule ID put on the findings (default REG-ARC-002).")));

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        cx.UsesSet(args.Text("actual")!, args.LocationOf("actual"));
        foreach (var e in args.List("expected")) cx.UsesSet((string)e.Value!, e.Location);
        var ignore = new HashSet<DicomTag>();
        foreach (var b in args.List("ignore"))
        {
            var text = (string)b.Value!;
            if (DicomTag.TryParse(text, out var tag)) ignore.Add(tag);
            else if (DicomDictionary.FindByKeyword(text) is { } entry) ignore.Add(new DicomTag(entry.Tag));
            else cx.Error(b.Location, $"'{text}' is not a DICOM attribute keyword (PS3.6)");
        }
        return new Step(args.Text("actual")!, args.Texts("expected"),
            args.Text("mode", "attributes") == "bytes" ? ComparisonMode.Bytes : ComparisonMode.Attributes,
            ignore, args.Flag("allow-added") == true, args.Text("rule", "REG-ARC-002"));
    }

    private sealed class Step(string actual, IReadOnlyList<string> expected, ComparisonMode mode, HashSet<DicomTag> ignore, bool allowAdded, string rule) : IStep
    {
        public Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var have = context.Sets[actual];
            var want = expected.SelectMany(e => context.Sets[e]).DistinctBy(o => o.SopInstanceUid).ToList();
            var findings = new List<Finding>();
            var byUid = new Dictionary<string, ScenarioObject>(StringComparer.Ordinal);
            foreach (var o in have)
                if (!byUid.TryAdd(o.SopInstanceUid, o))
                    findings.Add(new Finding(rule, Severity.Error, "the same SOP Instance UID arrived twice") { SopInstanceUid = o.SopInstanceUid, File = o.StoredFile });
            var compared = 0;
            foreach (var w in want)
            {
                cancel.ThrowIfCancellationRequested();
                if (!byUid.Remove(w.SopInstanceUid, out var h))
                {
                    findings.Add(new Finding(rule, Severity.Error, $"{DicomUidRegistry.NameOf(w.SopClassUid)} was not returned")
                    { SopInstanceUid = w.SopInstanceUid, Expected = "present", Found = "absent" });
                    continue;
                }
                compared++;
                var diffs = DatasetComparison.Compare(w.Dataset, h.Dataset, mode, ignore);
                foreach (var d in diffs.Take(MaxFindingsPerObject))
                {
                    var severity = d.Kind == DifferenceKind.Added && allowAdded ? Severity.Warning : Severity.Error;
                    findings.Add(new Finding(rule, severity, Message(d)) { Path = d.Path, Expected = d.Expected, Found = d.Found, SopInstanceUid = w.SopInstanceUid, File = h.StoredFile });
                }
                if (diffs.Count > MaxFindingsPerObject)
                    findings.Add(new Finding(rule, Severity.Error, $"{diffs.Count - MaxFindingsPerObject} more difference(s) not listed") { SopInstanceUid = w.SopInstanceUid });
            }
            foreach (var extra in byUid.Values)
                findings.Add(new Finding(rule, Severity.Warning, $"{DicomUidRegistry.NameOf(extra.SopClassUid)} returned but not expected")
                { SopInstanceUid = extra.SopInstanceUid, File = extra.StoredFile });
            var how = mode == ComparisonMode.Bytes ? "byte for byte" : "attribute by attribute";
            return Task.FromResult(StepOutcome.FromFindings(findings, $"{compared} object(s) identical {how}"));
        }

        private static string Message(Difference d) => d.Kind switch
        {
            DifferenceKind.Missing => "attribute removed",
            DifferenceKind.Added => "attribute added",
            DifferenceKind.VrChanged => "VR changed",
            DifferenceKind.ItemCountChanged => "number of sequence items changed",
            _ => "value changed",
        };
    }
}

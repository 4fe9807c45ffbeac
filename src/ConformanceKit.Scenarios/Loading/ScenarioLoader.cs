using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Loading;

/// <summary>
/// Reads scenario files: YAML (bounded, no types instantiated) -> shape check (unknown keys, wrong types,
/// missing fields, each with file, line and column) -> meaning check (data, requirement IDs, step
/// arguments, set and actor references in step order) -> <see cref="Scenario"/>.
/// </summary>
public sealed class ScenarioLoader(StepRegistry registry, YamlLimits? limits = null)
{
    private readonly ObjectShape _shape = ScenarioShapes.Scenario(registry);

    public static ScenarioLoader Default { get; } = new(StepRegistry.Default);

    public Scenario LoadFile(string path)
    {
        var node = YamlDocumentReader.ReadFile(path, limits);
        return Bind(node, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public Scenario Load(string yaml, string fileName, string baseDirectory) =>
        Bind(YamlDocumentReader.Read(yaml, fileName, limits), baseDirectory);

    private Scenario Bind(YamlNode node, string baseDirectory)
    {
        var cx = new BindContext();
        var doc = _shape.BindObject(node, cx);
        cx.ThrowIfErrors();
        var scenario = Build(doc!, baseDirectory, cx);
        cx.ThrowIfErrors();
        return scenario!;
    }

    private Scenario? Build(BoundObject doc, string baseDirectory, BindContext cx)
    {
        foreach (var v in doc.List("verifies"))
            if (!Requirements.IsKnown((string)v.Value!))
                cx.Error(v.Location, $"'{v.Value}' is not a rule ID of reg-profile.md section 7 nor a transaction of section 2.1");
        var actor = ScenarioNames.ParseActor(doc.Text("actor")!);
        var profile = ScenarioNames.ParseProfile(doc.Text("profile")!);
        var data = BindData(doc.Object("data")!, baseDirectory, cx);
        var inputs = InputsBinding.Bind(doc.Object("inputs"), baseDirectory, cx);
        var preset = data.Phantom is not null ? PhantomPresets.Find(data.Phantom) : null;
        var steps = BindSteps(doc.Get<List<StepSyntax>>("steps")!,
            new StepBindContext(cx, actor, profile, data.SetNames, preset?.Truths ?? [], preset?.Markers ?? []));
        return new Scenario(doc.Text("id")!, doc.Text("title")!, doc.Text("description")!.Trim(), actor, profile,
            doc.Texts("verifies"), data, inputs, steps, doc.Location)
        {
            ModelledOn = doc.Text("modelled-on"),
            Tags = doc.Texts("tags"),
        };
    }

    private static DataSpec BindData(BoundObject o, string baseDirectory, BindContext cx)
    {
        var phantom = o.Text("phantom");
        var folder = o.Text("folder");
        if ((phantom is null) == (folder is null))
            cx.Error(o.Location, "data needs exactly one of 'phantom' or 'folder'");
        if (phantom is not null && o.Has("sets")) cx.Error(o.LocationOf("sets"), "a phantom preset names its own sets; 'sets' is for a folder");
        if (folder is not null && o.Has("size")) cx.Error(o.LocationOf("size"), "'size' is for a phantom preset");
        var sets = new List<DataSetSelector>();
        foreach (var (name, b) in o.Map("sets"))
        {
            var s = (BoundObject)b.Value!;
            var filterCx = new StepBindContext(cx, default, default, [], []);
            ObjectFilter.Bind(s, filterCx); // checks the SOP class keywords
            var classes = s.Texts("sop-class").Select(k => Dicom.DicomUidRegistry.All.FirstOrDefault(u => u.Keyword == k)?.Uid).OfType<string>().ToList();
            sets.Add(new DataSetSelector(name, s.Texts("modality"), classes, s.Text("series-description"), s.Integer("series-number"), b.Location));
        }
        if (folder is not null && sets.Count == 0) sets.Add(new DataSetSelector("all", [], [], null, null, o.Location));
        var folderPath = folder is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, folder));
        return new DataSpec(phantom, folderPath, sets, o.Location) { Size = o.Text("size", "small") };
    }

    private static List<ScenarioStep> BindSteps(List<StepSyntax> syntax, StepBindContext cx)
    {
        var steps = new List<ScenarioStep>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < syntax.Count; i++)
        {
            var s = syntax[i];
            var id = s.Common.Text("id") ?? $"{i + 1}-{s.Kind.Name}";
            if (!ids.Add(id)) cx.Error(s.Common.LocationOf("id"), $"step ID '{id}' is used twice in this scenario");
            foreach (var v in s.Common.List("verifies"))
                if (!Requirements.IsKnown((string)v.Value!))
                    cx.Error(v.Location, $"'{v.Value}' is not a rule ID of reg-profile.md section 7 nor a transaction of section 2.1");
            var bound = s.Kind.Bind(s.Arguments, cx);
            steps.Add(new ScenarioStep(i + 1, id, s.Common.Text("name") ?? s.Kind.Name, s.Kind, bound, s.Location)
            {
                OnFail = s.Common.Text("on-fail") == "continue" ? OnFail.Continue : OnFail.Stop,
                Always = s.Common.Flag("always") == true,
                Timeout = s.Common.Duration("timeout"),
                Verifies = s.Common.Texts("verifies"),
            });
        }
        return steps;
    }
}

using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// The <c>reference-sut</c> argument of an <c>attest</c> step: the operator's task in machine form, so that a
/// reference SUT answers the question itself (docs/scenarios.md, "Reference SUTs"). A product SUT ignores it:
/// its operator reads the question. Object roles name object sets; <c>to</c> names a running harness actor.
/// </summary>
public sealed record ReferenceSutTask(string Task, IReadOnlyDictionary<string, string> Roles, string? To, string? Marker)
{
    public static readonly IReadOnlyList<string> RoleNames = ["base", "moving", "on", "structures", "dose"];

    public static ObjectShape Shape { get; } = new ObjectShape([
        new Property("task", new TextShape { OneOf = OperatorTasks.All, Description = "What the operator does or looks at (the reference SUTs' vocabulary)." }, Required: true),
        .. RoleNames.Select(r => new Property(r, CommonShapes.SetName($"The '{r}' object set of the task."))),
        new Property("to", CommonShapes.ActorName("The harness actor the SUT sends its result to.")),
        new Property("marker", new TextShape { Pattern = "^[a-z0-9-]+$", PatternMeaning = "a marker name of the phantom preset", Description = "For marker-position: the marker of the moving set." }),
    ]) { Description = "For the built-in reference SUT: the task in machine form, so it answers the question itself." };

    /// <summary>What each task needs (checked at load).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> Needs = new Dictionary<string, string[]>
    {
        [OperatorTasks.Register] = ["to"],
        [OperatorTasks.ExportResampled] = ["base", "moving", "to"],
        [OperatorTasks.Contour] = ["on", "to"],
        [OperatorTasks.FusionAligned] = ["base", "moving"],
        [OperatorTasks.FusionMisaligned] = ["base", "moving"],
        [OperatorTasks.FusionRefused] = ["base", "moving"],
        [OperatorTasks.RegistrationFlagged] = [],
        [OperatorTasks.StructuresAligned] = ["base", "structures"],
        [OperatorTasks.DoseAligned] = ["base", "dose"],
        [OperatorTasks.LabelsAgree] = ["on"],
        [OperatorTasks.MarkerPosition] = ["base", "moving", "marker"],
    };

    public static ReferenceSutTask Bind(BoundObject o, StepBindContext cx, AnswerForm form)
    {
        var task = o.Text("task")!;
        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in RoleNames)
            if (o.Text(r) is { } set) { cx.UsesSet(set, o.LocationOf(r)); roles[r] = set; }
        if (o.Text("to") is { } to) cx.UsesActor(to, o.LocationOf("to"));
        if (o.Text("marker") is { } marker) cx.UsesMarker(marker, o.LocationOf("marker"));
        foreach (var need in Needs[task].Where(n => !o.Has(n)))
            cx.Error(o.Location, $"reference-sut task '{task}' needs '{need}'");
        var wantsPoint = task == OperatorTasks.MarkerPosition;
        if (wantsPoint != (form == AnswerForm.Point))
            cx.Error(o.LocationOf("task"), wantsPoint ? "task marker-position answers a point: set answer: point" : $"task '{task}' answers yes or no");
        if (wantsPoint && roles.TryGetValue("moving", out var mv) && roles.TryGetValue("base", out var bs))
            cx.UsesTruth($"{mv}-to-{bs}", o.LocationOf("moving"));
        return new ReferenceSutTask(task, roles, o.Text("to"), o.Text("marker"));
    }

    /// <summary>The task with its sets resolved to the run's UIDs, its destination to the actor's endpoint and its marker to moving-frame coordinates.</summary>
    public OperatorTask Resolve(StepContext context, string question)
    {
        var objects = Roles.ToDictionary(r => r.Key, r => Objects(r.Value, context.Sets[r.Value]), StringComparer.Ordinal);
        Destination? to = null;
        if (To is not null)
        {
            var e = context.Actors[To].Endpoint;
            to = new Destination(e.AeTitle, "127.0.0.1", e.Port);
        }
        Vector3? point = null;
        if (Marker is not null)
        {
            var truth = context.Truth.Truths[$"{Roles["moving"]}-to-{Roles["base"]}"];
            point = new Matrix4(truth).Inverse().TransformPoint(context.Truth.Markers[Marker]);
        }
        var profile = context.Scenario.Profile switch
        {
            Model.ProfileMode.MmroII => Rules.ProfileMode.MmroII,
            Model.ProfileMode.MmroIII => Rules.ProfileMode.MmroIII,
            _ => Rules.ProfileMode.Gen,
        };
        return new OperatorTask(Task, profile, objects, to, point, question);
    }

    private static TaskObjects Objects(string name, IReadOnlyList<ScenarioObject> set) => new(name,
        set.Select(o => o.Dataset.GetString(DicomTags.SeriesInstanceUID) ?? "").Where(u => u.Length > 0).ToHashSet(StringComparer.Ordinal),
        set.Select(o => o.SopInstanceUid).ToHashSet(StringComparer.Ordinal),
        set.Select(o => o.Dataset.GetString(DicomTags.FrameOfReferenceUID) ?? "").Where(u => u.Length > 0).ToHashSet(StringComparer.Ordinal));
}

using ConformanceKit.Geometry;
using ConformanceKit.Rules;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>Where a reference SUT sends what it makes (a harness actor's Storage SCP).</summary>
public sealed record Destination(string AeTitle, string Host, int Port);

/// <summary>
/// The objects a task is about, as the operator would pick them on screen: the series, instances and Frames of
/// Reference of one named object set (names are the scenario's; the SUT matches by UID).
/// </summary>
public sealed record TaskObjects(string Name, IReadOnlySet<string> SeriesInstanceUids, IReadOnlySet<string> SopInstanceUids, IReadOnlySet<string> FrameOfReferenceUids);

/// <summary>
/// What the operator of a SUT is asked to do or to look at in an attestation step, in machine form, so a
/// reference SUT can answer for itself (docs/scenarios.md, "Reference SUTs"). <see cref="Task"/> is one of
/// <see cref="OperatorTasks"/>; <see cref="Objects"/> is keyed by role (base, moving, on, structures, dose).
/// </summary>
public sealed record OperatorTask(
    string Task,
    ProfileMode Profile,
    IReadOnlyDictionary<string, TaskObjects> Objects,
    Destination? To,
    Vector3? PointInMoving,
    string Question)
{
    public TaskObjects? this[string role] => Objects.GetValueOrDefault(role);

    public TaskObjects Require(string role) =>
        Objects.GetValueOrDefault(role) ?? throw new InvalidOperationException($"task '{Task}' needs the '{role}' objects");
}

/// <summary>The answer a reference SUT gives, and how it arrived at it (kept in the results as the answer's source).</summary>
public sealed record OperatorAnswer(string Text, string Basis);

/// <summary>The task names the reference SUTs understand.</summary>
public static class OperatorTasks
{
    /// <summary>Registrator: register what was received and store the SROs to <c>to</c>; answers yes when done.</summary>
    public const string Register = "register";
    /// <summary>Display: export <c>moving</c> resampled onto the <c>base</c> grid to <c>to</c> (RAD-18); yes when done.</summary>
    public const string ExportResampled = "export-resampled";
    /// <summary>Contourer: contour the spheres on <c>on</c> and store the RT Structure Set to <c>to</c>; yes when done.</summary>
    public const string Contour = "contour";
    /// <summary>Display: yes when <c>moving</c> fused onto <c>base</c> is aligned.</summary>
    public const string FusionAligned = "fusion-aligned";
    /// <summary>Display: yes when <c>moving</c> fused onto <c>base</c> is visibly misaligned.</summary>
    public const string FusionMisaligned = "fusion-misaligned";
    /// <summary>Display: yes when it refuses (or warns) to fuse <c>moving</c> onto <c>base</c> for want of a registration.</summary>
    public const string FusionRefused = "fusion-refused";
    /// <summary>Display: yes when it refused or flagged a registration it received as invalid.</summary>
    public const string RegistrationFlagged = "registration-flagged";
    /// <summary>Display: yes when the <c>structures</c> shown on <c>base</c> surround the same inserts.</summary>
    public const string StructuresAligned = "structures-aligned";
    /// <summary>Dose display: yes when the <c>dose</c> shown on <c>base</c> lies on the same anatomy.</summary>
    public const string DoseAligned = "dose-aligned";
    /// <summary>Display: yes when the orientation labels of <c>on</c> agree with its Patient Position.</summary>
    public const string LabelsAgree = "labels-agree";
    /// <summary>Display: the point (base patient coordinates) where a marker of <c>moving</c> shows on <c>base</c>.</summary>
    public const string MarkerPosition = "marker-position";

    public static readonly IReadOnlyList<string> All =
        [Register, ExportResampled, Contour, FusionAligned, FusionMisaligned, FusionRefused, RegistrationFlagged, StructuresAligned, DoseAligned, LabelsAgree, MarkerPosition];
}

/// <summary>A reference SUT that does its operator's part itself.</summary>
public interface IOperatedSut
{
    /// <summary>The answer, or null when this SUT does not do <paramref name="task"/> (the step then asks a human).</summary>
    Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel);
}

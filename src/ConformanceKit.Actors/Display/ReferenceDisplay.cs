using System.Collections.Concurrent;
using System.Globalization;
using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Resampling;

namespace ConformanceKit.Actors.Display;

/// <summary>
/// The reference Registered Display and Registered Dose Display (reg-profile.md 1, 3.4): a Storage SCP that
/// receives images, SROs, RT Structure Sets and RT Doses (RAD-8, MMRO-II-2, MMRO-4, MMRO-5), accepts the SROs
/// that pass the REG rules (<see cref="RegistrationAcceptance"/>), applies them moving -> base through the
/// Frame of Reference graph (<see cref="FusionGeometry"/>) and answers its operator's questions from what it
/// would show: whether the fiducial spheres of the fused sets coincide, where a marker lands, whether the moved
/// contours or dose lie on the same anatomy. It exports a moving series resampled onto the base grid with the
/// reference resampler (RAD-18, <see cref="DerivedSeries"/>).
/// </summary>
public sealed class ReferenceDisplay(ReferenceSutOptions options) : ReferenceSutHost(options)
{
    /// <summary>
    /// Largest distance between corresponding fiducials for the fused sets to count as aligned: reg-profile.md 8.2
    /// proposes one voxel of the finer grid for display tests; the small presets' voxels are 2.75 mm, so 2 mm.
    /// </summary>
    public const double AlignmentToleranceMm = 2.0;

    private readonly ConcurrentDictionary<string, IReadOnlyList<Vector3>> _fiducials = new(StringComparer.Ordinal);

    protected override bool AssociationFaultsOnReceive => true;

    public override async Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel)
    {
        var study = Study;
        var (accepted, refused) = RegistrationAcceptance.Judge(study, task.Profile, Options.Fault);
        var fusion = new FusionGeometry(accepted, Options.Fault);
        try
        {
            return task.Task switch
            {
                OperatorTasks.FusionAligned => Aligned(study, fusion, task, wantAligned: true),
                OperatorTasks.FusionMisaligned => Aligned(study, fusion, task, wantAligned: false),
                OperatorTasks.FusionRefused => Refused(study, fusion, task),
                OperatorTasks.RegistrationFlagged => refused.Count > 0
                    ? new OperatorAnswer("yes", $"refused {refused.Count} SRO(s): {string.Join("; ", refused.SelectMany(r => r.Reasons).Take(4))}")
                    : new OperatorAnswer("no", $"accepted all {accepted.Count} SRO(s) received"),
                OperatorTasks.StructuresAligned => Structures(study, fusion, task),
                OperatorTasks.DoseAligned => Dose(study, fusion, task),
                OperatorTasks.LabelsAgree => Labels(study, task),
                OperatorTasks.MarkerPosition => Marker(study, fusion, task),
                OperatorTasks.ExportResampled => await ExportAsync(study, fusion, task, cancel).ConfigureAwait(false),
                _ => null,
            };
        }
        catch (GeometryException e)
        {
            return new OperatorAnswer("no", $"cannot show the data: {e.Message}");
        }
    }

    private OperatorAnswer Aligned(ReceivedStudy study, FusionGeometry fusion, OperatorTask task, bool wantAligned)
    {
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var moving = study.RequireSeries(task.Require("moving"));
        if (fusion.BaseFromMoving(moving.FrameOfReferenceUid, fixedSeries.FrameOfReferenceUid) is not { } m)
            return new OperatorAnswer("no", $"no registration relates the {moving.Modality} to the {fixedSeries.Modality}: nothing fused");
        var (aligned, basis) = Coincide(Fiducials(study, moving).Select(m.TransformPoint).ToList(), Fiducials(study, fixedSeries));
        return new OperatorAnswer(aligned == wantAligned ? "yes" : "no", $"{moving.Modality} fused onto {fixedSeries.Modality}: {basis}");
    }

    private static OperatorAnswer Refused(ReceivedStudy study, FusionGeometry fusion, OperatorTask task)
    {
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var moving = study.RequireSeries(task.Require("moving"));
        return fusion.BaseFromMoving(moving.FrameOfReferenceUid, fixedSeries.FrameOfReferenceUid) is null
            ? new OperatorAnswer("yes", "no registration relates the two Frames of Reference: fusion refused")
            : new OperatorAnswer("no", "a registration (or a shared Frame of Reference) relates them: fused");
    }

    private OperatorAnswer Structures(ReceivedStudy study, FusionGeometry fusion, OperatorTask task)
    {
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var wanted = task.Require("structures").SopInstanceUids;
        var rtss = study.StructureSets.FirstOrDefault(s => wanted.Contains(s.GetString(DicomTags.SOPInstanceUID) ?? ""))
                   ?? throw new InvalidOperationException("the structure set was not received");
        var forUid = RtStructureSetReader.FrameOfReferenceUid(rtss) ?? "";
        if (fusion.BaseFromMoving(forUid, fixedSeries.FrameOfReferenceUid) is not { } m)
            return new OperatorAnswer("no", "no registration relates the structures' Frame of Reference to the image: not shown");
        var centres = RtStructureSetReader.Read(rtss).Where(r => r.Contours.Count > 0).Select(r => m.TransformPoint(r.Centroid)).ToList();
        var (aligned, basis) = Coincide(centres, Fiducials(study, fixedSeries));
        return new OperatorAnswer(aligned ? "yes" : "no", $"{centres.Count} structure(s) moved onto the {fixedSeries.Modality}: {basis}");
    }

    /// <summary>The dose lies on the same anatomy when the images of its Frame of Reference, moved the same way, coincide with the base images.</summary>
    private OperatorAnswer Dose(ReceivedStudy study, FusionGeometry fusion, OperatorTask task)
    {
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var wanted = task.Require("dose").SopInstanceUids;
        var dose = study.Doses.FirstOrDefault(d => wanted.Contains(d.GetString(DicomTags.SOPInstanceUID) ?? ""))
                   ?? throw new InvalidOperationException("the RT Dose was not received");
        var doseFor = dose.GetString(DicomTags.FrameOfReferenceUID) ?? "";
        if (fusion.BaseFromMoving(doseFor, fixedSeries.FrameOfReferenceUid) is not { } m)
            return new OperatorAnswer("no", "no registration relates the dose's Frame of Reference to the image: dose not shown");
        DicomVolumeReader.Read([dose], "RT Dose"); // the grid must be readable to be shown
        var anatomy = study.Series.FirstOrDefault(s => s.FrameOfReferenceUid == doseFor);
        if (anatomy is null) return new OperatorAnswer("no", "no image shares the dose's Frame of Reference to check the anatomy against");
        var (aligned, basis) = Coincide(Fiducials(study, anatomy).Select(m.TransformPoint).ToList(), Fiducials(study, fixedSeries));
        return new OperatorAnswer(aligned ? "yes" : "no", $"dose moved with the {anatomy.Modality} anatomy onto the {fixedSeries.Modality}: {basis}");
    }

    /// <summary>Orientation labels follow Image Orientation (Patient); they agree with Patient Position when the IOP is the one that position gives (PS3.3 C.7.6.2.1.1).</summary>
    private static OperatorAnswer Labels(ReceivedStudy study, OperatorTask task)
    {
        var series = study.RequireSeries(task.Require("on"));
        var ds = series.Datasets[0];
        var iop = ds.GetDoubles(DicomTags.ImageOrientationPatient);
        var position = ds.GetString(DicomTags.PatientPosition) ?? "";
        if (iop.Length != 6 || !Enum.TryParse<PatientPosition>(position, out var pos))
            return new OperatorAnswer("no", $"Patient Position '{position}' or the orientation cannot be shown");
        var row = new Vector3(iop[0], iop[1], iop[2]);
        var column = new Vector3(iop[3], iop[4], iop[5]);
        var match = Enum.GetValues<SliceOrientation>().Any(o =>
        {
            var (r, c) = PatientOrientation.Axes(pos, o);
            return (r - row).Length < 1e-3 && (c - column).Length < 1e-3;
        });
        return new OperatorAnswer(match ? "yes" : "no", $"{position}, row {Label(row)}, column {Label(column)}");
    }

    private static OperatorAnswer Marker(ReceivedStudy study, FusionGeometry fusion, OperatorTask task)
    {
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var moving = study.RequireSeries(task.Require("moving"));
        var p = task.PointInMoving ?? throw new InvalidOperationException("the marker task names no marker position");
        if (fusion.BaseFromMoving(moving.FrameOfReferenceUid, fixedSeries.FrameOfReferenceUid) is not { } m)
            return new OperatorAnswer("none", "no registration: the marker cannot be shown on the base image");
        var q = m.TransformPoint(p);
        return new OperatorAnswer(string.Create(CultureInfo.InvariantCulture, $"{q.X:0.###}, {q.Y:0.###}, {q.Z:0.###}"),
            string.Create(CultureInfo.InvariantCulture, $"marker at ({p.X:0.##}, {p.Y:0.##}, {p.Z:0.##}) in the {moving.Modality} mapped through the applied registration"));
    }

    private async Task<OperatorAnswer> ExportAsync(ReceivedStudy study, FusionGeometry fusion, OperatorTask task, CancellationToken cancel)
    {
        var to = task.To ?? throw new InvalidOperationException("the export task names no destination");
        var fixedSeries = study.RequireSeries(task.Require("base"));
        var moving = study.RequireSeries(task.Require("moving"));
        if (fusion.BaseFromMoving(moving.FrameOfReferenceUid, fixedSeries.FrameOfReferenceUid) is not { } m)
            return new OperatorAnswer("no", "no registration relates the sets: nothing to export");
        var (_, datasets) = DerivedSeries.Create(study.Volume(fixedSeries), study.Volume(moving), m);
        foreach (var d in datasets)
        {
            d.SetString(DicomTags.Manufacturer, Options.Manufacturer);
            d.SetString(DicomTags.ManufacturerModelName, "Reference Registered Display");
        }
        var sent = await Sender.SendAsync(to, datasets, cancel).ConfigureAwait(false);
        return new OperatorAnswer("yes", $"{moving.Modality} resampled onto the {fixedSeries.Modality} grid ({datasets.Count} images); {sent}");
    }

    /// <summary>Whether every point lies on a distinct reference point within the tolerance (and at least three do).</summary>
    private static (bool Aligned, string Basis) Coincide(IReadOnlyList<Vector3> moved, IReadOnlyList<Vector3> reference)
    {
        if (moved.Count == 0) return (false, "nothing to compare");
        var distances = moved.Select(p => reference.Count == 0 ? double.PositiveInfinity : reference.Min(r => r.DistanceTo(p))).ToList();
        var worst = distances.Max();
        var aligned = moved.Count >= 3 && worst <= AlignmentToleranceMm;
        return (aligned, string.Create(CultureInfo.InvariantCulture,
            $"{moved.Count} fiducial(s), largest distance to the base's {worst:0.##} mm ({(aligned ? "aligned" : "misaligned")}, limit {AlignmentToleranceMm} mm)"));
    }

    private IReadOnlyList<Vector3> Fiducials(ReceivedStudy study, ReceivedSeries series) =>
        _fiducials.GetOrAdd(series.SeriesInstanceUid, _ => FiducialDetector.Detect(study.Volume(series).Volume).Select(f => f.Centre).ToList());

    private static string Label(Vector3 v)
    {
        // The letter of the patient direction an axis points to (PS3.3 C.7.6.1.1.1: L, P, H and their opposites R, A, F).
        var (x, y, z) = (Math.Abs(v.X), Math.Abs(v.Y), Math.Abs(v.Z));
        return x >= y && x >= z ? (v.X > 0 ? "L" : "R") : y >= z ? (v.Y > 0 ? "P" : "A") : v.Z > 0 ? "H" : "F";
    }
}

using System.Globalization;
using ConformanceKit.Actors.Faults;
using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Actors.Contourer;

/// <summary>
/// The reference Registered Contourer (reg-profile.md 1): receives images and SROs, and on the
/// <see cref="OperatorTasks.Contour"/> task segments the spheres of the image set it is told to contour on
/// (<see cref="FiducialDetector"/>: centre and the radius of a sphere of the measured volume), draws each as
/// closed planar circles on that set's image planes, and stores one RT Structure Set in that set's Frame of
/// Reference referencing only that series (REG-RT-001, REG-RT-002, REG-RT-003) with its own Manufacturer
/// (REG-RT-006) to the task's destination (MMRO-3). Faults: <see cref="FaultCatalogue.MovingFrameOfReference"/>
/// labels the structures with another received Frame of Reference, <see cref="FaultCatalogue.WrongReferences"/>
/// makes the contours reference another series' images.
/// </summary>
public sealed class ReferenceContourer(ReferenceSutOptions options) : ReferenceSutHost(options)
{
    public override async Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel)
    {
        if (task.Task != OperatorTasks.Contour) return null;
        var to = task.To ?? throw new InvalidOperationException("the contour task names no destination");
        var study = Study;
        DicomDataset rtss;
        int count;
        try { (rtss, count) = Contour(study, study.RequireSeries(task.Require("on"))); }
        catch (Exception e) when (e is GeometryException or InvalidOperationException)
        {
            return new OperatorAnswer("no", $"contouring failed: {e.Message}");
        }
        var sent = await Sender.SendAsync(to, [rtss], cancel).ConfigureAwait(false);
        return new OperatorAnswer("yes", string.Create(CultureInfo.InvariantCulture, $"contoured {count} sphere(s); {sent}"));
    }

    public (DicomDataset StructureSet, int Rois) Contour(ReceivedStudy study, ReceivedSeries on)
    {
        var loaded = study.Volume(on);
        var inVolumeOrder = loaded.Stack.Order.Select(n => on.Datasets[n]).ToList();
        var images = new RegisteredSeries(on.FrameOfReferenceUid, on.Datasets[0].GetString(DicomTags.StudyInstanceUID) ?? "", on.SeriesInstanceUid,
            inVolumeOrder.Select(d => new ReferencedImage(d.GetString(DicomTags.SOPClassUID) ?? "", d.GetString(DicomTags.SOPInstanceUID) ?? "")).ToList());
        var other = study.Series.FirstOrDefault(s => s.SeriesInstanceUid != on.SeriesInstanceUid);
        if (Options.Injects(FaultCatalogue.WrongReferences) && other is not null && other.Datasets.Count >= images.Images.Count)
            images = images with { Images = other.AsRegisteredSeries().Images.Take(images.Images.Count).ToList() };
        var spheres = FiducialDetector.Detect(loaded.Volume);
        if (spheres.Count == 0) throw new InvalidOperationException($"no sphere found in the {on.Modality} series");
        var rois = spheres.Select((s, i) => new StructureRoi(i + 1, $"SPHERE_{i + 1}", "MARKER",
                RtStructureSetWriter.SphereContours(s.Centre, Math.Cbrt(3 * s.VolumeMm3 / (4 * Math.PI)), loaded.Volume.Geometry, images.Images)))
            .Where(r => r.Contours.Count > 0).ToList();
        var rtss = RtStructureSetWriter.Write(on.Datasets[0], images, rois, DicomUidGenerator.New(), DicomUidGenerator.New(), DateTime.UtcNow, "CONTOURS");
        rtss.SetString(DicomTags.Manufacturer, Options.Manufacturer);
        rtss.SetString(DicomTags.ManufacturerModelName, "Reference Registered Contourer");
        if (Options.Injects(FaultCatalogue.MovingFrameOfReference) && study.Series.FirstOrDefault(s => s.FrameOfReferenceUid != on.FrameOfReferenceUid) is { } elsewhere)
            Relabel(rtss, elsewhere.FrameOfReferenceUid);
        return (rtss, rois.Count);
    }

    /// <summary>Puts every Frame of Reference UID of the structure set to <paramref name="forUid"/> (the contours stay where they are).</summary>
    private static void Relabel(DicomDataset rtss, string forUid)
    {
        rtss.SetString(DicomTags.FrameOfReferenceUID, forUid);
        foreach (var item in rtss.GetItems(DicomTags.ReferencedFrameOfReferenceSequence)) item.SetString(DicomTags.FrameOfReferenceUID, forUid);
        foreach (var item in rtss.GetItems(DicomTags.StructureSetROISequence)) item.SetString(DicomTags.ReferencedFrameOfReferenceUID, forUid);
    }
}

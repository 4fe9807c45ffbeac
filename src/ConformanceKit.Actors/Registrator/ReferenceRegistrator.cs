using System.Globalization;
using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Actors.Registrator;

/// <summary>
/// The reference Registrator (reg-profile.md 1): receives image series (and prior SROs) over RAD-8, and on
/// the <see cref="OperatorTasks.Register"/> task registers every Frame of Reference not yet related to the base
/// by fiducial registration (<see cref="FiducialRegistration"/>), writes one MMRO-II SRO per pair
/// (<see cref="SpatialRegistrationWriter"/>: base identity item, moving item, Referenced Image Sequence, RIGID)
/// and stores them to the task's destination (MMRO-II-1).
/// <list type="bullet">
/// <item>Base: the Registered Frame of Reference of a prior SRO when one was received (so new SROs chain through
/// it, reg-profile.md 3.3 rule 14), else the Frame of Reference of the first series received (the operator's
/// primary set: CT, or MR under MMRO-III).</item>
/// <item>Series sharing the base Frame of Reference (hybrid PET/CT) and frames a prior SRO already relates to the
/// base get no SRO (REG-SRO-033).</item>
/// </list>
/// </summary>
public sealed class ReferenceRegistrator(ReferenceSutOptions options) : ReferenceSutHost(options)
{
    /// <summary>Content Label (0070,0080) of the SROs it writes: a valid CS of at most 16 characters (REG-SRO-008).</summary>
    public const string ContentLabel = "FIDUCIAL REG";

    public override async Task<OperatorAnswer?> PerformAsync(OperatorTask task, CancellationToken cancel)
    {
        if (task.Task != OperatorTasks.Register) return null;
        var to = task.To ?? throw new InvalidOperationException("the register task names no destination for the SROs");
        IReadOnlyList<(DicomDataset Sro, string Line)> made;
        try { made = Register(Study); }
        catch (Exception e) when (e is InvalidOperationException or GeometryException)
        {
            return new OperatorAnswer("no", $"registration failed: {e.Message}");
        }
        var sent = await Sender.SendAsync(to, made.Select(m => m.Sro).ToList(), cancel).ConfigureAwait(false);
        var what = made.Count == 0 ? "no pair needed registration (no SRO made)" : string.Join("; ", made.Select(m => m.Line));
        return new OperatorAnswer("yes", $"{what}; {sent}");
    }

    /// <summary>The SROs the received data calls for, with a line describing each.</summary>
    public IReadOnlyList<(DicomDataset Sro, string Line)> Register(ReceivedStudy study)
    {
        if (study.Series.Count == 0) throw new InvalidOperationException("no image series received");
        var graph = new FrameOfReferenceGraph();
        foreach (var prior in study.Registrations) graph.Add(prior.Model);
        var baseFor = study.Registrations.Select(r => r.Model.FrameOfReferenceUid).FirstOrDefault(f => f is not null && study.Series.Any(s => s.FrameOfReferenceUid == f))
                      ?? study.Series.MinBy(s => s.ArrivalOrder)!.FrameOfReferenceUid;
        var baseSeries = study.Series.Where(s => s.FrameOfReferenceUid == baseFor).MinBy(s => s.ArrivalOrder)!;
        var baseFiducials = Fiducials(study, baseSeries);
        var made = new List<(DicomDataset, string)>();
        foreach (var moving in study.Series.Where(s => s.FrameOfReferenceUid != baseFor).GroupBy(s => s.FrameOfReferenceUid).Select(g => g.MinBy(s => s.ArrivalOrder)!))
        {
            if (graph.FindPath(moving.FrameOfReferenceUid, baseFor) is not null) continue; // a prior SRO relates it already
            var result = FiducialRegistration.Register(baseFiducials, Fiducials(study, moving));
            var sro = SpatialRegistrationWriter.Write(new SpatialRegistrationContent(
                baseSeries.Datasets[0], baseSeries.AsRegisteredSeries(), moving.AsRegisteredSeries(), result.FixedFromMoving,
                CodedConcept.FiducialAlignment, ContentLabel,
                $"{moving.Modality} registered onto {baseSeries.Modality} by fiducial alignment", "ConformanceKit reference Registrator",
                Created: DateTime.UtcNow));
            sro.SetString(DicomTags.Manufacturer, Options.Manufacturer);
            sro.SetString(DicomTags.ManufacturerModelName, "Reference Registrator");
            made.Add((sro, string.Create(CultureInfo.InvariantCulture,
                $"{moving.Modality} onto {baseSeries.Modality}: {result.Pairs.Count} fiducials, FRE rms {result.RmsResidualMm:0.###} mm")));
        }
        return made;
    }

    private static IReadOnlyList<Vector3> Fiducials(ReceivedStudy study, ReceivedSeries series)
    {
        var found = FiducialDetector.Detect(study.Volume(series).Volume);
        return found.Count >= 3 ? found.Select(f => f.Centre).ToList()
            : throw new InvalidOperationException($"found {found.Count} fiducial(s) in the {series.Modality} series {series.SeriesInstanceUid}; registration needs 3");
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>One generated image series with its ground truth.</summary>
public sealed record PhantomSeries(
    PhantomSeriesSpec Spec,
    string FrameOfReferenceUid,
    string SeriesInstanceUid,
    ImageVolume Volume,
    IReadOnlyList<DicomDataset> Datasets,
    IReadOnlyList<Vector3> FiducialsInSeriesFrame)
{
    /// <summary>Maps this series' FoR into the base FoR (the truth a correct SRO item states).</summary>
    public Matrix4 BaseFromSeries => Spec.BaseFromSeries;

    public RegisteredSeries AsRegisteredSeries() => new(FrameOfReferenceUid, Datasets[0].GetString(DicomTags.StudyInstanceUID)!, SeriesInstanceUid,
        Datasets.Select(d => new ReferencedImage(d.GetString(DicomTags.SOPClassUID)!, d.GetString(DicomTags.SOPInstanceUID)!)).ToList());
}

/// <summary>A truthful SRO written for a moving series: its file name and the transform it states.</summary>
public sealed record PhantomRegistration(string Name, string MovingModality, DicomDataset Dataset, Matrix4 BaseFromMoving)
{
    /// <summary>The moving series' key (its modality unless two series share one, <see cref="PhantomSeriesSpec.Key"/>).</summary>
    public string MovingKey { get; init; } = MovingModality;
}

/// <summary>A complete phantom set in memory.</summary>
public sealed record PhantomSet(
    PhantomSpec Spec,
    int Seed,
    DicomDataset PatientAndStudy,
    IReadOnlyList<PhantomSeries> Series,
    IReadOnlyList<PhantomRegistration> Registrations,
    DicomDataset? StructureSet,
    DicomDataset? Dose,
    string? DoseFrameOfReferenceUid)
{
    /// <summary>The series with this key (<see cref="PhantomSeriesSpec.Key"/>: the modality unless two series share one).</summary>
    public PhantomSeries this[string key] => Series.FirstOrDefault(s => s.Spec.Key == key) ?? Series.First(s => s.Spec.Modality == key);
}

/// <summary>
/// Makes phantom sets deterministically from a spec and a seed: same inputs, same voxels and UIDs. Each
/// Frame of Reference key gets its own FoR UID; every non-base FoR gets a truthful SRO (reg-profile.md 3.3
/// layout); an RT Structure Set holds the fiducial spheres' contours and an RT Dose a smooth blob.
/// </summary>
public static class PhantomGenerator
{
    /// <summary>The fixed creation time written into phantom objects, so that files are reproducible.</summary>
    public static readonly DateTime Created = new(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    public static PhantomSet Generate(PhantomSpec spec, int seed = 1)
    {
        string Uid(string purpose) => DicomUidGenerator.FromSeed($"conformancekit/phantom/{spec.Name}/{seed}/{purpose}");
        var patient = new DicomDataset()
            .With(DicomTags.PatientName, $"Phantom^{spec.Name}").With(DicomTags.PatientID, $"CK-{spec.Name}-{seed}")
            .With(DicomTags.PatientBirthDate, "19700101").With(DicomTags.PatientSex, "O")
            .With(DicomTags.StudyInstanceUID, Uid("study"))
            .With(DicomTags.StudyDate, DicomValueCodec.FormatDate(DateOnly.FromDateTime(Created)))
            .With(DicomTags.StudyTime, DicomValueCodec.FormatTime(TimeOnly.FromDateTime(Created)))
            .With(DicomTags.StudyID, "1").With(DicomTags.StudyDescription, $"ConformanceKit phantom {spec.Name}");
        patient.SetEmpty(DicomTags.ReferringPhysicianName);
        patient.SetEmpty(DicomTags.AccessionNumber);

        var series = new List<PhantomSeries>();
        for (var n = 0; n < spec.Series.Count; n++)
        {
            var s = spec.Series[n];
            var forUid = Uid("for/" + s.FrameOfReferenceKey);
            var seriesUid = Uid("series/" + s.Key);
            var geometry = GridFor(s, spec.Model);
            var contrast = ModalityContrast.For(s.Modality);
            var volume = ImageVolume.Create(geometry, 1, s.Modality == "CT" ? -1024 : 0);
            PhantomVoxelizer.Fill(volume, spec.Model, contrast, s.BaseFromSeries, seed + n, spec.AddNoise);
            var datasets = ImageSeriesWriter.Write(volume, patient, new ImageSeriesOptions(s.Modality, seriesUid, forUid, n + 1,
                $"Phantom {s.Modality} {s.Position} {s.Orientation}", k => Uid($"image/{s.Key}/{k}"), s.Position.ToString(), Created));
            var seriesFromBase = s.BaseFromSeries.Inverse();
            series.Add(new PhantomSeries(s, forUid, seriesUid, volume, datasets, spec.Model.Fiducials.Select(seriesFromBase.TransformPoint).ToList()));
        }

        var registrations = new List<PhantomRegistration>();
        var baseSeries = series[0];
        if (spec.WriteRegistrations)
            foreach (var moving in series.Skip(1).Where(m => m.FrameOfReferenceUid != baseSeries.FrameOfReferenceUid).GroupBy(m => m.FrameOfReferenceUid).Select(g => g.First()))
            {
                var label = $"{moving.Spec.Key} TO {baseSeries.Spec.Key}";
                var sro = SpatialRegistrationWriter.Write(new SpatialRegistrationContent(patient, baseSeries.AsRegisteredSeries(), moving.AsRegisteredSeries(),
                    moving.BaseFromSeries, CodedConcept.FiducialAlignment, label, $"Phantom {spec.Name}: true transform {moving.Spec.Key} to {baseSeries.Spec.Key}",
                    "ConformanceKit", Uid("reg-series/" + moving.Spec.Key), Uid("reg/" + moving.Spec.Key), 900 + registrations.Count, Created));
                registrations.Add(new PhantomRegistration($"REG_{moving.Spec.Key}_TO_{baseSeries.Spec.Key}", moving.Spec.Modality, sro, moving.BaseFromSeries) { MovingKey = moving.Spec.Key });
            }

        DicomDataset? structureSet = null;
        if (spec.StructureSetOn is { } ssOn && (series.FirstOrDefault(s => s.Spec.Key == ssOn) ?? series.FirstOrDefault(s => s.Spec.Modality == ssOn)) is { } ssSeries)
        {
            var refs = ssSeries.AsRegisteredSeries();
            var rois = ssSeries.FiducialsInSeriesFrame.Select((c, i) => new StructureRoi(i + 1, $"FIDUCIAL_{i + 1}", "MARKER",
                RtStructureSetWriter.SphereContours(c, spec.Model.FiducialRadius, ssSeries.Volume.Geometry, refs.Images))).ToList();
            structureSet = RtStructureSetWriter.Write(patient, refs, rois, Uid("rtss-series"), Uid("rtss"), Created);
        }

        DicomDataset? dose = null;
        string? doseFor = null;
        if (spec.DoseOn is { } doseOn && (series.FirstOrDefault(s => s.Spec.Key == doseOn) ?? series.FirstOrDefault(s => s.Spec.Modality == doseOn)) is { } doseSeries)
        {
            doseFor = doseSeries.FrameOfReferenceUid;
            dose = RtDoseWriter.Write(patient, DoseBlob(doseSeries, spec.Model), doseFor, Uid("rtdose-series"), Uid("rtdose"), Created);
        }
        return new PhantomSet(spec, seed, patient, series, registrations, structureSet, dose, doseFor);
    }

    /// <summary>The series grid: centred on the phantom centre as seen in the series' own frame, axes from position and orientation.</summary>
    public static VolumeGeometry GridFor(PhantomSeriesSpec s, PhantomModel model)
    {
        var (row, col) = PatientOrientation.Axes(s.Position, s.Orientation);
        var centre = s.BaseFromSeries.Inverse().TransformPoint(model.Centre);
        return VolumeGeometry.Centred(centre, row, col, s.ColumnSpacing, s.RowSpacing, s.SliceSpacing, s.Columns, s.Rows, s.Slices);
    }

    /// <summary>Dose blob (Gy): a Gaussian of 2 Gy peak, 35 mm sigma, centred off-centre in the body; axial grid in the series' FoR, anisotropic 3 x 2.5 mm pixels.</summary>
    private static ImageVolume DoseBlob(PhantomSeries on, PhantomModel model)
    {
        var baseFromSeries = on.BaseFromSeries;
        var centreSeries = baseFromSeries.Inverse().TransformPoint(model.Centre);
        var (row, col) = PatientOrientation.Axes(on.Spec.Position, SliceOrientation.Axial);
        var g = VolumeGeometry.Centred(centreSeries, row, col, 2.5, 3.0, 4.0, 84, 56, 44);
        var volume = ImageVolume.Create(g, 1e-4, 0);
        var peak = new Vector3(15, -10, 5);
        Parallel.For(0, g.Slices, k =>
        {
            var toBase = baseFromSeries * g.IndexToPatient;
            for (var j = 0; j < g.Rows; j++)
                for (var i = 0; i < g.Columns; i++)
                {
                    var d = toBase.TransformPoint(new Vector3(i, j, k)).DistanceTo(peak);
                    volume[i, j, k] = volume.ToStored(2.0 * Math.Exp(-d * d / (2 * 35.0 * 35.0)));
                }
        });
        return volume;
    }
}

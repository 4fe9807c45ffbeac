using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Resampling;

/// <summary>
/// The moving series resampled onto the fixed grid as a DICOM series: the fixed Frame of Reference (the data now
/// lies in it), a new Series Instance UID, the moving series' patient, study and modality kept, Image Type
/// DERIVED\SECONDARY (what a Registrator's RAD-18 "Creator Images Stored" output should look like, REG-IMG-009).
/// </summary>
public static class DerivedSeries
{
    public static (ImageVolume Volume, IReadOnlyList<DicomDataset> Datasets) Create(LoadedSeries fixedSeries, LoadedSeries movingSeries,
        Matrix4 fixedFromMoving, Interpolation interpolation = Interpolation.Linear, string? seriesInstanceUid = null, Func<int, string>? sopInstanceUid = null)
    {
        var fixedFor = fixedSeries.FrameOfReferenceUid
            ?? throw new GeometryException(fixedSeries.Label, GeometryAttributes.FrameOfReferenceUid, "missing; the derived series needs the fixed Frame of Reference");
        var resampled = ReferenceResampler.Resample(movingSeries.Volume, fixedSeries.Volume.Geometry, fixedFromMoving, interpolation);
        var moving = movingSeries.First;
        var modality = moving.GetString(DicomTags.Modality) ?? "CT";
        if (!ImageSeriesWriter.SopClassOf.ContainsKey(modality)) modality = "CT";
        var seriesUid = seriesInstanceUid ?? DicomUidGenerator.New();
        var datasets = ImageSeriesWriter.Write(resampled, moving, new ImageSeriesOptions(modality, seriesUid, fixedFor,
            (moving.GetInt(DicomTags.SeriesNumber) ?? 0) + 1000,
            $"{moving.GetString(DicomTags.SeriesDescription) ?? modality} resampled",
            sopInstanceUid ?? (_ => DicomUidGenerator.New()),
            fixedSeries.First.GetString(DicomTags.PatientPosition) ?? "HFS",
            DerivationDescription: $"Resampled ({interpolation}) onto the grid of series {fixedSeries.SeriesInstanceUid} by the ConformanceKit reference resampler"));
        return (resampled, datasets);
    }
}

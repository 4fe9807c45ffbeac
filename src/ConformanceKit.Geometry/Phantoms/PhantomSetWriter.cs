using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>
/// Writes a phantom set to a folder: one sub-folder per image series (CT/, MR/, PT/), REG/ with the SROs,
/// RTSTRUCT/ and RTDOSE/, and manifest.json with the ground truth.
/// </summary>
public static class PhantomSetWriter
{
    public const string ManifestFileName = "manifest.json";

    public static PhantomManifest Write(PhantomSet set, string directory)
    {
        Directory.CreateDirectory(directory);
        static double[] P(Vector3 v) => [v.X, v.Y, v.Z];
        var manifestSeries = new List<PhantomManifestSeries>();
        foreach (var s in set.Series)
        {
            var dir = Path.Combine(directory, s.Spec.Key);
            Directory.CreateDirectory(dir);
            for (var k = 0; k < s.Datasets.Count; k++)
                DicomFileWriter.Write(Path.Combine(dir, $"{s.Spec.Key}{k + 1:D4}.dcm"), DicomFile.Create(s.Datasets[k]));
            var g = s.Volume.Geometry;
            manifestSeries.Add(new PhantomManifestSeries(s.Spec.Modality, s.Spec.Key, s.FrameOfReferenceUid, s.SeriesInstanceUid,
                s.Spec.Position.ToString(), s.Spec.Orientation.ToString(), g.Columns, g.Rows, g.Slices, [g.RowSpacing, g.ColumnSpacing], g.SliceSpacing,
                s.BaseFromSeries.ToArray(), s.FiducialsInSeriesFrame.Select(P).ToList()));
        }
        var registrations = new List<PhantomManifestRegistration>();
        foreach (var r in set.Registrations)
        {
            var file = Path.Combine("REG", r.Name + ".dcm");
            WriteObject(directory, file, r.Dataset);
            var moving = set[r.MovingKey];
            registrations.Add(new PhantomManifestRegistration(file, r.MovingModality, moving.FrameOfReferenceUid, r.BaseFromMoving.ToArray()));
        }
        string? ssFile = null, doseFile = null;
        if (set.StructureSet is { } ss) WriteObject(directory, ssFile = Path.Combine("RTSTRUCT", "RS_FIDUCIALS.dcm"), ss);
        if (set.Dose is { } dose) WriteObject(directory, doseFile = Path.Combine("RTDOSE", "RD_BLOB.dcm"), dose);
        var manifest = new PhantomManifest(set.Spec.Name, set.Seed, set.Series[0].FrameOfReferenceUid, set.Spec.Model.FiducialRadius,
            set.Spec.Model.Fiducials.Select(P).ToList(), manifestSeries, registrations, ssFile, set.Spec.StructureSetOn, doseFile, set.DoseFrameOfReferenceUid);
        File.WriteAllText(Path.Combine(directory, ManifestFileName), manifest.ToJson());
        return manifest;
    }

    private static void WriteObject(string root, string relative, DicomDataset ds)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DicomFileWriter.Write(path, DicomFile.Create(ds));
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Geometry.Tests;

public class PhantomTests
{
    [Test]
    public void Same_seed_gives_identical_sets_and_another_seed_does_not()
    {
        var spec = PhantomPresets.Get("tiny");
        var a = PhantomGenerator.Generate(spec, 7);
        var b = PhantomGenerator.Generate(spec, 7);
        var c = PhantomGenerator.Generate(spec, 8);
        Assert.That(a["CT"].Volume.Voxels, Is.EqualTo(b["CT"].Volume.Voxels));
        Assert.That(a["MR"].SeriesInstanceUid, Is.EqualTo(b["MR"].SeriesInstanceUid));
        Assert.That(DicomFileWriter.Encode(DicomFile.Create(a.Registrations[0].Dataset)), Is.EqualTo(DicomFileWriter.Encode(DicomFile.Create(b.Registrations[0].Dataset))));
        Assert.That(c["CT"].Volume.Voxels, Is.Not.EqualTo(a["CT"].Volume.Voxels));
        Assert.That(c["MR"].SeriesInstanceUid, Is.Not.EqualTo(a["MR"].SeriesInstanceUid));
    }

    [Test]
    public void Each_modality_has_its_own_frame_of_reference_and_the_SRO_states_the_truth()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("small"), 1);
        Assert.That(set.Series.Select(s => s.FrameOfReferenceUid).Distinct().Count(), Is.EqualTo(3));
        Assert.That(set.Registrations, Has.Count.EqualTo(2));
        foreach (var r in set.Registrations)
        {
            var sro = SpatialRegistration.Read(r.Dataset);
            var moving = set[r.MovingModality];
            Assert.That(sro.FrameOfReferenceUid, Is.EqualTo(set["CT"].FrameOfReferenceUid));
            Assert.That(sro.Items[0].Transform!.MaxAbsDifference(Matrix4.Identity), Is.EqualTo(0));
            Assert.That(sro.Items[1].ReferencedImages, Has.Count.EqualTo(moving.Datasets.Count), "MMRO-II: every image used is referenced");
            Assert.That(sro.TransformBetween(moving.FrameOfReferenceUid, sro.FrameOfReferenceUid!)!.MaxAbsDifference(moving.BaseFromSeries), Is.LessThan(1e-12));
        }
        // a fiducial's voxel in the moving set sits where the truth maps it in the base set
        var ct = set["CT"]; var mr = set["MR"];
        for (var f = 0; f < ct.FiducialsInSeriesFrame.Count; f++)
            Assert.That(mr.BaseFromSeries.TransformPoint(mr.FiducialsInSeriesFrame[f]).DistanceTo(ct.FiducialsInSeriesFrame[f]), Is.LessThan(1e-9));
        var idx = mr.Volume.Geometry.PatientToIndex.TransformPoint(mr.FiducialsInSeriesFrame[0]);
        Assert.That(mr.Volume[(int)Math.Round(idx.X), (int)Math.Round(idx.Y), (int)Math.Round(idx.Z)], Is.GreaterThan(2000), "sphere centre is bright in MR");
    }

    [Test]
    public void Mmro2_preset_has_the_IHE_RO_geometry_and_transforms()
    {
        var spec = PhantomPresets.Get("mmro2");
        var ct = spec.Series[0];
        Assert.That((ct.Columns, ct.Rows, ct.Slices, ct.ColumnSpacing, ct.SliceSpacing), Is.EqualTo((512, 512, 250, 1.3671875, 2.0)));
        var mr = spec.Series[1];
        Assert.That(mr.BaseFromSeries.MaxAbsDifference(new Matrix4([0.996195, 0.087156, 0, 0, -0.087156, 0.996195, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])), Is.LessThan(1e-6));
        var pet = spec.Series[2];
        Assert.That(pet.BaseFromSeries.MaxAbsDifference(new Matrix4([0.996195, 0, -0.087156, -15.252255, 0, 1, 0, 0, 0.087156, 0, 0.996195, -0.665928, 0, 0, 0, 1])), Is.LessThan(1e-5));
        Assert.That(pet.BaseFromSeries.TransformPoint(new Vector3(0, 42, -175)).DistanceTo(new Vector3(0, 42, -175)), Is.LessThan(1e-9), "axis through (0, y, -175)");
    }

    [TestCase(PatientPosition.HFS, "1\\0\\0\\0\\1\\0")]
    [TestCase(PatientPosition.FFS, "-1\\0\\0\\0\\1\\0")]
    [TestCase(PatientPosition.HFP, "-1\\0\\0\\0\\-1\\0")]
    [TestCase(PatientPosition.FFP, "1\\0\\0\\0\\-1\\0")]
    public void Patient_position_sets_the_axial_orientation(PatientPosition position, string iop)
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny", new PhantomOptions(Position: position)), 1);
        var ds = set["CT"].Datasets[0];
        Assert.That(ds.GetString(DicomTags.ImageOrientationPatient), Is.EqualTo(iop));
        Assert.That(ds.GetString(DicomTags.PatientPosition), Is.EqualTo(position.ToString()));
    }

    [Test]
    public void Anisotropic_pixels_keep_row_spacing_first()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny", new PhantomOptions(AnisotropicPixels: true)), 1);
        var sp = set["MR"].Datasets[0].GetDoubles(DicomTags.PixelSpacing);
        Assert.That(sp[0], Is.EqualTo(5.5));
        Assert.That(sp[1], Is.EqualTo(4.4).Within(1e-12));
        Assert.That(set["MR"].Volume.Geometry.Columns, Is.EqualTo(60));
    }

    [Test]
    public void Hybrid_set_shares_one_frame_of_reference_and_writes_no_SRO_for_it()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("hybrid"), 1);
        Assert.That(set["PT"].FrameOfReferenceUid, Is.EqualTo(set["CT"].FrameOfReferenceUid));
        Assert.That(set.Registrations.Select(r => r.MovingModality), Is.EqualTo(new[] { "MR" }));
    }

    [Test]
    public void Structure_set_contours_lie_on_their_image_planes_around_the_spheres()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny", new PhantomOptions(Orientation: SliceOrientation.Oblique, StructureSetOn: "MR")), 1);
        var mr = set["MR"];
        var ss = set.StructureSet!;
        Assert.That(ss.GetItem(DicomTags.ReferencedFrameOfReferenceSequence)!.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(mr.FrameOfReferenceUid));
        var byUid = mr.Datasets.ToDictionary(d => d.GetString(DicomTags.SOPInstanceUID)!);
        var rois = ss.GetItems(DicomTags.ROIContourSequence);
        Assert.That(rois, Has.Count.EqualTo(PhantomModel.Default.Fiducials.Count));
        var centre = mr.FiducialsInSeriesFrame[0];
        foreach (var contour in rois[0].GetItems(DicomTags.ContourSequence))
        {
            var image = byUid[contour.GetItem(DicomTags.ContourImageSequence)!.GetString(DicomTags.ReferencedSOPInstanceUID)!];
            var plane = ImagePlane.FromDataset(image, "MR", "img");
            var pts = contour.GetDoubles(DicomTags.ContourData);
            Assert.That(pts.Length, Is.EqualTo(3 * contour.GetInt(DicomTags.NumberOfContourPoints)!.Value));
            for (var n = 0; n < pts.Length; n += 3)
            {
                var p = new Vector3(pts[n], pts[n + 1], pts[n + 2]);
                Assert.That(Math.Abs((p - plane.Position).Dot(plane.Normal)), Is.LessThan(0.01), "REG-RT-002: on the image plane");
                Assert.That(p.DistanceTo(centre), Is.EqualTo(PhantomModel.Default.FiducialRadius).Within(0.001));
            }
        }
    }

    [Test]
    public void Dose_grid_uses_the_relative_offset_form_and_reads_back_in_gray()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny"), 1);
        var dose = DicomFileReader.Read(DicomFileWriter.Encode(DicomFile.Create(set.Dose!))).Dataset;
        var loaded = DicomVolumeReader.Read([dose], "RTDOSE");
        Assert.That(loaded.DoseGrid!.Form, Is.EqualTo(GridFrameOffsetForm.Relative));
        Assert.That(loaded.FrameOfReferenceUid, Is.EqualTo(set["CT"].FrameOfReferenceUid));
        var max = loaded.Volume.Voxels.Max(v => v * loaded.Volume.RescaleSlope + loaded.Volume.RescaleIntercept);
        Assert.That(max, Is.EqualTo(2.0).Within(0.01));
        Assert.That(loaded.Volume.Geometry.RowSpacing, Is.Not.EqualTo(loaded.Volume.Geometry.ColumnSpacing), "anisotropic dose pixels");
    }

    [TestCase("small", null)]
    [TestCase("tiny", SliceOrientation.Sagittal)]
    [TestCase("hybrid", SliceOrientation.Coronal)]
    public void Every_written_object_passes_dciodvfy_and_the_manifest_reads_back(string preset, SliceOrientation? orientation)
    {
        Dciodvfy.RequireInstalled();
        using var tmp = new TempDirectory();
        var set = PhantomGenerator.Generate(PhantomPresets.Get(preset, new PhantomOptions(Orientation: orientation, Position: PatientPosition.FFP)), 3);
        var written = PhantomSetWriter.Write(set, tmp.Path);
        var manifest = PhantomManifest.Read(Path.Combine(tmp.Path, PhantomSetWriter.ManifestFileName));
        Assert.That(manifest.ToJson(), Is.EqualTo(written.ToJson()));
        Assert.That(manifest.Registrations.Select(r => new Matrix4(r.BaseFromMoving)), Has.All.Not.Null);
        // every image of the tiny set; one image per series of the larger sets (their slices share the modules); every non-image object
        var files = manifest.Series.SelectMany(s => Directory.GetFiles(Path.Combine(tmp.Path, s.Directory)).Order().Take(preset == "tiny" ? int.MaxValue : 1))
            .Concat(manifest.Registrations.Select(r => Path.Combine(tmp.Path, r.File)))
            .Append(Path.Combine(tmp.Path, manifest.StructureSetFile!)).Append(Path.Combine(tmp.Path, manifest.DoseFile!));
        foreach (var f in files)
            Assert.That(Dciodvfy.Errors(f), Is.Empty, $"{f}:\n{Dciodvfy.Output(f)}");
    }
}

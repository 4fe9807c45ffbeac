using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Tests;

public class ImagingTests
{
    private static DicomDataset Slice(Vector3 ipp, double[] iop, double[] spacing, int rows = 4, int cols = 3, string? sop = null, double? sliceLocation = null, int? instance = null)
    {
        var ds = new DicomDataset();
        ds.SetDecimals(DicomTags.ImagePositionPatient, ipp.X, ipp.Y, ipp.Z);
        ds.SetDecimals(DicomTags.ImageOrientationPatient, iop);
        ds.SetDecimals(DicomTags.PixelSpacing, spacing);
        ds.SetUInt16(DicomTags.Rows, (ushort)rows);
        ds.SetUInt16(DicomTags.Columns, (ushort)cols);
        if (sop is not null) ds.SetString(DicomTags.SOPInstanceUID, sop);
        if (sliceLocation is { } sl) ds.SetDecimals(DicomTags.SliceLocation, sl);
        if (instance is { } n) ds.SetIntegers(DicomTags.InstanceNumber, n);
        return ds;
    }

    private static readonly double[] Axial = [1, 0, 0, 0, 1, 0];

    private static IReadOnlyList<ImagePlane> Planes(IEnumerable<DicomDataset> slices) =>
        slices.Select((d, n) => ImagePlane.FromDataset(d, "S1", $"slice {n}")).ToList();

    [Test]
    public void Pixel_spacing_is_row_spacing_then_column_spacing()
    {
        // Row spacing 2.0 (between rows, step of j along the column direction), column spacing 0.5 (step of i).
        var plane = ImagePlane.FromDataset(Slice(new Vector3(-10, -20, 30), [0, 1, 0, 0, 0, -1], [2.0, 0.5]), "S1", "img");
        Assert.That(plane.PointAt(1, 0), Is.EqualTo(new Vector3(-10, -19.5, 30)), "one column step moves 0.5 mm along the row direction");
        Assert.That(plane.PointAt(0, 1), Is.EqualTo(new Vector3(-10, -20, 28)), "one row step moves 2.0 mm along the column direction");
        Assert.That(plane.Normal, Is.EqualTo(new Vector3(-1, 0, 0)));
    }

    [Test]
    public void Volume_index_maps_to_patient_and_back()
    {
        var g = new VolumeGeometry(new Vector3(-349.316, -349.316, -249), Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, 1.3671875, 1.3671875, 2, 512, 512, 250);
        Assert.That(g.PointAt(255.5, 255.5, 0).DistanceTo(new Vector3(0, 0, -249)), Is.LessThan(1e-3), "worked example: column 255.5 sits at x = 0");
        var p = new Vector3(12.5, -40, 100);
        var idx = g.PatientToIndex.TransformPoint(p);
        Assert.That(g.PointAt(idx.X, idx.Y, idx.Z).DistanceTo(p), Is.LessThan(1e-9));
        Assert.That(g.Corners, Has.Count.EqualTo(8));
        Assert.That(g.Corners.Max(c => c.Z), Is.EqualTo(249).Within(1e-9));
    }

    [Test]
    public void Slices_sort_along_the_normal_not_by_slice_location_or_instance_number()
    {
        // Feet-first supine axial: row direction -x, normal -z; misleading Slice Location and Instance Number.
        double[] ffs = [-1, 0, 0, 0, 1, 0];
        var slices = new[] { 3, 0, 2, 1 }.Select(k => Slice(new Vector3(0, 0, -2.5 * k), ffs, [1, 1], sliceLocation: k * 7, instance: 10 - k)).ToList();
        var stack = SliceStack.Build(Planes(slices), "S1");
        Assert.That(stack.Issues, Is.Empty);
        Assert.That(stack.Slices.Select(s => s.Position.Z), Is.EqualTo(new[] { 0.0, -2.5, -5.0, -7.5 }), "increasing along n = (0,0,-1)");
        var g = stack.RequireVolume();
        Assert.That(g.SliceSpacing, Is.EqualTo(2.5).Within(1e-12));
        Assert.That(g.SliceDirection.DistanceTo(new Vector3(0, 0, -1)), Is.LessThan(1e-12));
    }

    [TestCase(SliceStackIssueKind.Gap)]
    [TestCase(SliceStackIssueKind.DuplicatePosition)]
    [TestCase(SliceStackIssueKind.NonUniformSpacing)]
    [TestCase(SliceStackIssueKind.MixedOrientation)]
    public void Broken_stacks_are_reported_and_refuse_a_volume(SliceStackIssueKind kind)
    {
        var z = new List<double> { 0, 2, 4, 6, 8 };
        var iops = Enumerable.Repeat(Axial, 5).ToList();
        switch (kind)
        {
            case SliceStackIssueKind.Gap: z = [0, 2, 4, 10, 12]; break;
            case SliceStackIssueKind.DuplicatePosition: z = [0, 2, 2, 4, 6]; break;
            case SliceStackIssueKind.NonUniformSpacing: z = [0, 2, 4.3, 6, 8]; break;
            case SliceStackIssueKind.MixedOrientation: iops[3] = [0.9998477, 0.0174524, 0, -0.0174524, 0.9998477, 0]; break;
        }
        var stack = SliceStack.Build(Planes(z.Select((v, n) => Slice(new Vector3(0, 0, v), iops[n], [1, 1]))), "CT 1.2.3");
        Assert.That(stack.Issues.Select(i => i.Kind), Does.Contain(kind));
        Assert.That(stack.Geometry, Is.Null);
        var e = Assert.Throws<GeometryException>(() => stack.RequireVolume())!;
        Assert.That(e.Message, Does.Contain("CT 1.2.3"));
        Assert.That(e.Attribute, Does.Contain(kind == SliceStackIssueKind.MixedOrientation ? "(0020,0037)" : "(0020,0032)"));
    }

    [Test]
    public void Gantry_tilt_is_reported_and_the_volume_keeps_the_sheared_slice_direction()
    {
        var tilt = 15 * Math.PI / 180;
        var slices = Enumerable.Range(0, 6).Select(k => Slice(new Vector3(0, k * 3 * Math.Tan(tilt), k * 3), Axial, [1, 1])).ToList();
        var stack = SliceStack.Build(Planes(slices), "S1");
        var issue = stack.Issues.Single();
        Assert.That(issue.Kind, Is.EqualTo(SliceStackIssueKind.GantryTilt));
        Assert.That(issue.Value, Is.EqualTo(15).Within(1e-6));
        var g = stack.RequireVolume();
        Assert.That(g.PointAt(0, 0, 5).DistanceTo(new Vector3(0, 15 * Math.Tan(tilt), 15)), Is.LessThan(1e-6));
    }

    [Test]
    public void One_slice_where_a_volume_is_needed_is_an_error()
    {
        var stack = SliceStack.Build(Planes([Slice(Vector3.Zero, Axial, [1, 1])]), "MR 9.9");
        var e = Assert.Throws<GeometryException>(() => stack.RequireVolume())!;
        Assert.That(e.Message, Does.Contain("MR 9.9").And.Contain("1 slice"));
        Assert.That(stack.RequireVolume(minimumSlices: 1).Slices, Is.EqualTo(1));
    }

    [TestCase("iop-not-unit", "(0020,0037)")]
    [TestCase("iop-not-orthogonal", "(0020,0037)")]
    [TestCase("zero-spacing", "(0028,0030)")]
    [TestCase("negative-spacing", "(0028,0030)")]
    [TestCase("missing-ipp", "(0020,0032)")]
    [TestCase("bad-ipp-text", "(0020,0032)")]
    public void Degenerate_geometry_names_the_series_and_attribute(string fault, string tag)
    {
        var ds = Slice(Vector3.Zero, Axial, [1, 1], sop: "1.2.3.4");
        switch (fault)
        {
            case "iop-not-unit": ds.SetDecimals(DicomTags.ImageOrientationPatient, 1.1, 0, 0, 0, 1, 0); break;
            case "iop-not-orthogonal": ds.SetDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0.1, 0.995, 0); break;
            case "zero-spacing": ds.SetDecimals(DicomTags.PixelSpacing, 0, 1); break;
            case "negative-spacing": ds.SetDecimals(DicomTags.PixelSpacing, 1, -0.5); break;
            case "missing-ipp": ds.Remove(DicomTags.ImagePositionPatient); break;
            case "bad-ipp-text": ds.SetString(DicomTags.ImagePositionPatient, "0\\abc\\1", DicomVR.DS); break;
        }
        var e = Assert.Throws<GeometryException>(() => ImagePlane.FromDataset(ds, "CT 1.2.3", "image 1.2.3.4"))!;
        Assert.That(e.Series, Is.EqualTo("CT 1.2.3"));
        Assert.That(e.Attribute, Does.Contain(tag).And.Contain("image 1.2.3.4"));
    }

    [Test]
    public void Enhanced_multi_frame_planes_come_from_shared_and_per_frame_groups()
    {
        var ds = new DicomDataset();
        ds.SetIntegers(DicomTags.NumberOfFrames, 3);
        ds.SetUInt16(DicomTags.Rows, 4);
        ds.SetUInt16(DicomTags.Columns, 5);
        var shared = new DicomDataset();
        shared.SetSequence(DicomTags.PlaneOrientationSequence, new DicomDataset().SetDecimals(DicomTags.ImageOrientationPatient, 0, 1, 0, 0, 0, -1));
        shared.SetSequence(DicomTags.PixelMeasuresSequence, new DicomDataset().SetDecimals(DicomTags.PixelSpacing, 2, 0.5));
        ds.SetSequence(DicomTags.SharedFunctionalGroupsSequence, shared);
        // Frames stored right-to-left; sagittal normal is -x, so volume order is decreasing x... (increasing along n).
        ds.SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, new[] { 10.0, 20.0, 30.0 }.Select(x =>
            new DicomDataset().SetSequence(DicomTags.PlanePositionSequence, new DicomDataset().SetDecimals(DicomTags.ImagePositionPatient, x, -50, 60))).ToArray());
        var planes = EnhancedMultiFrameGeometry.Planes(ds, "MR enh");
        var stack = SliceStack.Build(planes, "MR enh");
        Assert.That(stack.Order, Is.EqualTo(new[] { 2, 1, 0 }));
        var g = stack.RequireVolume();
        Assert.That(g.RowSpacing, Is.EqualTo(2));
        Assert.That(g.ColumnSpacing, Is.EqualTo(0.5));
        Assert.That(g.SliceSpacing, Is.EqualTo(10).Within(1e-12));
        // a per-frame Pixel Measures item overrides the shared one
        ds.GetItems(DicomTags.PerFrameFunctionalGroupsSequence)[1].SetSequence(DicomTags.PixelMeasuresSequence, new DicomDataset().SetDecimals(DicomTags.PixelSpacing, 1, 1));
        Assert.That(SliceStack.Build(EnhancedMultiFrameGeometry.Planes(ds, "MR enh"), "MR enh").Issues.Select(i => i.Kind), Does.Contain(SliceStackIssueKind.MixedPixelGrid));
        ds.GetItems(DicomTags.PerFrameFunctionalGroupsSequence)[2].Remove(DicomTags.PlanePositionSequence);
        var e = Assert.Throws<GeometryException>(() => EnhancedMultiFrameGeometry.Planes(ds, "MR enh"))!;
        Assert.That(e.Attribute, Does.Contain("(0020,9113)").And.Contain("frame 3"));
    }

    [Test]
    public void Dose_grid_relative_and_legacy_absolute_offsets_give_the_same_planes()
    {
        DicomDataset Dose(double[] gfov, double[] iop)
        {
            var ds = Slice(new Vector3(-100, -80, -30), iop, [2.5, 3]);
            ds.SetIntegers(DicomTags.NumberOfFrames, gfov.Length);
            ds.SetDecimals(DicomTags.GridFrameOffsetVector, gfov);
            return ds;
        }
        var relative = DoseGridGeometry.Read(Dose([0, 3, 6, 9], Axial), "RTDOSE");
        var absolute = DoseGridGeometry.Read(Dose([-30, -27, -24, -21], Axial), "RTDOSE");
        Assert.That(relative.Form, Is.EqualTo(GridFrameOffsetForm.Relative));
        Assert.That(absolute.Form, Is.EqualTo(GridFrameOffsetForm.Absolute));
        Assert.That(relative.Planes.Select(p => p.Position), Is.EqualTo(absolute.Planes.Select(p => p.Position)));
        Assert.That(relative.Planes[3].Position, Is.EqualTo(new Vector3(-100, -80, -21)));
        // relative offsets follow the normal of a non-axial grid
        var sag = DoseGridGeometry.Read(Dose([0, 3], [0, 1, 0, 0, 0, -1]), "RTDOSE");
        Assert.That(sag.Planes[1].Position, Is.EqualTo(new Vector3(-103, -80, -30)));
        var e = Assert.Throws<GeometryException>(() => DoseGridGeometry.Read(Dose([5, 8], Axial), "RTDOSE"))!;
        Assert.That(e.Attribute, Does.Contain("(3004,000C)"));
        Assert.Throws<GeometryException>(() => DoseGridGeometry.Read(Dose([0, 3, 6], Axial) .SetIntegers(DicomTags.NumberOfFrames, 4), "RTDOSE"));
    }

    [TestCase("CT")]
    [TestCase("MR")]
    [TestCase("PT")]
    public void Written_series_reads_back_as_the_same_volume_and_passes_dciodvfy(string modality)
    {
        var g = VolumeGeometry.Centred(new Vector3(5, -3, 20), new Vector3(0, 1, 0), new Vector3(0, 0, -1), 1.5, 2.0, 3.0, 7, 6, 4);
        var vol = ImageVolume.Create(g, modality == "PT" ? 0.01 : 1, modality == "CT" ? -1024 : 0);
        var rnd = new Random(4);
        for (var n = 0; n < vol.Voxels.Length; n++) vol.Voxels[n] = (short)rnd.Next(0, 3000);
        var patient = new DicomDataset().With(DicomTags.PatientName, "Phantom^Geo").With(DicomTags.PatientID, "G1")
            .With(DicomTags.StudyInstanceUID, "2.25.1").With(DicomTags.StudyDate, "20240102").With(DicomTags.StudyTime, "101010").With(DicomTags.StudyID, "1");
        var series = ImageSeriesWriter.Write(vol, patient, new ImageSeriesOptions(modality, "2.25.2", "2.25.3", 3, "round trip", k => $"2.25.4{k}"));
        var dir = Path.Combine(Path.GetTempPath(), "ck-geo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // write in reverse so that file order is not volume order
            for (var k = series.Count - 1; k >= 0; k--) DicomFileWriter.Write(Path.Combine(dir, $"{series.Count - k:D3}.dcm"), DicomFile.Create(series[k]));
            var loaded = DicomVolumeReader.ReadImageSeries(dir);
            Assert.That(loaded.FrameOfReferenceUid, Is.EqualTo("2.25.3"));
            Assert.That(loaded.Volume.Voxels, Is.EqualTo(vol.Voxels));
            Assert.That(loaded.Volume.RescaleSlope, Is.EqualTo(modality == "MR" ? 1 : vol.RescaleSlope));
            var lg = loaded.Volume.Geometry;
            Assert.That(lg.IndexToPatient.MaxAbsDifference(g.IndexToPatient), Is.LessThan(1e-9));
            if (Dciodvfy.Path is null) return;
            foreach (var f in Directory.GetFiles(dir))
                Assert.That(Dciodvfy.Errors(f), Is.Empty, Dciodvfy.Output(f));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Truncated_or_compressed_pixel_data_is_an_error_naming_the_image()
    {
        var slices = Enumerable.Range(0, 3).Select(k =>
        {
            var ds = Slice(new Vector3(0, 0, 2 * k), Axial, [1, 1], sop: $"1.2.9.{k}");
            ds.SetUInt16(DicomTags.BitsAllocated, 16);
            ds.SetUInt16(DicomTags.PixelRepresentation, 1);
            ds.SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[k == 1 ? 10 : 24]); // 4 x 3 x 2 bytes needed
            return ds;
        }).ToList();
        var e = Assert.Throws<GeometryException>(() => DicomVolumeReader.Read(slices, "CT 1.2.9"))!;
        Assert.That(e.Attribute, Does.Contain("(7FE0,0010)").And.Contain("1.2.9.1"));
        Assert.That(e.Problem, Does.Contain("10 bytes"));
        slices[1].Set(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [new byte[24]]));
        Assert.That(Assert.Throws<GeometryException>(() => DicomVolumeReader.Read(slices, "CT 1.2.9"))!.Problem, Does.Contain("compressed"));
        slices[1].SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[24]);
        Assert.That(DicomVolumeReader.Read(slices, "CT 1.2.9").Volume.Geometry.Slices, Is.EqualTo(3));
        slices[2].SetString(DicomTags.FrameOfReferenceUID, "1.2.3.4");
        Assert.That(Assert.Throws<GeometryException>(() => DicomVolumeReader.Read(slices, "CT 1.2.9"))!.Attribute, Does.Contain("(0020,0052)"));
    }
}

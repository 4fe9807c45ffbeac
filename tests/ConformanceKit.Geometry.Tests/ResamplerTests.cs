using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Resampling;

namespace ConformanceKit.Geometry.Tests;

public class ResamplerTests
{
    private static readonly Matrix4 Rigid = Matrix4.Rotation(new Vector3(0.3, -0.2, 1), 12, new Vector3(5, 10, -3)) * Matrix4.Translate(new Vector3(2.5, -4, 1.5));

    /// <summary>A volume holding a linear function of patient position, which trilinear interpolation reproduces exactly.</summary>
    private static ImageVolume LinearField(VolumeGeometry g, Func<Vector3, double> f)
    {
        var v = ImageVolume.Create(g);
        for (var k = 0; k < g.Slices; k++)
            for (var j = 0; j < g.Rows; j++)
                for (var i = 0; i < g.Columns; i++) v[i, j, k] = (short)Math.Round(f(g.PointAt(i, j, k)));
        return v;
    }

    private static double F(Vector3 p) => 1000 + 8 * p.X - 5 * p.Y + 3 * p.Z;

    [Test]
    public void Identity_on_the_same_grid_copies_the_volume()
    {
        var g = VolumeGeometry.Centred(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, 1.5, 2, 2.5, 37, 29, 11);
        var v = LinearField(g, F);
        Assert.That(ReferenceResampler.Resample(v, g, Matrix4.Identity).Voxels, Is.EqualTo(v.Voxels));
        Assert.That(ReferenceResampler.Resample(v, g, Matrix4.Identity, Interpolation.Nearest).Voxels, Is.EqualTo(v.Voxels));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Rigid_resampling_of_a_linear_field_is_exact_inside(bool vector)
    {
        var moving = VolumeGeometry.Centred(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, 1.25, 1.5, 2, 64, 60, 40);
        var fixedGrid = VolumeGeometry.Centred(new Vector3(3, -2, 1), Vector3.UnitY, -Vector3.UnitZ, 1.1, 1.3, 1.7, 41, 37, 33); // sagittal
        var v = LinearField(moving, F);
        var output = ReferenceResampler.Resample(v, fixedGrid, Rigid, allowVector: vector);
        var movingFromFixed = Rigid.Inverse();
        var toIndex = moving.PatientToIndex;
        int inside = 0;
        for (var k = 0; k < fixedGrid.Slices; k++)
            for (var j = 0; j < fixedGrid.Rows; j++)
                for (var i = 0; i < fixedGrid.Columns; i++)
                {
                    var pm = movingFromFixed.TransformPoint(fixedGrid.PointAt(i, j, k));
                    var idx = toIndex.TransformPoint(pm);
                    if (idx.X < 0 || idx.Y < 0 || idx.Z < 0 || idx.X > 63 || idx.Y > 59 || idx.Z > 39) continue;
                    inside++;
                    Assert.That(output[i, j, k], Is.EqualTo(F(pm)).Within(1.0), $"voxel {i},{j},{k}");
                }
        Assert.That(inside, Is.GreaterThan(fixedGrid.VoxelCount / 2), "most of the fixed grid is inside");
    }

    [Test]
    public void Outside_points_get_the_background_and_nearest_keeps_labels()
    {
        var g = VolumeGeometry.Centred(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, 1, 1, 1, 20, 20, 20);
        var labels = ImageVolume.Create(g);
        for (var k = 0; k < 20; k++) for (var j = 0; j < 20; j++) for (var i = 0; i < 20; i++) labels[i, j, k] = (short)(1 + (i / 5) + 4 * (j / 10));
        var shifted = ReferenceResampler.Resample(labels, g, Matrix4.Rotation(Vector3.UnitZ, 30) * Matrix4.Translate(new Vector3(6.3, 0, 0)), Interpolation.Nearest, background: -7);
        var allowed = labels.Voxels.Distinct().Append((short)-7).ToHashSet();
        Assert.That(shifted.Voxels.All(allowed.Contains), Is.True, "nearest never invents values");
        Assert.That(shifted[0, 10, 10], Is.EqualTo(-7), "moved 6.3 mm towards +x: the -x edge is outside");
        var linear = ReferenceResampler.Resample(labels, g, Matrix4.Translate(new Vector3(6.3, 0, 0)), Interpolation.Linear, background: -7);
        Assert.That(linear[0, 10, 10], Is.EqualTo(-7));
        Assert.That(linear[19, 10, 10], Is.EqualTo(labels[13, 10, 10] + 0.3 * (labels[12, 10, 10] - labels[13, 10, 10])).Within(0.5));
    }

    [Test]
    public void Vector_and_scalar_kernels_agree()
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported) Assert.Ignore("no AVX2 on this CPU");
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny"), 2);
        var mr = set["MR"].Volume;
        var grid = set["CT"].Volume.Geometry;
        var a = ReferenceResampler.Resample(mr, grid, set["MR"].BaseFromSeries, allowVector: true);
        var b = ReferenceResampler.Resample(mr, grid, set["MR"].BaseFromSeries, allowVector: false);
        var maxDiff = a.Voxels.Zip(b.Voxels, (x, y) => Math.Abs(x - y)).Max();
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1), "float rounding only");
    }

    [Test]
    public void Derived_series_is_on_the_fixed_grid_in_the_fixed_frame_with_a_new_series()
    {
        var set = PhantomGenerator.Generate(PhantomPresets.Get("tiny", new PhantomOptions(Orientation: SliceOrientation.Oblique)), 5);
        using var tmp = new TempDirectory();
        PhantomSetWriter.Write(set, tmp.Path);
        var ct = DicomVolumeReader.ReadImageSeries(Path.Combine(tmp.Path, "CT"));
        var mr = DicomVolumeReader.ReadImageSeries(Path.Combine(tmp.Path, "MR"));
        var (volume, datasets) = DerivedSeries.Create(ct, mr, set["MR"].BaseFromSeries);
        Assert.That(datasets.Select(d => d.GetString(DicomTags.FrameOfReferenceUID)).Distinct(), Is.EqualTo(new[] { ct.FrameOfReferenceUid }));
        Assert.That(datasets[0].GetString(DicomTags.SeriesInstanceUID), Is.Not.EqualTo(mr.SeriesInstanceUid).And.Not.EqualTo(ct.SeriesInstanceUid));
        Assert.That(datasets[0].GetString(DicomTags.PatientID), Is.EqualTo(mr.First.GetString(DicomTags.PatientID)));
        Assert.That(datasets[0].GetString(DicomTags.StudyInstanceUID), Is.EqualTo(mr.First.GetString(DicomTags.StudyInstanceUID)));
        Assert.That(datasets[0].GetStrings(DicomTags.ImageType)[0], Is.EqualTo("DERIVED"));
        Assert.That(volume.Geometry, Is.EqualTo(ct.Volume.Geometry));
        // the MR fiducials land on the CT fiducials with the true matrix, not with its inverse
        var toIndex = ct.Volume.Geometry.PatientToIndex;
        double At(ImageVolume v, Vector3 p) { var i = toIndex.TransformPoint(p); return v[(int)Math.Round(i.X), (int)Math.Round(i.Y), (int)Math.Round(i.Z)]; }
        var wrong = ReferenceResampler.Resample(mr.Volume, ct.Volume.Geometry, set["MR"].BaseFromSeries.Inverse());
        var fids = set["CT"].FiducialsInSeriesFrame;
        Assert.That(fids.Average(f => At(volume, f)), Is.GreaterThan(2000));
        Assert.That(fids.Average(f => At(wrong, f)), Is.LessThan(2000));
        if (Dciodvfy.Path is null) return;
        var file = Path.Combine(tmp.Path, "derived.dcm");
        DicomFileWriter.Write(file, DicomFile.Create(datasets[3]));
        Assert.That(Dciodvfy.Errors(file), Is.Empty, Dciodvfy.Output(file));
    }

    [Test]
    public void Agrees_with_plastimatch_convert_xf()
    {
        const string plastimatch = "/usr/bin/plastimatch";
        if (!File.Exists(plastimatch)) Assert.Ignore("plastimatch (Debian package plastimatch) is not installed");
        var set = PhantomGenerator.Generate(PhantomPresets.Get("small", new PhantomOptions(Orientation: SliceOrientation.Oblique, AnisotropicPixels: true)), 9);
        var moving = set["MR"].Volume;
        var fixedGrid = set["CT"].Volume.Geometry;
        var truth = set["MR"].BaseFromSeries;
        using var tmp = new TempDirectory();
        string P(string n) => Path.Combine(tmp.Path, n);
        MetaImageFile.Write(P("moving.mha"), moving);
        MetaImageFile.Write(P("fixed.mha"), set["CT"].Volume);
        // ITK transforms map output (fixed) points to input (moving) points: T = M^-1, parameters row-major then translation.
        File.WriteAllText(P("xf.txt"), ItkAffineTransform(truth.Inverse()));
        var psi = new ProcessStartInfo(plastimatch, ["convert", "--input", P("moving.mha"), "--output-img", P("out.mha"), "--xf", P("xf.txt"),
            "--fixed", P("fixed.mha"), "--interpolation", "linear", "--output-type", "short", "--default-value", "0"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.EqualTo(0), err.Result);
        }
        var theirs = MetaImageFile.Read(P("out.mha"));
        Assert.That(theirs.Geometry.IndexToPatient.MaxAbsDifference(fixedGrid.IndexToPatient), Is.LessThan(1e-4), "plastimatch wrote the fixed grid");
        var ours = ReferenceResampler.Resample(moving, fixedGrid, truth, background: 0);
        Assert.That(Ncc(ours.Voxels, theirs.Voxels), Is.GreaterThanOrEqualTo(0.999));
        // away from the moving volume's edges the two agree to interpolation rounding
        var inner = InnerMask(moving.Geometry, fixedGrid, truth, margin: 2);
        var diffs = inner.Select(n => Math.Abs(ours.Voxels[n] - theirs.Voxels[n])).ToList();
        Assert.That(diffs.Count, Is.GreaterThan(10000));
        Assert.That(diffs.Count(d => d > 2) / (double)diffs.Count, Is.LessThan(0.001), $"max difference {diffs.Max()}");
    }

    internal static string ItkAffineTransform(Matrix4 m)
    {
        var inv = CultureInfo.InvariantCulture;
        var p = new[] { m[0, 0], m[0, 1], m[0, 2], m[1, 0], m[1, 1], m[1, 2], m[2, 0], m[2, 1], m[2, 2], m[0, 3], m[1, 3], m[2, 3] };
        return "#Insight Transform File V1.0\n#Transform 0\nTransform: AffineTransform_double_3_3\n" +
               $"Parameters: {string.Join(' ', p.Select(v => v.ToString("R", inv)))}\nFixedParameters: 0 0 0\n";
    }

    private static double Ncc(short[] a, short[] b)
    {
        double ma = a.Average(x => (double)x), mb = b.Average(x => (double)x), sab = 0, saa = 0, sbb = 0;
        for (var n = 0; n < a.Length; n++) { double da = a[n] - ma, db = b[n] - mb; sab += da * db; saa += da * da; sbb += db * db; }
        return sab / Math.Sqrt(saa * sbb);
    }

    private static IEnumerable<int> InnerMask(VolumeGeometry moving, VolumeGeometry fixedGrid, Matrix4 fixedFromMoving, int margin)
    {
        var a = moving.PatientToIndex * fixedFromMoving.Inverse() * fixedGrid.IndexToPatient;
        for (var k = 0; k < fixedGrid.Slices; k++)
            for (var j = 0; j < fixedGrid.Rows; j++)
                for (var i = 0; i < fixedGrid.Columns; i++)
                {
                    var x = a.TransformPoint(new Vector3(i, j, k));
                    if (x.X >= margin && x.Y >= margin && x.Z >= margin && x.X <= moving.Columns - 1 - margin && x.Y <= moving.Rows - 1 - margin && x.Z <= moving.Slices - 1 - margin)
                        yield return (k * fixedGrid.Rows + j) * fixedGrid.Columns + i;
                }
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Cli.Tests;

/// <summary>`ck phantom`, `ck register` and `ck resample` end to end on a tiny phantom written to disk.</summary>
[NonParallelizable]
public class GeometryCommandTests
{
    private string _dir = "";
    private PhantomManifest _manifest = null!;

    [OneTimeSetUp]
    public async Task WritePhantom()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ck-cli-" + Guid.NewGuid().ToString("N"));
        var r = await Ck.RunAsync("phantom", "--preset", "tiny", "--out", _dir, "--seed", "7");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        _manifest = PhantomManifest.Read(Path.Combine(_dir, PhantomSetWriter.ManifestFileName));
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string SeriesDir(string modality) => Path.Combine(_dir, _manifest.SeriesOf(modality).Directory);

    [Test]
    public void PhantomWritesEverySeriesItsManifestNames()
    {
        foreach (var s in _manifest.Series)
        {
            var files = Directory.GetFiles(Path.Combine(_dir, s.Directory), "*", SearchOption.AllDirectories);
            Assert.That(files, Has.Length.EqualTo(s.Slices), s.Modality);
            var first = DicomFileReader.Read(files[0]);
            Assert.That(first.Dataset.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(s.FrameOfReferenceUid));
        }
        foreach (var reg in _manifest.Registrations)
        {
            var sro = SpatialRegistration.Read(DicomFileReader.Read(Path.Combine(_dir, reg.File)).Dataset);
            var moving = sro.Items.Single(i => i.FrameOfReferenceUid == reg.MovingFrameOfReferenceUid);
            Assert.That(moving.Transform!.MaxAbsDifference(new Matrix4(reg.BaseFromMoving)), Is.LessThan(1e-5), "the SRO states the manifest's true transform");
        }
    }

    [Test]
    public async Task SameSeedGivesTheSameUids()
    {
        var again = Path.Combine(Path.GetTempPath(), "ck-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.That((await Ck.RunAsync("phantom", "--preset", "tiny", "--out", again, "--seed", "7")).ExitCode, Is.EqualTo(0));
            var other = PhantomManifest.Read(Path.Combine(again, PhantomSetWriter.ManifestFileName));
            Assert.That(other.Series.Select(s => s.SeriesInstanceUid), Is.EqualTo(_manifest.Series.Select(s => s.SeriesInstanceUid)));
        }
        finally { Directory.Delete(again, recursive: true); }
    }

    [Test]
    public async Task RegisterRecoversTheTrueTransform()
    {
        var output = Path.Combine(_dir, "registered.dcm");
        var r = await Ck.RunAsync("register", "--fixed", SeriesDir("CT"), "--moving", SeriesDir("MR"), "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        var sro = SpatialRegistration.Read(DicomFileReader.Read(output).Dataset);
        var mr = _manifest.SeriesOf("MR");
        var truth = new Matrix4(mr.BaseFromSeries);
        var found = sro.Items.Single(i => i.FrameOfReferenceUid == mr.FrameOfReferenceUid).Transform!;
        // The fiducials in the MR frame land where the truth puts them. The tiny preset has 5.5 mm voxels, so the
        // bound here is 1 mm (a fifth of a voxel); the 0.2 mm target is shown on the small preset in FiducialRegistrationTests.
        const double TinyPresetToleranceMm = 1.0;
        foreach (var f in mr.FiducialsInSeriesFrame)
        {
            var p = new Vector3(f[0], f[1], f[2]);
            Assert.That(found.TransformPoint(p).DistanceTo(truth.TransformPoint(p)), Is.LessThan(TinyPresetToleranceMm));
        }
    }

    [Test]
    public async Task RegisterRefusesAPairThatSharesAFrameOfReference()
    {
        var r = await Ck.RunAsync("register", "--fixed", SeriesDir("CT"), "--moving", SeriesDir("CT"), "--out", Path.Combine(_dir, "self.dcm"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(_dir, "self.dcm")), Is.False);
    }

    [Test]
    public async Task ResampleWritesTheMovingSetOnTheFixedGrid()
    {
        var reg = _manifest.Registrations.Single(x => x.Moving == "MR");
        var output = Path.Combine(_dir, "resampled");
        var r = await Ck.RunAsync("resample", "--fixed", SeriesDir("CT"), "--moving", SeriesDir("MR"), "--sro", Path.Combine(_dir, reg.File), "--out", output);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error + r.Out);
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories);
        var ct = _manifest.SeriesOf("CT");
        Assert.That(files, Has.Length.EqualTo(ct.Slices));
        var ds = DicomFileReader.Read(files[0]).Dataset;
        Assert.That(ds.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(ct.FrameOfReferenceUid), "output lies in the fixed Frame of Reference");
        Assert.That(ds.GetString(DicomTags.SeriesInstanceUID), Is.Not.EqualTo(ct.SeriesInstanceUid).And.Not.EqualTo(_manifest.SeriesOf("MR").SeriesInstanceUid));
        Assert.That(ds.GetInt(DicomTags.Rows), Is.EqualTo(ct.Rows));
        Assert.That(ds.GetInt(DicomTags.Columns), Is.EqualTo(ct.Columns));
    }

    [Test]
    public async Task MissingFolderIsAnErrorNotACrash()
    {
        var r = await Ck.RunAsync("register", "--fixed", Path.Combine(_dir, "nope"), "--moving", SeriesDir("MR"), "--out", Path.Combine(_dir, "x.dcm"));
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("nope"));
    }

    [Test]
    public async Task UnknownPresetAndBadOptionsAreUsageErrors()
    {
        Assert.That((await Ck.RunAsync("phantom", "--preset", "nonsense", "--out", _dir)).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("phantom", "--preset", "tiny", "--out", _dir, "--position", "XYZ")).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("resample", "--fixed", _dir)).ExitCode, Is.EqualTo(ExitCodes.Usage));
    }
}

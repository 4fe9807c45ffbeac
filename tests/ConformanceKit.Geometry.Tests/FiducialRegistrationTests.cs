using ConformanceKit.Geometry.Oracles;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Transforms;

namespace ConformanceKit.Geometry.Tests;

public class FiducialRegistrationTests
{
    [Test]
    public void Horn_recovers_an_exact_rigid_transform_and_never_a_reflection()
    {
        var truth = Matrix4.Rotation(new Vector3(1, 1, 0.3), 123, new Vector3(4, 5, 6)) * Matrix4.Translate(new Vector3(10, -20, 30));
        var moving = new[] { new Vector3(0, 0, 0), new Vector3(50, 0, 0), new Vector3(0, 40, 0), new Vector3(0, 0, 30), new Vector3(20, 20, 20) };
        var m = PointSetRegistration.Rigid(moving, moving.Select(truth.TransformPoint).ToList());
        Assert.That(m.MaxAbsDifference(truth), Is.LessThan(1e-9));
        // mirrored targets: the best proper rotation, not the reflection
        var mirrored = moving.Select(p => new Vector3(-p.X, p.Y, p.Z)).ToList();
        Assert.That(PointSetRegistration.Rigid(moving, mirrored).Determinant3x3, Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void Correspondence_is_found_for_shuffled_and_partial_point_sets()
    {
        var truth = Matrix4.Rotation(Vector3.UnitY, -5, new Vector3(0, 0, -175));
        var fixedPts = PhantomModel.Default.Fiducials;
        var moving = fixedPts.Select(truth.Inverse().TransformPoint).Reverse().Skip(1).ToList(); // one fiducial missed in the moving set
        var r = FiducialRegistration.Register(fixedPts, moving);
        Assert.That(r.Pairs, Has.Count.EqualTo(fixedPts.Count - 1));
        Assert.That(r.FixedFromMoving.MaxAbsDifference(truth), Is.LessThan(1e-9));
        Assert.That(r.RmsResidualMm, Is.LessThan(1e-9));
    }

    private static IEnumerable<TestCaseData> PositionsAndOrientations() =>
        from p in Enum.GetValues<PatientPosition>() from o in Enum.GetValues<SliceOrientation>() select new TestCaseData(p, o);

    [TestCaseSource(nameof(PositionsAndOrientations))]
    public void Recovers_the_phantom_transform_for_every_position_and_orientation(PatientPosition position, SliceOrientation orientation)
    {
        var spec = PhantomPresets.Get("small", new PhantomOptions(Position: position, Orientation: orientation, AnisotropicPixels: orientation == SliceOrientation.Oblique));
        spec = spec with { Series = spec.Series.Take(2).ToList(), StructureSetOn = null, DoseOn = null };
        var set = PhantomGenerator.Generate(spec, 11);
        var ct = set["CT"]; var mr = set["MR"];
        var fixedFids = FiducialDetector.Detect(ct.Volume).Select(f => f.Centre).ToList();
        var movingFids = FiducialDetector.Detect(mr.Volume).Select(f => f.Centre).ToList();
        Assert.That(fixedFids, Has.Count.EqualTo(PhantomModel.Default.Fiducials.Count), "all CT spheres found");
        Assert.That(movingFids, Has.Count.EqualTo(PhantomModel.Default.Fiducials.Count), "all MR spheres found");
        var result = FiducialRegistration.Register(fixedFids, movingFids);
        var points = TargetRegistrationError.TestPoints(mr.Volume.Geometry, mr.FiducialsInSeriesFrame);
        var tre = TargetRegistrationError.Measure(mr.BaseFromSeries, result.FixedFromMoving, points);
        var angle = RotationMetrics.AngleBetweenDegrees(mr.BaseFromSeries, result.FixedFromMoving);
        TestContext.Out.WriteLine($"{position} {orientation}: TRE mean {tre.MeanMm:0.###} max {tre.MaxMm:0.###} mm, rotation error {angle:0.####} deg, FRE {result.RmsResidualMm:0.###} mm");
        Assert.That(angle, Is.LessThan(0.1), "rotation within 0.1 degree");
        Assert.That(tre.MaxMm, Is.LessThan(0.2), "TRE within 0.2 mm at fiducials and bounding-box corners");
    }

    [Test]
    public void Detected_centres_match_the_true_fiducial_positions()
    {
        var spec = PhantomPresets.Get("small");
        var set = PhantomGenerator.Generate(spec with { Series = spec.Series.Take(1).ToList(), StructureSetOn = null, DoseOn = null }, 4);
        var found = FiducialDetector.Detect(set["CT"].Volume);
        foreach (var truth in set["CT"].FiducialsInSeriesFrame)
            Assert.That(found.Min(f => f.Centre.DistanceTo(truth)), Is.LessThan(0.15));
    }
}

using ConformanceKit.Geometry.Transforms;

namespace ConformanceKit.Geometry.Tests;

public class TransformTests
{
    private static readonly Matrix4 Mmro2CtFromMr = new([0.996195, 0.087156, 0, 0, -0.087156, 0.996195, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    [Test]
    public void Rotation_maps_known_points_exactly()
    {
        var r = Matrix4.Rotation(Vector3.UnitZ, 90);
        var p = r.TransformPoint(new Vector3(10, 0, 5));
        Assert.That(p.DistanceTo(new Vector3(0, 10, 5)), Is.LessThan(1e-12));
        var about = Matrix4.Rotation(Vector3.UnitY, 180, new Vector3(0, 0, -175));
        Assert.That(about.TransformPoint(new Vector3(0, 3, -175)).DistanceTo(new Vector3(0, 3, -175)), Is.LessThan(1e-12), "points on the axis stay");
        Assert.That(about.TransformPoint(new Vector3(10, 0, -175)).DistanceTo(new Vector3(-10, 0, -175)), Is.LessThan(1e-12));
    }

    [Test]
    public void Inverse_of_a_composition_is_the_identity()
    {
        var a = Matrix4.Rotation(new Vector3(1, 2, 3), 17, new Vector3(5, -7, 11)) * Matrix4.Translate(new Vector3(3, 4, 5));
        var b = Matrix4.Rotation(new Vector3(-2, 1, 0.5), -33) * Matrix4.Scale(1.2, 0.9, 1.1);
        var ab = a * b;
        Assert.That((ab.Inverse() * ab).MaxAbsDifference(Matrix4.Identity), Is.LessThan(1e-12));
        Assert.That((b.Inverse() * a.Inverse()).MaxAbsDifference(ab.Inverse()), Is.LessThan(1e-12));
        var p = new Vector3(12, -40, 77);
        Assert.That(ab.TransformPoint(p).DistanceTo(a.TransformPoint(b.TransformPoint(p))), Is.LessThan(1e-12), "a*b applies b first");
    }

    [Test]
    public void Decompose_recovers_translation_rotation_scale_and_shear()
    {
        var axis = new Vector3(1, -2, 0.5).Normalized();
        var shear = new Matrix4([1, 0.1, -0.05, 0, 0, 1, 0.2, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        var m = Matrix4.Translate(new Vector3(10, -20, 30)) * Matrix4.Rotation(axis, 23) * Matrix4.Scale(2, 0.5, 1.5) * shear;
        var d = TransformDecomposition.Of(m);
        Assert.That(d.Translation.DistanceTo(new Vector3(10, -20, 30)), Is.LessThan(1e-12));
        Assert.That(d.RotationAngleDegrees, Is.EqualTo(23).Within(1e-9));
        Assert.That(d.RotationAxis.DistanceTo(axis), Is.LessThan(1e-9));
        Assert.That(d.Scale.DistanceTo(new Vector3(2, 0.5, 1.5)), Is.LessThan(1e-12));
        Assert.That(d.ShearXY, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(d.ShearXZ, Is.EqualTo(-0.05).Within(1e-12));
        Assert.That(d.ShearYZ, Is.EqualTo(0.2).Within(1e-12));
        Assert.That(d.IsReflection, Is.False);
        Assert.That(TransformDecomposition.Of(Matrix4.Scale(1, 1, -1)).IsReflection, Is.True);
    }

    [Test]
    public void Decompose_handles_half_turns()
    {
        var d = TransformDecomposition.Of(Matrix4.Rotation(Vector3.UnitX, 180));
        Assert.That(d.RotationAngleDegrees, Is.EqualTo(180).Within(1e-9));
        Assert.That(Math.Abs(d.RotationAxis.X), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void Six_decimal_reference_matrix_is_rigid_and_five_degrees_about_z()
    {
        var check = RigidityCheck.Of(Mmro2CtFromMr);
        Assert.That(check.OrthonormalityError, Is.GreaterThan(1e-7).And.LessThan(1e-6), "c^2+s^2-1 of the six-decimal values");
        Assert.That(check.IsRigid, Is.True);
        var d = TransformDecomposition.Of(Mmro2CtFromMr);
        Assert.That(d.RotationAngleDegrees, Is.EqualTo(5).Within(1e-3));
        Assert.That(Math.Abs(d.RotationAxis.Z), Is.EqualTo(1).Within(1e-9));
        Assert.That(Mmro2CtFromMr.TransformPoint(new Vector3(0, 100, 0)).DistanceTo(new Vector3(8.7156, 99.6195, 0)), Is.LessThan(1e-9));
    }

    [Test]
    public void Rigidity_check_rejects_reflection_shear_and_transposed_translation()
    {
        Assert.That(RigidityCheck.Of(Matrix4.Scale(-1, -1, 1) * Mmro2CtFromMr * Matrix4.Scale(1, 1, -1)).IsProper, Is.False);
        Assert.That(RigidityCheck.Of(new Matrix4([1, 0.01, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).IsOrthonormal, Is.False);
        var transposed = Matrix4.Translate(new Vector3(5, 6, 7)).Transpose();
        var check = RigidityCheck.Of(transposed);
        Assert.That(check.HasAffineBottomRow, Is.False);
        Assert.That(check.BottomRowError, Is.EqualTo(7));
    }

    [Test]
    public void Angle_between_rotations()
    {
        var a = Matrix4.Rotation(new Vector3(0.3, 1, 0.2), 40);
        var b = Matrix4.Rotation(new Vector3(0.3, 1, 0.2), 40.25) * Matrix4.Translate(new Vector3(100, 0, 0));
        Assert.That(RotationMetrics.AngleBetweenDegrees(a, b), Is.EqualTo(0.25).Within(1e-9));
        Assert.That(RotationMetrics.AngleBetweenDegrees(a, a), Is.EqualTo(0).Within(1e-6));
    }
}

namespace ConformanceKit.Geometry.Transforms;

/// <summary>
/// An affine matrix split as M = T * R * S * H: translation T, proper rotation R (axis and angle), scale S
/// (a negative Z scale stands for a reflection) and unit upper-triangular shear H. The split is the QR
/// factorisation of the 3x3 part by Gram-Schmidt on its columns, so a rigid matrix gives scale (1, 1, 1)
/// and zero shear up to its DS precision.
/// </summary>
public sealed record TransformDecomposition(
    Vector3 Translation,
    Matrix4 Rotation,
    Vector3 RotationAxis,
    double RotationAngleDegrees,
    Vector3 Scale,
    double ShearXY,
    double ShearXZ,
    double ShearYZ)
{
    /// <summary>Whether the 3x3 part mirrors space (det &lt; 0): a RIGID matrix must not (PS3.3 C.20.2.1.2).</summary>
    public bool IsReflection => Scale.Z < 0;

    /// <summary>Largest |scale - 1| over the three axes (0 for a rigid matrix).</summary>
    public double ScaleError => Math.Max(Math.Max(Math.Abs(Scale.X - 1), Math.Abs(Scale.Y - 1)), Math.Abs(Math.Abs(Scale.Z) - 1));

    /// <summary>Largest absolute shear term.</summary>
    public double ShearMagnitude => Math.Max(Math.Max(Math.Abs(ShearXY), Math.Abs(ShearXZ)), Math.Abs(ShearYZ));

    public static TransformDecomposition Of(Matrix4 m)
    {
        Vector3 c0 = m.Column(0), c1 = m.Column(1), c2 = m.Column(2);
        var s0 = c0.Length;
        if (s0 == 0) throw new InvalidOperationException("matrix has a zero first column; it cannot be decomposed");
        var q0 = c0 / s0;
        var u01 = q0.Dot(c1);
        var r1 = c1 - q0 * u01;
        var s1 = r1.Length;
        if (s1 == 0) throw new InvalidOperationException("matrix columns 0 and 1 are parallel; it cannot be decomposed");
        var q1 = r1 / s1;
        double u02 = q0.Dot(c2), u12 = q1.Dot(c2);
        var r2 = c2 - q0 * u02 - q1 * u12;
        var s2 = r2.Length;
        if (s2 == 0) throw new InvalidOperationException("matrix is singular; it cannot be decomposed");
        var q2 = r2 / s2;
        if (q0.Cross(q1).Dot(q2) < 0) { q2 = -q2; s2 = -s2; }
        var rotation = Matrix4.FromColumns(q0, q1, q2, Vector3.Zero);
        var q = UnitQuaternion.FromRotation(rotation);
        return new TransformDecomposition(m.Translation, rotation, q.Axis, q.AngleDegrees,
            new Vector3(s0, s1, s2), u01 / s0, u02 / s0, u12 / s1);
    }
}

/// <summary>How far a matrix is from a proper rigid transform (PS3.3 C.20.2.1.2 RIGID), with the named tolerances.</summary>
public sealed record RigidityCheck(double OrthonormalityError, double Determinant, double BottomRowError, bool Finite)
{
    public static RigidityCheck Of(Matrix4 m) =>
        new(m.IsFinite ? m.OrthonormalityError : double.NaN, m.Determinant3x3, m.BottomRowError, m.IsFinite);

    /// <summary>Orthonormal within DS precision (<see cref="GeometryTolerances.RigidOrthonormality"/>).</summary>
    public bool IsOrthonormal => Finite && OrthonormalityError <= GeometryTolerances.RigidOrthonormality;

    /// <summary>det R within <see cref="GeometryTolerances.RigidDeterminant"/> of +1; near -1 means a reflection.</summary>
    public bool IsProper => Finite && Math.Abs(Determinant - 1) <= GeometryTolerances.RigidDeterminant;

    public bool HasAffineBottomRow => Finite && BottomRowError <= GeometryTolerances.BottomRow;

    /// <summary>A proper rigid transform: rotation + translation, bottom row (0, 0, 0, 1).</summary>
    public bool IsRigid => IsOrthonormal && IsProper && HasAffineBottomRow;
}

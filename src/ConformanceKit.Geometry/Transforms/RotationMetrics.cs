namespace ConformanceKit.Geometry.Transforms;

/// <summary>Angles between rotations.</summary>
public static class RotationMetrics
{
    /// <summary>
    /// The angle (degrees) of the rotation that takes <paramref name="reference"/> to <paramref name="candidate"/>:
    /// theta = arccos((tr(R_ref^T R) - 1) / 2) (reg-profile.md 8.1), computed through a quaternion for accuracy at small angles.
    /// Only the 3x3 parts are used; each is orthonormalised first so DS rounding does not count as rotation.
    /// </summary>
    public static double AngleBetweenDegrees(Matrix4 reference, Matrix4 candidate)
    {
        var a = TransformDecomposition.Of(reference).Rotation;
        var b = TransformDecomposition.Of(candidate).Rotation;
        return UnitQuaternion.FromRotation(a.Transpose() * b).AngleDegrees;
    }
}

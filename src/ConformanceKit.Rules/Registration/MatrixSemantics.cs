using System.Globalization;
using ConformanceKit.Geometry;

namespace ConformanceKit.Rules.Registration;

/// <summary>
/// What a Frame of Reference Transformation Matrix Type promises (PS3.3 C.20.2.1.2): RIGID is a rotation
/// (orthonormal, determinant +1) plus translation; RIGID_SCALE adds a scale per axis (orthogonal columns);
/// AFFINE is any invertible map. All have the last row 0 0 0 1 (C.20.2.1.1).
/// </summary>
public static class MatrixSemantics
{
    // Tolerances are the geometry layer's named ones (GeometryTolerances, with their sources).
    public const double ExactTolerance = GeometryTolerances.BottomRow;
    public const double OrthonormalWarning = GeometryTolerances.RigidOrthonormality;
    public const double OrthonormalError = GeometryTolerances.RigidOrthonormalityGross;
    public const double DeterminantTolerance = GeometryTolerances.RigidDeterminant;

    /// <summary>RIGID_SCALE: |ci . cj| at most this fraction of |ci||cj| (about 0.006 degrees off square).</summary>
    public const double OrthogonalityTolerance = 1e-4;

    /// <summary>AFFINE: a 3x3 part with a larger condition number is treated as singular.</summary>
    public const double MaxConditionNumber = 1e6;

    /// <summary>max |R^T R - I| over the 3x3 part.</summary>
    public static double OrthonormalityError(Matrix4 m) => m.OrthonormalityError;

    public static bool LastRowIsAffine(Matrix4 m) => m.BottomRowError <= ExactTolerance;

    /// <summary>A column-major writer puts the translation in the last row: indices 3, 7, 11 near zero while 12..14 are not.</summary>
    public static bool LooksTransposed(Matrix4 m) =>
        Math.Abs(m[3]) <= ExactTolerance && Math.Abs(m[7]) <= ExactTolerance && Math.Abs(m[11]) <= ExactTolerance &&
        (Math.Abs(m[12]) > ExactTolerance || Math.Abs(m[13]) > ExactTolerance || Math.Abs(m[14]) > ExactTolerance);

    public static bool IsIdentity(Matrix4 m, double tolerance = GeometryTolerances.IdentityMatrix) => m.MaxAbsDifference(Matrix4.Identity) <= tolerance;

    /// <summary>The largest |ci . cj| / (|ci||cj|) over pairs of columns of the 3x3 part.</summary>
    public static double ColumnObliquity(Matrix4 m)
    {
        var c = Columns(m);
        double worst = 0;
        for (var i = 0; i < 3; i++)
            for (var j = i + 1; j < 3; j++)
            {
                var norm = c[i].Length * c[j].Length;
                worst = Math.Max(worst, norm == 0 ? double.PositiveInfinity : Math.Abs(c[i].Dot(c[j])) / norm);
            }
        return worst;
    }

    /// <summary>Condition number of the 3x3 part in the Frobenius norm (infinity when singular).</summary>
    public static double ConditionNumber(Matrix4 m)
    {
        var det = m.Determinant3x3;
        if (Math.Abs(det) < 1e-300) return double.PositiveInfinity;
        Matrix4 inverse;
        try { inverse = m.Inverse(); }
        catch (InvalidOperationException) { return double.PositiveInfinity; }
        return Frobenius3(m) * Frobenius3(inverse);
    }

    public static string Format(Matrix4 m) => string.Join('\\', m.ToArray().Select(v => v.ToString("G10", CultureInfo.InvariantCulture)));

    private static Vector3[] Columns(Matrix4 m) => [m.Column(0), m.Column(1), m.Column(2)];

    private static double Frobenius3(Matrix4 m)
    {
        double s = 0;
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) s += m[i, j] * m[i, j];
        return Math.Sqrt(s);
    }
}

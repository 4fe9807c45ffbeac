using ConformanceKit.Geometry.Transforms;

namespace ConformanceKit.Geometry.Registration;

/// <summary>
/// Closed-form rigid registration of paired points (Horn 1987, unit quaternions): the rotation is the
/// eigenvector of the largest eigenvalue of Horn's 4x4 matrix, which is always a proper rotation (never a
/// reflection, unlike an unconstrained SVD solution), and the translation maps centroid onto centroid.
/// </summary>
public static class PointSetRegistration
{
    /// <summary>The rigid M minimising sum |M a_i - b_i|^2, so that b = M a (fixed = M * moving).</summary>
    public static Matrix4 Rigid(IReadOnlyList<Vector3> moving, IReadOnlyList<Vector3> fixedPoints)
    {
        if (moving.Count != fixedPoints.Count) throw new ArgumentException("point lists differ in length");
        if (moving.Count < 3) throw new ArgumentException("a rigid transform needs at least 3 point pairs");
        var ca = Centroid(moving); var cb = Centroid(fixedPoints);
        double sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0;
        for (var n = 0; n < moving.Count; n++)
        {
            var a = moving[n] - ca; var b = fixedPoints[n] - cb;
            sxx += a.X * b.X; sxy += a.X * b.Y; sxz += a.X * b.Z;
            syx += a.Y * b.X; syy += a.Y * b.Y; syz += a.Y * b.Z;
            szx += a.Z * b.X; szy += a.Z * b.Y; szz += a.Z * b.Z;
        }
        double[,] n4 =
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        var q = LargestEigenvector(n4);
        var r = new UnitQuaternion(q[0], q[1], q[2], q[3]).ToMatrix();
        return r.WithTranslation(cb - r.TransformPoint(ca));
    }

    public static Vector3 Centroid(IReadOnlyList<Vector3> points)
    {
        var sum = Vector3.Zero;
        foreach (var p in points) sum += p;
        return sum / points.Count;
    }

    /// <summary>Cyclic Jacobi rotations on a symmetric 4x4 matrix; returns the eigenvector of the largest eigenvalue.</summary>
    private static double[] LargestEigenvector(double[,] a)
    {
        const int n = 4;
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++) for (var q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off < 1e-30) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    var c = 1 / Math.Sqrt(t * t + 1); var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq; a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk; a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq; v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var best = 0;
        for (var i = 1; i < n; i++) if (a[i, i] > a[best, best]) best = i;
        return [v[0, best], v[1, best], v[2, best], v[3, best]];
    }
}

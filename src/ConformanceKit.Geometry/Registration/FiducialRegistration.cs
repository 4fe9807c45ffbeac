namespace ConformanceKit.Geometry.Registration;

/// <summary>The outcome of fiducial registration: fixed = MovingToFixed * moving, the matched pairs and the fiducial registration error.</summary>
public sealed record FiducialRegistrationResult(
    Matrix4 FixedFromMoving,
    IReadOnlyList<(Vector3 Moving, Vector3 Fixed)> Pairs,
    double RmsResidualMm,
    double MaxResidualMm);

/// <summary>
/// Rigid registration from two unpaired sets of fiducial centres. Correspondence is found by hypothesis and
/// test: a well-spread triangle of moving points is matched against every fixed triangle with the same side
/// lengths (rigid motions keep distances), each candidate transform is scored by how many moving points land
/// on a fixed point, and the best one is refitted on all its pairs with <see cref="PointSetRegistration"/>.
/// </summary>
public static class FiducialRegistration
{
    /// <summary>Distance (mm) within which a mapped moving fiducial is taken to be a fixed one.</summary>
    public const double MatchToleranceMm = 3.0;

    public static FiducialRegistrationResult Register(IReadOnlyList<Vector3> fixedPoints, IReadOnlyList<Vector3> movingPoints, double toleranceMm = MatchToleranceMm)
    {
        if (fixedPoints.Count < 3 || movingPoints.Count < 3)
            throw new InvalidOperationException($"fiducial registration needs at least 3 fiducials in each set (fixed {fixedPoints.Count}, moving {movingPoints.Count})");
        var (a, b, c) = SpreadTriangle(movingPoints);
        double dab = movingPoints[a].DistanceTo(movingPoints[b]), dac = movingPoints[a].DistanceTo(movingPoints[c]), dbc = movingPoints[b].DistanceTo(movingPoints[c]);
        List<(Vector3, Vector3)>? bestPairs = null;
        double bestResidual = double.MaxValue;
        var n = fixedPoints.Count;
        for (var x = 0; x < n; x++)
            for (var y = 0; y < n; y++)
            {
                if (y == x || Math.Abs(fixedPoints[x].DistanceTo(fixedPoints[y]) - dab) > toleranceMm) continue;
                for (var z = 0; z < n; z++)
                {
                    if (z == x || z == y) continue;
                    if (Math.Abs(fixedPoints[x].DistanceTo(fixedPoints[z]) - dac) > toleranceMm || Math.Abs(fixedPoints[y].DistanceTo(fixedPoints[z]) - dbc) > toleranceMm) continue;
                    var m = PointSetRegistration.Rigid([movingPoints[a], movingPoints[b], movingPoints[c]], [fixedPoints[x], fixedPoints[y], fixedPoints[z]]);
                    var pairs = Pair(m, fixedPoints, movingPoints, toleranceMm, out var residual);
                    if (bestPairs is null || pairs.Count > bestPairs.Count || pairs.Count == bestPairs.Count && residual < bestResidual)
                    {
                        bestPairs = pairs; bestResidual = residual;
                    }
                }
            }
        if (bestPairs is null || bestPairs.Count < 3)
            throw new InvalidOperationException("no consistent correspondence between the fixed and moving fiducials was found");
        var fit = PointSetRegistration.Rigid(bestPairs.Select(p => p.Item1).ToList(), bestPairs.Select(p => p.Item2).ToList());
        var final = Pair(fit, fixedPoints, movingPoints, toleranceMm, out _);
        if (final.Count >= bestPairs.Count) fit = PointSetRegistration.Rigid(final.Select(p => p.Item1).ToList(), final.Select(p => p.Item2).ToList());
        else final = bestPairs;
        var residuals = final.Select(p => fit.TransformPoint(p.Item1).DistanceTo(p.Item2)).ToList();
        return new FiducialRegistrationResult(fit, final, Math.Sqrt(residuals.Average(r => r * r)), residuals.Max());
    }

    /// <summary>One-to-one pairs: each moving point with the nearest unused fixed point within tolerance.</summary>
    private static List<(Vector3, Vector3)> Pair(Matrix4 m, IReadOnlyList<Vector3> fixedPoints, IReadOnlyList<Vector3> movingPoints, double tol, out double residual)
    {
        var used = new bool[fixedPoints.Count];
        var pairs = new List<(Vector3, Vector3)>();
        residual = 0;
        foreach (var mp in movingPoints)
        {
            var q = m.TransformPoint(mp);
            int best = -1; var bestD = tol;
            for (var f = 0; f < fixedPoints.Count; f++)
                if (!used[f] && q.DistanceTo(fixedPoints[f]) is var d && d <= bestD) { best = f; bestD = d; }
            if (best < 0) continue;
            used[best] = true;
            pairs.Add((mp, fixedPoints[best]));
            residual += bestD;
        }
        return pairs;
    }

    /// <summary>Three points far apart and far from collinear: first, the farthest from it, the farthest from their line.</summary>
    private static (int, int, int) SpreadTriangle(IReadOnlyList<Vector3> p)
    {
        var a = 0;
        var b = Enumerable.Range(0, p.Count).MaxBy(i => p[i].DistanceTo(p[a]));
        var axis = (p[b] - p[a]).Normalized();
        var c = Enumerable.Range(0, p.Count).Where(i => i != a && i != b).MaxBy(i => ((p[i] - p[a]) - axis * (p[i] - p[a]).Dot(axis)).Length);
        return (a, b, c);
    }
}

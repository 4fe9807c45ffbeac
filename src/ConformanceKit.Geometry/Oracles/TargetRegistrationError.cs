using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Oracles;

/// <summary>Distances |M p - M_ref p| over a point set: mean, max and 95th percentile (mm), with each point's error.</summary>
public sealed record TargetRegistrationError(double MeanMm, double MaxMm, double P95Mm, IReadOnlyList<double> ErrorsMm, IReadOnlyList<Vector3> Points)
{
    /// <summary>
    /// Errors of <paramref name="candidate"/> against <paramref name="truth"/> at <paramref name="pointsInMovingFrame"/>
    /// (both matrices map the moving frame into the fixed one). Since the error of an affine map is affine in p,
    /// its maximum over the moving bounding box is reached at a corner (reg-profile.md 8.1).
    /// </summary>
    public static TargetRegistrationError Measure(Matrix4 truth, Matrix4 candidate, IReadOnlyList<Vector3> pointsInMovingFrame)
    {
        if (pointsInMovingFrame.Count == 0) throw new ArgumentException("no test points");
        var errors = pointsInMovingFrame.Select(p => candidate.TransformPoint(p).DistanceTo(truth.TransformPoint(p))).ToList();
        var sorted = errors.Order().ToList();
        // 95th percentile by linear interpolation between order statistics
        var rank = 0.95 * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var p95 = sorted[lo] + (rank - lo) * (sorted[Math.Min(lo + 1, sorted.Count - 1)] - sorted[lo]);
        return new TargetRegistrationError(errors.Average(), sorted[^1], p95, errors, pointsInMovingFrame);
    }

    /// <summary>The 8 corners and the centre of the moving volume's grid, plus any fiducials (all in the moving frame).</summary>
    public static IReadOnlyList<Vector3> TestPoints(VolumeGeometry movingGrid, IEnumerable<Vector3>? fiducialsInMovingFrame = null) =>
        [.. movingGrid.Corners, movingGrid.Centre, .. fiducialsInMovingFrame ?? []];
}

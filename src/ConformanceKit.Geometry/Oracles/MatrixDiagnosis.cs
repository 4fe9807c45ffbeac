using System.Globalization;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Transforms;

namespace ConformanceKit.Geometry.Oracles;

/// <summary>What a registration matrix is, judged against the truth.</summary>
public enum MatrixVerdict
{
    /// <summary>Within tolerance of the true transform.</summary>
    Correct,
    /// <summary>The inverse of the truth: fixed -> moving instead of moving -> fixed (SlicerRT issue 108 family).</summary>
    Inverted,
    /// <summary>Written column-major: the full transpose (translation in the bottom row), or the rotation transposed with the translation kept.</summary>
    Transposed,
    /// <summary>An LPS <-> RAS conversion (diag(-1,-1,1)) applied on both sides, or on one side only (a reflection).</summary>
    LpsRasFlip,
    /// <summary>Translation in centimetres instead of millimetres (or ten times too large).</summary>
    CentimetresForMillimetres,
    /// <summary>The identity and the real matrix attached to the wrong registration items (SRO-level diagnosis only).</summary>
    SwappedItems,
    /// <summary>The right rotation with the translation of the inverse transform, -R^T t (reg-profile.md 8.3).</summary>
    InverseTranslationOnly,
    /// <summary>Wrong, and none of the known mistakes explains it.</summary>
    Unexplained,
}

/// <summary>One mistake hypothesis and how well it explains the candidate: the largest point residual and the rotation residual.</summary>
public sealed record MatrixHypothesis(MatrixVerdict Verdict, string Variant, Matrix4 Predicted, double MaxResidualMm, double RotationResidualDegrees, double MaxElementResidual);

/// <summary>A named verdict with the numbers behind it, for the Rules layer to turn into a finding.</summary>
public sealed record MatrixDiagnosis(
    MatrixVerdict Verdict,
    string Summary,
    TargetRegistrationError Error,
    double RotationErrorDegrees,
    MatrixHypothesis? Match,
    IReadOnlyList<MatrixHypothesis> Hypotheses,
    double ToleranceMm);

/// <summary>
/// Names the usual registration-matrix mistakes (reg-profile.md 6 and 8.3). Each hypothesis predicts what a
/// candidate would look like if the writer made that mistake with the true matrix; the candidate is compared
/// with each prediction at the test points (moving bounding-box corners, centre and fiducials), and the verdict
/// is the hypothesis that explains it within the tolerance. The truth is tried first, so a correct matrix is
/// never blamed even when a mistake happens to leave it unchanged (e.g. a zero translation in cm).
/// </summary>
public static class MatrixDiagnostician
{
    /// <summary>Element tolerance for the full transpose (bottom row carries the translation): six-decimal DS rounding is 5e-7.</summary>
    public const double TransposedElementTolerance = 1e-5;

    private static readonly Matrix4 Flip = Matrix4.Scale(-1, -1, 1);

    /// <param name="truth">true fixed <- moving matrix</param>
    /// <param name="candidate">the matrix to judge (same direction)</param>
    /// <param name="testPointsInMovingFrame">see <see cref="TargetRegistrationError.TestPoints"/></param>
    /// <param name="toleranceMm">largest point residual for a match; default <see cref="GeometryTolerances.DiagnosisMatchMm"/></param>
    public static MatrixDiagnosis Diagnose(Matrix4 truth, Matrix4 candidate, IReadOnlyList<Vector3> testPointsInMovingFrame, double toleranceMm = GeometryTolerances.DiagnosisMatchMm)
    {
        var error = TargetRegistrationError.Measure(truth, candidate, testPointsInMovingFrame);
        var rotationError = SafeAngle(truth, candidate);
        var r = truth.Linear; var t = truth.Translation;
        var hypotheses = new List<MatrixHypothesis>
        {
            Test(MatrixVerdict.Correct, "as stated", truth, candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.Inverted, "inverse of the truth", truth.Inverse(), candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.Transposed, "rotation transposed, translation kept", r.Transpose().WithTranslation(t), candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.LpsRasFlip, "diag(-1,-1,1) on both sides", Flip * truth * Flip, candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.LpsRasFlip, "diag(-1,-1,1) on the fixed side only", Flip * truth, candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.LpsRasFlip, "diag(-1,-1,1) on the moving side only", truth * Flip, candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.CentimetresForMillimetres, "translation in cm (1/10)", r.WithTranslation(t / 10), candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.CentimetresForMillimetres, "translation x10", r.WithTranslation(t * 10), candidate, testPointsInMovingFrame),
            Test(MatrixVerdict.InverseTranslationOnly, "rotation kept, translation -R^T t", r.WithTranslation(-r.Transpose().TransformVector(t)), candidate, testPointsInMovingFrame),
        };
        // Full transpose: translation in indices 12..14, bottom row not (0,0,0,1): compare all 16 elements.
        var transposed = truth.Transpose();
        var elementResidual = transposed.MaxAbsDifference(candidate);
        hypotheses.Add(new MatrixHypothesis(MatrixVerdict.Transposed, "full transpose (column-major), translation in the bottom row", transposed,
            elementResidual <= TransposedElementTolerance ? 0 : double.PositiveInfinity, SafeAngle(transposed, candidate), elementResidual));

        var correct = hypotheses[0];
        MatrixHypothesis? match = correct.MaxResidualMm <= toleranceMm && candidate.BottomRowError <= GeometryTolerances.BottomRow
            ? correct
            : hypotheses.Skip(1).Where(h => h.MaxResidualMm <= toleranceMm).MinBy(h => h.MaxResidualMm);
        var verdict = match?.Verdict ?? MatrixVerdict.Unexplained;
        var summary = verdict switch
        {
            MatrixVerdict.Correct => F($"matrix matches the truth: TRE max {error.MaxMm:0.###} mm, rotation error {rotationError:0.####} deg"),
            MatrixVerdict.Unexplained => F($"matrix is wrong and matches no known mistake: TRE mean {error.MeanMm:0.##} / max {error.MaxMm:0.##} mm, rotation error {rotationError:0.###} deg"),
            _ => F($"{verdict}: {match!.Variant} explains the matrix (residual {Finite(match.MaxResidualMm):0.####} mm); against the truth TRE max {error.MaxMm:0.##} mm, rotation error {rotationError:0.###} deg"),
        };
        return new MatrixDiagnosis(verdict, summary, error, rotationError, match, hypotheses, toleranceMm);
    }

    /// <summary>
    /// SRO-level diagnosis: adds the swapped-items check (the moving item carries the identity and the base item the
    /// true matrix, or the FoR UIDs are exchanged between items), then judges the moving -> base transform the SRO states.
    /// </summary>
    public static MatrixDiagnosis Diagnose(Matrix4 truth, SpatialRegistration sro, string baseFrameOfReferenceUid, string movingFrameOfReferenceUid,
        IReadOnlyList<Vector3> testPointsInMovingFrame, double toleranceMm = GeometryTolerances.DiagnosisMatchMm)
    {
        var stated = sro.TransformBetween(movingFrameOfReferenceUid, baseFrameOfReferenceUid)
            ?? throw new InvalidOperationException($"the SRO relates no transform from {movingFrameOfReferenceUid} to {baseFrameOfReferenceUid}");
        var diagnosis = Diagnose(truth, stated, testPointsInMovingFrame, toleranceMm);
        if (diagnosis.Verdict == MatrixVerdict.Correct) return diagnosis;
        var movingItem = sro.ItemFor(movingFrameOfReferenceUid)?.Transform;
        var baseItem = sro.ItemFor(baseFrameOfReferenceUid)?.Transform;
        if (movingItem is null || baseItem is null) return diagnosis;
        var identityOnMoving = movingItem.MaxAbsDifference(Matrix4.Identity) <= GeometryTolerances.IdentityMatrix * 1000;
        var residual = TargetRegistrationError.Measure(truth, baseItem, testPointsInMovingFrame).MaxMm;
        if (!identityOnMoving || residual > toleranceMm) return diagnosis;
        var swapped = new MatrixHypothesis(MatrixVerdict.SwappedItems, "identity on the moving item, the true matrix on the base item", baseItem, residual, SafeAngle(truth, baseItem), baseItem.MaxAbsDifference(truth));
        return diagnosis with
        {
            Verdict = MatrixVerdict.SwappedItems,
            Match = swapped,
            Hypotheses = [.. diagnosis.Hypotheses, swapped],
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"SwappedItems: the item for the base FoR carries the true matrix (residual {residual:0.####} mm) and the moving item the identity; as read, the SRO is off by TRE max {diagnosis.Error.MaxMm:0.##} mm"),
        };
    }

    private static MatrixHypothesis Test(MatrixVerdict verdict, string variant, Matrix4 predicted, Matrix4 candidate, IReadOnlyList<Vector3> points) =>
        new(verdict, variant, predicted, TargetRegistrationError.Measure(predicted, candidate, points).MaxMm, SafeAngle(predicted, candidate), predicted.MaxAbsDifference(candidate));

    private static double SafeAngle(Matrix4 a, Matrix4 b)
    {
        try { return RotationMetrics.AngleBetweenDegrees(a, b); }
        catch (InvalidOperationException) { return double.NaN; }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;
}

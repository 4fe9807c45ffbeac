using System.Globalization;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Catalogue;

namespace ConformanceKit.Rules.Display;

/// <summary>A marker the display was shown at a known point of the moving set, and where it says the point lies in the base set (reg-profile.md 8.6).</summary>
public sealed record PointObservation(string Label, Vector3 MovingPoint, Vector3 ReportedBasePoint);

/// <summary>Whether a display fused two Frames of Reference, and whether a registration between them was available to it.</summary>
public sealed record FusionObservation(string BaseFrameOfReferenceUid, string OtherFrameOfReferenceUid, bool Fused, bool RegistrationAvailable, bool UserInitiated = false);

/// <summary>
/// The REG-DSP rules judged on what a Registered Display reports: marker positions against the true
/// transform (and its inverse, to name the direction mistake), fusion without registration, acceptance.
/// </summary>
public static class DisplayChecks
{
    /// <summary>Marker position tolerance: 1 mm plus half the coarser voxel of the two sets (reg-profile.md 8.6).</summary>
    public const double BaseToleranceMm = 1.0;

    public static double Tolerance(double coarserVoxelMm) => BaseToleranceMm + coarserVoxelMm / 2;

    /// <summary>
    /// Reported base points must equal baseFromMoving applied to the moving points within <paramref name="toleranceMm"/>.
    /// <paramref name="rule"/> says what the observation tests (REG-DSP-001, -002, -004, -005 or -006); when the
    /// points match the inverse transform instead, the finding says so.
    /// </summary>
    public static void CheckPoints(RuleDefinition rule, Matrix4 baseFromMoving, IEnumerable<PointObservation> points, double toleranceMm, ObjectFindings f)
    {
        var inverse = baseFromMoving.Inverse();
        foreach (var p in points)
        {
            var expected = baseFromMoving.TransformPoint(p.MovingPoint);
            var error = expected.DistanceTo(p.ReportedBasePoint);
            if (error <= toleranceMm) continue;
            var inverted = inverse.TransformPoint(p.MovingPoint).DistanceTo(p.ReportedBasePoint) <= toleranceMm;
            f.Report(rule, p.Label, inverted ? "the display applied the inverse registration (base to moving)" : "marker shown at the wrong place",
                found: $"{p.ReportedBasePoint} ({Mm(error)} off)", expected: $"{expected} within {Mm(toleranceMm)}");
        }
    }

    /// <summary>REG-DSP-003: no fusion across Frames of Reference without a registration (or an explicit, user-initiated one).</summary>
    public static void CheckFusion(IEnumerable<FusionObservation> observations, ObjectFindings f)
    {
        foreach (var o in observations)
            if (o.Fused && o.BaseFrameOfReferenceUid != o.OtherFrameOfReferenceUid && !o.RegistrationAvailable && !o.UserInitiated)
                f.Report(DisplayRules.NoUnregisteredFusion, "", "data of different Frames of Reference fused without a registration",
                    found: $"{o.OtherFrameOfReferenceUid} fused onto {o.BaseFrameOfReferenceUid}", expected: "no fusion, or an SRO relating them");
    }

    /// <summary>REG-DSP-005 (MMRO-III): a registration whose base is not CT is accepted.</summary>
    public static void CheckNonCtPrimaryAccepted(string baseModality, bool accepted, string? reason, ObjectFindings f)
    {
        if (accepted || baseModality == "CT") return;
        f.Report(DisplayRules.NonCtPrimary, "", $"registration with a {baseModality} base was refused", found: reason ?? "refused", expected: "accepted and displayed");
    }

    private static string Mm(double v) => v.ToString("0.##", CultureInfo.InvariantCulture) + " mm";
}

using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Sets;
using static ConformanceKit.Rules.Catalogue.ImageRules;

namespace ConformanceKit.Rules.Images;

/// <summary>The REG-IMG rules one image decides alone (reg-profile.md 7.2).</summary>
public static class ImageObjectRules
{
    /// <summary>Direction cosines: unit length and orthogonality (GeometryTolerances.DirectionCosine, white paper [W-geom]).</summary>
    public const double DirectionCosineTolerance = GeometryTolerances.DirectionCosine;

    /// <summary>Axial CT: within this of (+-1,0,0,0,+-1,0), about 0.057 degrees (test tool ImageOrientationPatientRule).</summary>
    public const double AxialTolerance = GeometryTolerances.AxialOrientation;

    /// <summary>Isotropic pixels: row and column spacing equal within this many mm (well below any real anisotropy).</summary>
    public const double IsotropyToleranceMm = 1e-6;

    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static readonly HashSet<string> RegPositions = new(["HFS", "FFS", "HFP", "FFP"], StringComparer.Ordinal);

    /// <summary>The image classes a registration may reference: CT, MR, PET (reg-profile.md 2.2), enhanced forms included.</summary>
    public static readonly IReadOnlySet<string> RegistrableImageClasses = new HashSet<string>([
        CtImageStorage, "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.2.2",
        "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.4.4",
        "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.130", "1.2.840.10008.5.1.4.1.1.128.1",
    ], StringComparer.Ordinal);

    /// <summary>Runs on CT, MR and PET images (the images a registration uses).</summary>
    public static void Check(ObjectSummary image, ObjectFindings f)
    {
        if (image.Geometry is not { } g || image.SopClassUid is null || !RegistrableImageClasses.Contains(image.SopClassUid)) return;
        var root = AttributePath.Root;
        if (g.Position is null)
            f.Report(PlaneAttributes, root.Child(DicomTags.ImagePositionPatient), "Image Position (Patient) missing or not 3 numbers", expected: "x\\y\\z in mm");
        if (g.Row is null || g.Column is null)
            f.Report(PlaneAttributes, root.Child(DicomTags.ImageOrientationPatient), "Image Orientation (Patient) missing or not 6 numbers", expected: "6 direction cosines");
        if (g.PixelSpacing is not { Length: 2 } ps || ps[0] <= 0 || ps[1] <= 0)
            f.Report(PlaneAttributes, root.Child(DicomTags.PixelSpacing), "Pixel Spacing missing, not 2 numbers or not positive",
                found: g.PixelSpacing is null ? "(absent)" : string.Join('\\', g.PixelSpacing.Select(Num)), expected: "row spacing\\column spacing > 0");

        if (g.Row is { } r && g.Column is { } c)
        {
            var worst = Math.Max(Math.Abs(r.Length - 1), Math.Max(Math.Abs(c.Length - 1), Math.Abs(r.Dot(c))));
            if (worst > DirectionCosineTolerance)
                f.Report(OrientationOrthonormal, root.Child(DicomTags.ImageOrientationPatient), "row and column direction cosines must be orthonormal",
                    found: $"|r| = {Num(r.Length)}, |c| = {Num(c.Length)}, r.c = {Num(r.Dot(c))}", expected: $"1, 1, 0 within {Num(DirectionCosineTolerance)}");
            if (image.SopClassUid == CtImageStorage && f.Mode.IsProfile())
            {
                var axial = Math.Abs(Math.Abs(r.X) - 1) <= AxialTolerance && Math.Abs(r.Y) <= AxialTolerance && Math.Abs(r.Z) <= AxialTolerance &&
                            Math.Abs(c.X) <= AxialTolerance && Math.Abs(Math.Abs(c.Y) - 1) <= AxialTolerance && Math.Abs(c.Z) <= AxialTolerance;
                if (!axial)
                    f.Report(AxialCt, root.Child(DicomTags.ImageOrientationPatient), "CT images must be axial",
                        found: $"{Vec(r)}\\{Vec(c)}", expected: $"(+-1,0,0,0,+-1,0) within {Num(AxialTolerance)}");
            }
        }
        if (image.SopClassUid == CtImageStorage && f.Mode.IsProfile())
        {
            if (g.ImageType.Count < 3 || g.ImageType[2] != "AXIAL")
                f.Report(AxialCt, root.Child(DicomTags.ImageType), "Image Type value 3 must be AXIAL",
                    found: string.Join('\\', g.ImageType), expected: "ORIGINAL|DERIVED\\PRIMARY|SECONDARY\\AXIAL");
            if (g.PixelSpacing is { Length: 2 } sp && Math.Abs(sp[0] - sp[1]) > IsotropyToleranceMm)
                f.Report(IsotropicCt, root.Child(DicomTags.PixelSpacing), "anisotropic CT pixels are out of the profile's scope",
                    found: $"{Num(sp[0])}\\{Num(sp[1])}", expected: "equal row and column spacing");
        }
        // PET (and NM) state the position with Patient Orientation Code Sequence instead (PS3.3 C.8.4.6); Patient Position is then absent.
        if (f.Mode.IsProfile() && !(g.PatientPosition is null && g.HasOrientationCode) && (g.PatientPosition is null || !RegPositions.Contains(g.PatientPosition)))
            f.Report(PatientPosition, root.Child(DicomTags.PatientPosition), "the profile's data sets use HFS, FFS, HFP or FFP",
                found: g.PatientPosition ?? "(absent)", expected: "HFS, FFS, HFP or FFP");
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    private static string Vec(Vector3 v) => $"{Num(v.X)}\\{Num(v.Y)}\\{Num(v.Z)}";
}

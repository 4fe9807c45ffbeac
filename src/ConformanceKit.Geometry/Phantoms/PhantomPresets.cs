namespace ConformanceKit.Geometry.Phantoms;

/// <summary>Grid sizes: in-plane matrix and spacing chosen so every size covers the phantom in any orientation.</summary>
public enum PhantomSize { Tiny, Small, Medium, Large }

/// <summary>Options that change a preset: patient position, slice orientation of the moving series, anisotropic pixels, size, slice count, hybrid FoR sharing.</summary>
public sealed record PhantomOptions(
    PatientPosition? Position = null,
    SliceOrientation? Orientation = null,
    bool AnisotropicPixels = false,
    PhantomSize? Size = null,
    int? Slices = null,
    bool? Hybrid = null,
    string? StructureSetOn = null,
    string? DoseOn = null,
    bool? Noise = null);

/// <summary>
/// Named phantom sets. "mmro2" reproduces the IHE-RO MMRO-II NonHybrid data geometry (reg-profile.md 5.2): CT base
/// 512x512x250 at 1.3671875 mm; MR rotated 5 degrees about z through the origin; PET rotated 5 degrees about an axis
/// parallel to y through (0, y, -175) mm. The others are small sets for fast tests.
/// </summary>
public static class PhantomPresets
{
    /// <summary>CT <- MR of the IHE-RO MMRO-II data: x' = c x + s y, y' = -s x + c y (REG2CTMR.dcm), at full precision.</summary>
    public static Matrix4 Mmro2CtFromMr => Matrix4.Rotation(Vector3.UnitZ, -5);

    /// <summary>CT <- PET of the IHE-RO MMRO-II data: 5 degrees about the axis parallel to y through (0, y, -175) (REG2CTPT.dcm).</summary>
    public static Matrix4 Mmro2CtFromPet => Matrix4.Rotation(Vector3.UnitY, -5, new Vector3(0, 0, -175));

    /// <summary>A general rigid transform (oblique axis, off-centre, with translation) so that every matrix mistake shows.</summary>
    public static Matrix4 GeneralCtFromMr => Matrix4.Rotation(new Vector3(0.2, 0.3, 1), 7, new Vector3(10, -5, 20)) * Matrix4.Translate(new Vector3(4, -6, 3));

    public static IReadOnlyList<string> Names { get; } = ["tiny", "small", "mmro2", "mmro2-small", "hybrid", "ct-ct"];

    public static PhantomSpec Get(string name, PhantomOptions? options = null)
    {
        var o = options ?? new PhantomOptions();
        return name switch
        {
            "tiny" => Build(name, o, PhantomSize.Tiny, [("CT", GridOf(PhantomSize.Tiny, "CT")), ("MR", GridOf(PhantomSize.Tiny, "MR"))], GeneralCtFromMr, Mmro2CtFromPet, false),
            "small" => Build(name, o, PhantomSize.Small, [("CT", GridOf(PhantomSize.Small, "CT")), ("MR", GridOf(PhantomSize.Small, "MR")), ("PT", GridOf(PhantomSize.Small, "PT"))], GeneralCtFromMr, Mmro2CtFromPet, false),
            "hybrid" => Build(name, o, PhantomSize.Small, [("CT", GridOf(PhantomSize.Small, "CT")), ("MR", GridOf(PhantomSize.Small, "MR")), ("PT", GridOf(PhantomSize.Small, "PT"))], GeneralCtFromMr, Matrix4.Identity, true),
            "mmro2" => Build(name, o with { Orientation = o.Orientation ?? SliceOrientation.Oblique }, PhantomSize.Large,
                [("CT", new Grid(512, 1.3671875, 250, 2)), ("MR", new Grid(256, 1.5, 200, 1)), ("PT", new Grid(144, 4, 100, 5))], Mmro2CtFromMr, Mmro2CtFromPet, false),
            "mmro2-small" => Build(name, o, PhantomSize.Small,
                [("CT", GridOf(PhantomSize.Small, "CT")), ("MR", GridOf(PhantomSize.Small, "MR")), ("PT", GridOf(PhantomSize.Small, "PT"))], Mmro2CtFromMr, Mmro2CtFromPet, false),
            "ct-ct" => SecondCt(o),
            _ => throw new ArgumentException($"unknown phantom preset '{name}'; presets: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// Connectathon datasets 2-4 (reg-profile.md 5.1): a planning CT acquired head first-supine (base) and a second CT
    /// ("CT2", its own Frame of Reference, the general rigid transform) acquired in the options' Patient Position
    /// (default HFP). The RT Structure Set is drawn on the second CT, the RT Dose on the planning CT.
    /// </summary>
    private static PhantomSpec SecondCt(PhantomOptions o)
    {
        var size = o.Size ?? PhantomSize.Small;
        var grid = GridOf(size, "CT");
        if (o.Slices is { } n && n > 0) grid = grid with { Slices = n };
        var columnSpacing = o.AnisotropicPixels ? grid.Spacing * 0.8 : grid.Spacing;
        var columns = o.AnisotropicPixels ? (int)Math.Round(grid.Matrix / 0.8) : grid.Matrix;
        var position = o.Position ?? PatientPosition.HFP;
        var planning = new PhantomSeriesSpec("CT", "CT", Matrix4.Identity, PatientPosition.HFS, SliceOrientation.Axial,
            columns, grid.Matrix, grid.Slices, columnSpacing, grid.Spacing, grid.SliceSpacing);
        var second = new PhantomSeriesSpec("CT", "CT2", GeneralCtFromMr, position, o.Orientation ?? SliceOrientation.Axial,
            columns, grid.Matrix, grid.Slices, columnSpacing, grid.Spacing, grid.SliceSpacing) { SeriesKey = "CT2" };
        return new PhantomSpec($"ct-ct-{position.ToString().ToLowerInvariant()}", PhantomModel.Default, [planning, second],
            o.StructureSetOn ?? "CT2", o.DoseOn ?? "CT", true, o.Noise ?? true);
    }

    private readonly record struct Grid(int Matrix, double Spacing, int Slices, double SliceSpacing);

    /// <summary>In-plane field of view about 264 mm and through-plane coverage about 240 mm: holds the 200 x 150 x 160 mm phantom in any orientation.</summary>
    private static Grid GridOf(PhantomSize size, string modality) => (size, modality) switch
    {
        (PhantomSize.Tiny, _) => new Grid(48, 5.5, 44, 5.5),
        (PhantomSize.Small, "PT") => new Grid(66, 4, 60, 4),
        (PhantomSize.Small, _) => new Grid(96, 2.75, 88, 2.75),
        (PhantomSize.Medium, "PT") => new Grid(128, 2.0625, 120, 2),
        (PhantomSize.Medium, _) => new Grid(256, 1.03125, 120, 2),
        (_, "PT") => new Grid(144, 1.84, 120, 2),
        _ => new Grid(512, 0.515625, 120, 2),
    };

    private static PhantomSpec Build(string name, PhantomOptions o, PhantomSize defaultSize, (string Modality, Grid Grid)[] series, Matrix4 mrTransform, Matrix4 petTransform, bool hybridDefault)
    {
        var hybrid = o.Hybrid ?? hybridDefault;
        var list = new List<PhantomSeriesSpec>();
        foreach (var (modality, presetGrid) in series)
        {
            var grid = o.Size is { } size && size != defaultSize ? GridOf(size, modality) : presetGrid;
            if (o.Slices is { } n && n > 0) grid = grid with { Slices = n };
            var isBase = list.Count == 0;
            var (forKey, transform) = modality switch
            {
                "MR" => ("MR", mrTransform),
                "PT" when hybrid => ("CT", Matrix4.Identity),
                "PT" => ("PT", petTransform),
                _ => (modality, Matrix4.Identity),
            };
            // Anisotropic pixels: columns closer together than rows (PS3.3 10.7.1.3 order matters; reg-profile.md 6.4).
            var columnSpacing = o.AnisotropicPixels ? grid.Spacing * 0.8 : grid.Spacing;
            var columns = o.AnisotropicPixels ? (int)Math.Round(grid.Matrix / 0.8) : grid.Matrix;
            list.Add(new PhantomSeriesSpec(modality, forKey, transform, o.Position ?? PatientPosition.HFS,
                isBase ? SliceOrientation.Axial : o.Orientation ?? SliceOrientation.Axial,
                columns, grid.Matrix, grid.Slices, columnSpacing, grid.Spacing, grid.SliceSpacing));
        }
        return new PhantomSpec(name, PhantomModel.Default, list,
            o.StructureSetOn ?? "CT", o.DoseOn ?? "CT", true, o.Noise ?? true);
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Reports.Images;
using ConformanceKit.Reports.Views;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Sections;

/// <summary>
/// Fusion previews of a step that compared a resampled series from the SUT with the reference resampler's
/// output (check-resampled, reg-profile.md 8.4): on three orthogonal planes through the grid centre, a
/// checkerboard of the two (misregistration shows as broken edges between squares) and their difference
/// (mid grey is zero; dark and light are negative and positive). The step's objects say which is which:
/// objects whose origin is "reference" are the reference resampler's series, the other image series with
/// the same grid is the SUT's. Images are downsampled to <see cref="MaxSide"/> pixels to keep the report small.
/// </summary>
public sealed class FusionPreviews(RunFolderFiles files)
{
    public const string ReferenceOrigin = ConformanceKit.Scenarios.Steps.Kinds.CheckResampledKind.ReferenceOrigin;

    /// <summary>Longest side of a preview image, pixels: about 15 kB per PNG, six per comparison.</summary>
    public const int MaxSide = 192;

    /// <summary>Squares per side of the checkerboard.</summary>
    public const int CheckerSquares = 8;

    public FusionView? Build(ScenarioResult scenario, string scenarioAnchor, StepResult step)
    {
        var reference = Series(step.Objects.Where(o => o.Origin == ReferenceOrigin));
        var candidates = Series(step.Objects.Where(o => o.Origin != ReferenceOrigin));
        if (reference.Count == 0 || candidates.Count == 0) return null;
        FusionView View(IReadOnlyList<FusionPlaneView> planes, string note) => new()
        {
            ScenarioId = scenario.Id, ScenarioAnchor = scenarioAnchor, StepId = step.Id,
            Title = $"{scenario.Id} {step.Id}: SUT output against the reference resampler", Planes = planes, Note = note,
        };
        LoadedSeries refSeries, sutSeries;
        try
        {
            refSeries = DicomVolumeReader.Read(reference[0], "reference", minimumSlices: 1);
            sutSeries = DicomVolumeReader.Read(candidates[0], "SUT output", minimumSlices: 1);
        }
        catch (Exception e) when (e is GeometryException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return View([], $"no preview: {e.Message}");
        }
        var a = sutSeries.Volume;
        var b = refSeries.Volume;
        var ga = a.Geometry;
        var gb = b.Geometry;
        if (ga.Columns != gb.Columns || ga.Rows != gb.Rows || ga.Slices != gb.Slices || ga.Origin.DistanceTo(gb.Origin) > 0.5)
            return View([], $"no preview: the SUT's grid ({ga.Columns}x{ga.Rows}x{ga.Slices}) is not the reference grid ({gb.Columns}x{gb.Rows}x{gb.Slices})");
        var planes = new List<FusionPlaneView>
        {
            Plane(a, b, Axis.Slice),
            Plane(a, b, Axis.Row),
            Plane(a, b, Axis.Column),
        };
        return View(planes, "");
    }

    private enum Axis { Slice, Row, Column }

    /// <summary>The central plane perpendicular to <paramref name="fixedAxis"/>, as checkerboard and difference images.</summary>
    private static FusionPlaneView Plane(ImageVolume sut, ImageVolume reference, Axis fixedAxis)
    {
        var g = reference.Geometry;
        // (u, v) run along the two other index axes; physical sizes give the aspect ratio.
        var (nu, nv, su, sv) = fixedAxis switch
        {
            Axis.Slice => (g.Columns, g.Rows, g.ColumnSpacing, g.RowSpacing),
            Axis.Row => (g.Columns, g.Slices, g.ColumnSpacing, g.SliceSpacing),
            _ => (g.Rows, g.Slices, g.RowSpacing, g.SliceSpacing),
        };
        int ic = g.Columns / 2, jc = g.Rows / 2, kc = g.Slices / 2;
        (int, int, int) Index(int u, int v) => fixedAxis switch
        {
            Axis.Slice => (u, v, kc),
            Axis.Row => (u, jc, v),
            _ => (ic, u, v),
        };
        double physicalU = nu * Math.Abs(su), physicalV = nv * Math.Abs(sv);
        var scale = MaxSide / Math.Max(physicalU, physicalV);
        var width = Math.Max(1, (int)Math.Round(physicalU * scale));
        var height = Math.Max(1, (int)Math.Round(physicalV * scale));

        var sutPlane = new double[width * height];
        var refPlane = new double[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var u = Math.Min(nu - 1, (int)((x + 0.5) / width * nu));
                var v = Math.Min(nv - 1, (int)((y + 0.5) / height * nv));
                var (i, j, k) = Index(u, v);
                sutPlane[y * width + x] = sut.ModalityValue(i, j, k);
                refPlane[y * width + x] = reference.ModalityValue(i, j, k);
            }
        var (low, high) = Window(refPlane);
        var span = Math.Max(high - low, 1e-9);
        var checker = new byte[width * height * 3];
        var difference = new byte[width * height * 3];
        double maxDiff = 0;
        var square = Math.Max(width, height) / (double)CheckerSquares;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = y * width + x;
                var useSut = ((int)(x / square) + (int)(y / square)) % 2 == 0;
                var grey = Grey(((useSut ? sutPlane[p] : refPlane[p]) - low) / span);
                // The SUT's squares are tinted so a reader can tell the two apart.
                checker[3 * p] = useSut ? grey : (byte)(grey * 0.85);
                checker[3 * p + 1] = grey;
                checker[3 * p + 2] = useSut ? (byte)(grey * 0.85) : grey;
                var d = sutPlane[p] - refPlane[p];
                maxDiff = Math.Max(maxDiff, Math.Abs(d));
                var dg = Grey(0.5 + d / (span / 2));
                difference[3 * p] = difference[3 * p + 1] = difference[3 * p + 2] = dg;
            }
        var name = PlaneName(g, fixedAxis);
        return new FusionPlaneView(name,
            PngDataUri.Image(checker, width, height, $"{name}: checkerboard of the SUT's output and the reference resampler's"),
            PngDataUri.Image(difference, width, height, $"{name}: difference, SUT minus reference (mid grey is zero)"),
            $"largest |difference| on this plane {Format.Number(maxDiff, "0.##")} (window {Format.Number(low, "0.#")} to {Format.Number(high, "0.#")})");
    }

    private static byte Grey(double fraction) => (byte)Math.Clamp(Math.Round(fraction * 255), 0, 255);

    /// <summary>2nd to 98th percentile of the reference plane: robust against a few extreme voxels.</summary>
    private static (double Low, double High) Window(double[] values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return (0, 1);
        return (sorted[(int)(sorted.Length * 0.02)], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.98))]);
    }

    /// <summary>Axial, coronal or sagittal when the plane's normal is close to a patient axis (LPS), else by index.</summary>
    private static string PlaneName(VolumeGeometry g, Axis fixedAxis)
    {
        var normal = fixedAxis switch
        {
            Axis.Slice => g.Normal,
            Axis.Row => g.ColumnDirection,
            _ => g.RowDirection,
        };
        var index = fixedAxis switch { Axis.Slice => $"slice {g.Slices / 2 + 1}", Axis.Row => $"row {g.Rows / 2 + 1}", _ => $"column {g.Columns / 2 + 1}" };
        var (x, y, z) = (Math.Abs(normal.X), Math.Abs(normal.Y), Math.Abs(normal.Z));
        var anatomical = z > 0.9 ? "axial" : y > 0.9 ? "coronal" : x > 0.9 ? "sagittal" : "oblique";
        return $"{anatomical} plane ({index})";
    }

    /// <summary>The image objects of a step grouped by series, in file order (full reads: the pixels are needed).</summary>
    private List<IReadOnlyList<DicomDataset>> Series(IEnumerable<ObjectResult> objects)
    {
        var groups = new Dictionary<string, List<DicomDataset>>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            if (o.File is null) continue;
            var (header, _) = files.ReadObject(o.File, headerOnly: true);
            if (header is null || !(header.Dataset.Contains(DicomTags.Rows))) continue;
            var (file, _) = files.ReadObject(o.File);
            if (file is null || !file.Dataset.Contains(DicomTags.PixelData)) continue;
            var uid = file.Dataset.GetString(DicomTags.SeriesInstanceUID) ?? "";
            if (!groups.TryGetValue(uid, out var list)) groups[uid] = list = [];
            list.Add(file.Dataset);
        }
        return groups.Values.Where(g => g.Count > 0).Select(g => (IReadOnlyList<DicomDataset>)g).ToList();
    }
}

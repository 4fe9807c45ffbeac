using System.Globalization;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>What can be wrong with a stack of slices. Each kind is reported, never silently repaired.</summary>
public enum SliceStackIssueKind
{
    /// <summary>Slices with different Image Orientation (Patient).</summary>
    MixedOrientation,
    /// <summary>Slices with different Rows, Columns or Pixel Spacing.</summary>
    MixedPixelGrid,
    /// <summary>Two slices at the same position along the normal.</summary>
    DuplicatePosition,
    /// <summary>A step of at least <see cref="GeometryTolerances.SliceGapFactor"/> times the typical step: slices missing.</summary>
    Gap,
    /// <summary>Steps that differ from the typical step by more than <see cref="GeometryTolerances.SliceSpacingUniformityMm"/>.</summary>
    NonUniformSpacing,
    /// <summary>The slice step is not along the normal (sheared stack, e.g. CT gantry tilt). The volume stays exact.</summary>
    GantryTilt,
    /// <summary>Only one slice where a volume was asked for.</summary>
    SingleSlice,
}

/// <summary>One finding about a slice stack, with the numbers behind it. <see cref="BlocksVolume"/> issues make a regular grid wrong.</summary>
public sealed record SliceStackIssue(SliceStackIssueKind Kind, string Message, IReadOnlyList<string> Sources, double Value)
{
    public bool BlocksVolume => Kind is not SliceStackIssueKind.GantryTilt;
}

/// <summary>
/// Slices of a series (or frames of a multi-frame object) sorted into a volume. Sorting is by the position
/// along the normal, IPP . (row x column), never by Slice Location, Instance Number or Slice Thickness,
/// which "shall not be relied on" (reg-profile.md 4.2).
/// </summary>
public sealed class SliceStack
{
    private SliceStack(string series, IReadOnlyList<ImagePlane> slices, IReadOnlyList<int> order, VolumeGeometry? geometry, IReadOnlyList<SliceStackIssue> issues)
    {
        Series = series; Slices = slices; Order = order; Geometry = geometry; Issues = issues;
    }

    public string Series { get; }
    /// <summary>The planes in volume order (increasing position along the normal).</summary>
    public IReadOnlyList<ImagePlane> Slices { get; }
    /// <summary>For each slice in volume order, its index in the input list.</summary>
    public IReadOnlyList<int> Order { get; }
    /// <summary>The regular grid, or null when an issue blocks it.</summary>
    public VolumeGeometry? Geometry { get; }
    public IReadOnlyList<SliceStackIssue> Issues { get; }

    /// <summary>The grid, or a <see cref="GeometryException"/> naming the series and the first blocking issue.</summary>
    public VolumeGeometry RequireVolume(int minimumSlices = 2)
    {
        if (Slices.Count < minimumSlices)
            throw new GeometryException(Series, GeometryAttributes.SliceStack, $"{Slices.Count} slice(s) where a volume of at least {minimumSlices} is needed");
        var blocking = Issues.FirstOrDefault(i => i.BlocksVolume && i.Kind != SliceStackIssueKind.SingleSlice);
        if (blocking is not null || Geometry is null)
            throw new GeometryException(Series, AttributeOf(blocking?.Kind), blocking?.Message ?? "no regular grid");
        return Geometry;
    }

    private static string AttributeOf(SliceStackIssueKind? kind) => kind switch
    {
        SliceStackIssueKind.MixedOrientation => GeometryAttributes.ImageOrientationPatient,
        SliceStackIssueKind.MixedPixelGrid => GeometryAttributes.PixelSpacing,
        _ => GeometryAttributes.ImagePositionPatient,
    };

    public static SliceStack Build(IReadOnlyList<ImagePlane> planes, string series)
    {
        if (planes.Count == 0) throw new GeometryException(series, GeometryAttributes.SliceStack, "no image planes");
        var issues = new List<SliceStackIssue>();
        var first = planes[0];
        var normal = first.Normal;
        foreach (var p in planes.Skip(1))
        {
            var d = Math.Max(p.RowDirection.DistanceTo(first.RowDirection), p.ColumnDirection.DistanceTo(first.ColumnDirection));
            if (d > GeometryTolerances.SameOrientation)
                issues.Add(new(SliceStackIssueKind.MixedOrientation, F($"{p.Source} has another Image Orientation (Patient) than {first.Source} (cosines differ by {d:0.######})"), [first.Source, p.Source], d));
            if (p.Rows != first.Rows || p.Columns != first.Columns || Math.Abs(p.RowSpacing - first.RowSpacing) > 1e-6 || Math.Abs(p.ColumnSpacing - first.ColumnSpacing) > 1e-6)
                issues.Add(new(SliceStackIssueKind.MixedPixelGrid, F($"{p.Source} is {p.Rows}x{p.Columns} at {p.RowSpacing}\\{p.ColumnSpacing} mm, {first.Source} is {first.Rows}x{first.Columns} at {first.RowSpacing}\\{first.ColumnSpacing} mm"), [first.Source, p.Source], 0));
        }
        var order = Enumerable.Range(0, planes.Count).OrderBy(i => planes[i].Position.Dot(normal)).ToArray();
        var sorted = order.Select(i => planes[i]).ToArray();
        if (sorted.Length == 1)
        {
            issues.Add(new(SliceStackIssueKind.SingleSlice, "one slice only", [first.Source], 1));
            var g = new VolumeGeometry(first.Position, first.RowDirection, first.ColumnDirection, normal, first.ColumnSpacing, first.RowSpacing, 1, first.Columns, first.Rows, 1);
            return new SliceStack(series, sorted, order, issues.Any(i => i.BlocksVolume && i.Kind != SliceStackIssueKind.SingleSlice) ? null : g, issues);
        }

        var positions = sorted.Select(p => p.Position.Dot(normal)).ToArray();
        var steps = positions.Zip(positions.Skip(1), (a, b) => b - a).ToArray();
        var typical = Median(steps.Where(s => s > GeometryTolerances.DuplicateSlicePositionMm));
        for (var k = 0; k < steps.Length; k++)
        {
            string[] pair = [sorted[k].Source, sorted[k + 1].Source];
            if (steps[k] <= GeometryTolerances.DuplicateSlicePositionMm)
                issues.Add(new(SliceStackIssueKind.DuplicatePosition, F($"{pair[0]} and {pair[1]} are at the same position along the normal ({positions[k]:0.###} mm)"), pair, steps[k]));
            else if (typical > 0 && steps[k] >= GeometryTolerances.SliceGapFactor * typical)
                issues.Add(new(SliceStackIssueKind.Gap, F($"gap of {steps[k]:0.###} mm between {pair[0]} and {pair[1]} (typical step {typical:0.###} mm): about {Math.Round(steps[k] / typical) - 1} slice(s) missing"), pair, steps[k]));
            else if (Math.Abs(steps[k] - typical) > GeometryTolerances.SliceSpacingUniformityMm)
                issues.Add(new(SliceStackIssueKind.NonUniformSpacing, F($"step of {steps[k]:0.####} mm between {pair[0]} and {pair[1]} differs from the typical {typical:0.####} mm"), pair, steps[k] - typical));
        }

        // The measured step vector; its in-plane part is the shear of a gantry-tilted stack.
        var step = (sorted[^1].Position - sorted[0].Position) / (sorted.Length - 1);
        var lateral = step - normal * step.Dot(normal);
        if (lateral.Length * (sorted.Length - 1) > GeometryTolerances.GantryTiltLateralMm)
        {
            var tilt = Math.Atan2(lateral.Length, step.Dot(normal)) * 180 / Math.PI;
            issues.Add(new(SliceStackIssueKind.GantryTilt, F($"slices are sheared by {tilt:0.###} degrees (in-plane shift {lateral.Length:0.####} mm per slice): gantry tilt; the volume keeps the true slice direction"), [sorted[0].Source, sorted[^1].Source], tilt));
        }
        // Every slice must lie on the line IPP_0 + k * step; catches uneven shear that the steps along the normal miss.
        if (!issues.Any(i => i.Kind is SliceStackIssueKind.DuplicatePosition or SliceStackIssueKind.Gap or SliceStackIssueKind.NonUniformSpacing))
            for (var k = 1; k < sorted.Length - 1; k++)
            {
                var off = sorted[k].Position.DistanceTo(sorted[0].Position + step * k);
                if (off > GeometryTolerances.SliceSpacingUniformityMm)
                {
                    issues.Add(new(SliceStackIssueKind.NonUniformSpacing, F($"{sorted[k].Source} lies {off:0.####} mm off the regular slice line"), [sorted[k].Source], off));
                    break;
                }
            }

        VolumeGeometry? geometry = null;
        if (!issues.Any(i => i.BlocksVolume) && step.Length > 0)
            geometry = new VolumeGeometry(sorted[0].Position, first.RowDirection, first.ColumnDirection, step.Normalized(),
                first.ColumnSpacing, first.RowSpacing, step.Length, first.Columns, first.Rows, sorted.Length);
        return new SliceStack(series, sorted, order, geometry, issues);
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length == 0 ? 0 : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

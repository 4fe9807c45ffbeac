using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>Which form a Grid Frame Offset Vector takes (PS3.3 C.8.8.3.2).</summary>
public enum GridFrameOffsetForm
{
    /// <summary>First value 0: offsets along the normal, relative to Image Position (Patient). The recommended form, required by IHE-RO.</summary>
    Relative,
    /// <summary>First value equal to the IPP z with IOP 1\0\0\0\1\0: offsets are absolute z positions (legacy form).</summary>
    Absolute,
}

/// <summary>The frames of an RT Dose grid and the form its Grid Frame Offset Vector was written in.</summary>
public sealed record DoseGrid(IReadOnlyList<ImagePlane> Planes, GridFrameOffsetForm Form, IReadOnlyList<double> Offsets);

/// <summary>
/// Frame planes of a multi-frame RT Dose (PS3.3 C.8.8.3.2): one IPP/IOP/Pixel Spacing for the object, frame
/// k at IPP + o_k * n for the relative form (o_1 = 0) or at z = o_k for the legacy absolute form (o_1 = IPP z,
/// axial IOP 1\0\0\0\1\0 only).
/// </summary>
public static class DoseGridGeometry
{
    public static bool Applies(DicomDataset ds) => ds.Contains(DicomTags.GridFrameOffsetVector);

    public static DoseGrid Read(DicomDataset ds, string series)
    {
        var basePlane = ImagePlane.FromDataset(ds, series, "dose grid");
        var frames = ds.GetInt(DicomTags.NumberOfFrames) ?? 1;
        var offsets = ImagePlane.Values(ds, DicomTags.GridFrameOffsetVector, series, GeometryAttributes.GridFrameOffsetVector);
        if (frames < 1) throw new GeometryException(series, GeometryAttributes.NumberOfFrames, $"{frames} frames");
        if (offsets.Length != frames)
            throw new GeometryException(series, GeometryAttributes.GridFrameOffsetVector, $"has {offsets.Length} values for {frames} frames");
        GridFrameOffsetForm form;
        if (offsets[0] == 0) form = GridFrameOffsetForm.Relative;
        else
        {
            var axial = basePlane.RowDirection.DistanceTo(Vector3.UnitX) < GeometryTolerances.SameOrientation
                && basePlane.ColumnDirection.DistanceTo(Vector3.UnitY) < GeometryTolerances.SameOrientation;
            if (!axial || Math.Abs(offsets[0] - basePlane.Position.Z) > GeometryTolerances.DuplicateSlicePositionMm)
                throw new GeometryException(series, GeometryAttributes.GridFrameOffsetVector,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"first value {offsets[0]} is neither 0 (relative form) nor the IPP z {basePlane.Position.Z} of an axial 1\\0\\0\\0\\1\\0 grid (absolute form)"));
            form = GridFrameOffsetForm.Absolute;
        }
        var normal = basePlane.Normal;
        var planes = new ImagePlane[frames];
        for (var f = 0; f < frames; f++)
        {
            var position = form == GridFrameOffsetForm.Relative
                ? basePlane.Position + normal * offsets[f]
                : new Vector3(basePlane.Position.X, basePlane.Position.Y, offsets[f]);
            planes[f] = basePlane with { Position = position, Source = $"dose frame {f + 1}" };
        }
        return new DoseGrid(planes, form, offsets);
    }
}

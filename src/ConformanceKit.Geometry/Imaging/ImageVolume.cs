namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// Voxels on a <see cref="VolumeGeometry"/>: stored values (int16) in x-fastest order, index (k*Rows + j)*Columns + i,
/// and the linear map to modality values (Rescale Slope/Intercept, PS3.3 C.11.1.1.2): value = stored*slope + intercept.
/// </summary>
public sealed class ImageVolume
{
    /// <summary>Largest volume handled (voxels): arrays are indexed by int.</summary>
    public const long MaxVoxels = int.MaxValue - 64;

    public ImageVolume(VolumeGeometry geometry, short[] voxels, double rescaleSlope = 1, double rescaleIntercept = 0)
    {
        if (geometry.VoxelCount > MaxVoxels) throw new ArgumentException($"{geometry.VoxelCount} voxels exceed the {MaxVoxels} limit");
        if (voxels.Length != geometry.VoxelCount) throw new ArgumentException($"{voxels.Length} voxels for a {geometry.Columns}x{geometry.Rows}x{geometry.Slices} grid");
        if (!(rescaleSlope != 0 && double.IsFinite(rescaleSlope) && double.IsFinite(rescaleIntercept))) throw new ArgumentException("rescale slope must be finite and non-zero");
        Geometry = geometry; Voxels = voxels; RescaleSlope = rescaleSlope; RescaleIntercept = rescaleIntercept;
    }

    /// <summary>An empty (all zero) volume.</summary>
    public static ImageVolume Create(VolumeGeometry geometry, double rescaleSlope = 1, double rescaleIntercept = 0) =>
        new(geometry, new short[checked((int)Math.Min(geometry.VoxelCount, MaxVoxels + 1))], rescaleSlope, rescaleIntercept);

    public VolumeGeometry Geometry { get; }
    public short[] Voxels { get; }
    public double RescaleSlope { get; }
    public double RescaleIntercept { get; }

    public int IndexOf(int i, int j, int k) => (k * Geometry.Rows + j) * Geometry.Columns + i;

    public short this[int i, int j, int k]
    {
        get => Voxels[IndexOf(i, j, k)];
        set => Voxels[IndexOf(i, j, k)] = value;
    }

    public double ModalityValue(int i, int j, int k) => this[i, j, k] * RescaleSlope + RescaleIntercept;

    /// <summary>The stored value closest to a modality value, clamped to int16.</summary>
    public short ToStored(double modalityValue) => (short)Math.Clamp(Math.Round((modalityValue - RescaleIntercept) / RescaleSlope), short.MinValue, short.MaxValue);

    /// <summary>Frame (slice) k as a span.</summary>
    public Span<short> Slice(int k) => Voxels.AsSpan(k * Geometry.Rows * Geometry.Columns, Geometry.Rows * Geometry.Columns);
}

using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Registration;

/// <summary>A bright sphere found in a volume: its centroid in patient LPS mm of the volume's Frame of Reference.</summary>
public sealed record DetectedFiducial(Vector3 Centre, double VolumeMm3, double Contrast);

/// <summary>How to find fiducial spheres.</summary>
public sealed record FiducialDetectionOptions(
    double ExpectedRadiusMm = 7,
    double ThresholdFraction = 0.6,
    double MinVolumeFraction = 0.25,
    double MaxVolumeFraction = 3.0);

/// <summary>
/// Finds fiducial spheres: voxels above min + f * (max - min) form 6-connected components; components whose
/// volume and compactness fit a sphere of the expected size are kept; each centre is then refined as the
/// intensity-weighted centroid of (value - local background) in a ball around it, the background taken as the
/// median of a surrounding shell. With partial-volume sampling this is accurate to a small fraction of a voxel.
/// </summary>
public static class FiducialDetector
{
    public static IReadOnlyList<DetectedFiducial> Detect(ImageVolume volume, FiducialDetectionOptions? options = null)
    {
        var o = options ?? new FiducialDetectionOptions();
        var g = volume.Geometry;
        var v = volume.Voxels;
        short min = short.MaxValue, max = short.MinValue;
        foreach (var x in v) { if (x < min) min = x; if (x > max) max = x; }
        if (max <= min) return [];
        var threshold = min + o.ThresholdFraction * (max - min);
        var voxelVolume = g.ColumnSpacing * g.RowSpacing * g.SliceSpacing * Math.Abs(g.SliceDirection.Dot(g.Normal));
        var sphereVolume = 4.0 / 3 * Math.PI * Math.Pow(o.ExpectedRadiusMm, 3);
        var maxVoxels = (int)(o.MaxVolumeFraction * sphereVolume / voxelVolume) + 8;
        var visited = new bool[v.Length];
        var found = new List<DetectedFiducial>();
        var queue = new Queue<int>();
        var component = new List<int>();
        int nx = g.Columns, ny = g.Rows, nz = g.Slices, plane = nx * ny;
        for (var start = 0; start < v.Length; start++)
        {
            if (visited[start] || v[start] < threshold) continue;
            component.Clear();
            queue.Enqueue(start);
            visited[start] = true;
            var tooBig = false;
            while (queue.Count > 0)
            {
                var n = queue.Dequeue();
                if (component.Count <= maxVoxels) component.Add(n); else tooBig = true;
                int i = n % nx, j = n / nx % ny, k = n / plane;
                void Visit(int m) { if (!visited[m] && v[m] >= threshold) { visited[m] = true; queue.Enqueue(m); } }
                if (i > 0) Visit(n - 1); if (i < nx - 1) Visit(n + 1);
                if (j > 0) Visit(n - nx); if (j < ny - 1) Visit(n + nx);
                if (k > 0) Visit(n - plane); if (k < nz - 1) Visit(n + plane);
            }
            var volumeMm3 = component.Count * voxelVolume;
            if (tooBig || volumeMm3 < o.MinVolumeFraction * sphereVolume * 0.3) continue;
            var centre = PointsCentroid(component, g);
            var radius = Math.Cbrt(3 * Math.Max(volumeMm3, sphereVolume * 0.25) / (4 * Math.PI));
            var farthest = component.Max(n => IndexPoint(n, g).DistanceTo(centre));
            var voxelDiagonal = Math.Sqrt(g.ColumnSpacing * g.ColumnSpacing + g.RowSpacing * g.RowSpacing + g.SliceSpacing * g.SliceSpacing);
            if (farthest > 1.8 * radius + voxelDiagonal) continue; // elongated: an insert or an edge, not a sphere
            var (refined, contrast, weightVolume) = Refine(volume, centre, o.ExpectedRadiusMm, voxelDiagonal);
            if (weightVolume < o.MinVolumeFraction * sphereVolume || weightVolume > o.MaxVolumeFraction * sphereVolume) continue;
            found.Add(new DetectedFiducial(refined, weightVolume, contrast));
        }
        return found;
    }

    private static Vector3 IndexPoint(int n, VolumeGeometry g) => g.PointAt(n % g.Columns, n / g.Columns % g.Rows, n / (g.Columns * g.Rows));

    private static Vector3 PointsCentroid(List<int> voxels, VolumeGeometry g)
    {
        var sum = Vector3.Zero;
        foreach (var n in voxels) sum += IndexPoint(n, g);
        return sum / voxels.Count;
    }

    /// <summary>Weighted centroid of (value - shell median) over a ball; twice, re-centred. Returns centre, contrast and the equivalent full-contrast volume.</summary>
    private static (Vector3 Centre, double Contrast, double VolumeMm3) Refine(ImageVolume volume, Vector3 centre, double radius, double voxelDiagonal)
    {
        var g = volume.Geometry;
        var toIndex = g.PatientToIndex;
        var inner = radius + 1.5 * voxelDiagonal;
        var outer = radius + 3 * voxelDiagonal;
        var minSpacing = Math.Min(Math.Min(g.ColumnSpacing, g.RowSpacing), g.SliceSpacing);
        double contrast = 0, volumeMm3 = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var c = toIndex.TransformPoint(centre);
            var reach = (int)Math.Ceiling(outer / minSpacing) + 1;
            var shell = new List<double>();
            var ball = new List<(Vector3 P, double V)>();
            for (var k = Math.Max(0, (int)c.Z - reach); k <= Math.Min(g.Slices - 1, (int)c.Z + reach); k++)
                for (var j = Math.Max(0, (int)c.Y - reach); j <= Math.Min(g.Rows - 1, (int)c.Y + reach); j++)
                    for (var i = Math.Max(0, (int)c.X - reach); i <= Math.Min(g.Columns - 1, (int)c.X + reach); i++)
                    {
                        var p = g.PointAt(i, j, k);
                        var d = p.DistanceTo(centre);
                        if (d <= inner) ball.Add((p, volume.ModalityValue(i, j, k)));
                        else if (d <= outer) shell.Add(volume.ModalityValue(i, j, k));
                    }
            if (shell.Count == 0 || ball.Count == 0) break;
            shell.Sort();
            var background = shell[shell.Count / 2];
            double wsum = 0; var moment = Vector3.Zero; double peak = 0;
            foreach (var (p, value) in ball)
            {
                var w = Math.Max(0, value - background);
                wsum += w; moment += p * w; peak = Math.Max(peak, w);
            }
            if (wsum <= 0) break;
            centre = moment / wsum;
            contrast = peak;
            volumeMm3 = wsum / peak * g.ColumnSpacing * g.RowSpacing * g.SliceSpacing;
        }
        return (centre, contrast, volumeMm3);
    }
}

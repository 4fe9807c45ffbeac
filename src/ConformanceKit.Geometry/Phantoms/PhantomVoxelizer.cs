using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>
/// Fills a volume with the phantom as one modality sees it. Each voxel takes the value of the material at its
/// centre mapped into the phantom frame; voxels that a boundary crosses are supersampled (4 x 4 x 4) so that
/// partial volume is modelled and sphere centroids stay exact to a few hundredths of a millimetre. Noise is
/// Gaussian, seeded per slice so that the result does not depend on thread scheduling.
/// </summary>
public static class PhantomVoxelizer
{
    // Fiducial spheres are supersampled finely because their centroids are the registration ground truth;
    // other boundaries only need partial volume to look right.
    private const int FiducialSupersampling = 4;
    private const int BoundarySupersampling = 2;

    public static void Fill(ImageVolume volume, PhantomModel model, ModalityContrast contrast, Matrix4 baseFromSeries, int seed, bool noise)
    {
        var g = volume.Geometry;
        var toBase = baseFromSeries * g.IndexToPatient; // voxel index -> phantom frame
        var di = toBase.Column(0); var dj = toBase.Column(1); var dk = toBase.Column(2);
        var sampler = new PhantomSampler(model);
        var halfDiagonal = 0.5 * Math.Sqrt(di.Dot(di) + dj.Dot(dj) + dk.Dot(dk));
        Parallel.For(0, g.Slices, k =>
        {
            var rng = new Random(StableSeed(seed, contrast.Modality, k));
            var slice = volume.Slice(k);
            for (var j = 0; j < g.Rows; j++)
            {
                var rowStart = toBase.TransformPoint(new Vector3(0, j, k));
                for (var i = 0; i < g.Columns; i++)
                {
                    var p = rowStart + di * i;
                    var m = sampler.MaterialAt(p, out var nearest);
                    var value = nearest > halfDiagonal ? contrast.ValueOf(m)
                        : Supersample(sampler, contrast, p, di, dj, dk, sampler.NearFiducial(p, halfDiagonal) ? FiducialSupersampling : BoundarySupersampling);
                    if (noise) value += contrast.NoiseSigma * Gaussian(rng);
                    slice[j * g.Columns + i] = volume.ToStored(value);
                }
            }
        });
    }

    private static double Supersample(PhantomSampler model, ModalityContrast contrast, Vector3 centre, Vector3 di, Vector3 dj, Vector3 dk, int n)
    {
        double sum = 0;
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++)
                for (var c = 0; c < n; c++)
                {
                    double fa = (a + 0.5) / n - 0.5, fb = (b + 0.5) / n - 0.5, fc = (c + 0.5) / n - 0.5;
                    sum += contrast.ValueOf(model.MaterialAt(centre + di * fa + dj * fb + dk * fc, out _));
                }
        return sum / (n * n * n);
    }

    // string.GetHashCode and HashCode are randomised per process; phantoms must be identical run to run.
    private static int StableSeed(int seed, string modality, int slice)
    {
        unchecked
        {
            var h = seed * 1000003 + slice * 7919;
            foreach (var ch in modality) h = h * 31 + ch;
            return h & int.MaxValue;
        }
    }

    private static double Gaussian(Random rng)
    {
        // Box-Muller; one value per call keeps the sequence per slice simple.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

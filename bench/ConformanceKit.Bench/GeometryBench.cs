using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Geometry.Resampling;

namespace ConformanceKit.Bench;

/// <summary>
/// Rigid trilinear resampling of a 512x512x200 int16 volume (bench/geometry-resample.sh runs plastimatch on the
/// same files in the same run). "prepare" writes the input volume and the ITK transform; "run" times the harness.
/// </summary>
public static class GeometryBench
{
    /// <summary>The rigid transform resampled through: fixed <- moving.</summary>
    public static readonly Matrix4 FixedFromMoving = Matrix4.Rotation(new Vector3(0.2, 0.3, 1), 7, new Vector3(10, -5, 20)) * Matrix4.Translate(new Vector3(4, -6, 3));

    public static int Prepare(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : throw new ArgumentException("usage: geometry-resample-prepare DIR [COLUMNS ROWS SLICES]");
        int nx = Arg(args, 1, 512), ny = Arg(args, 2, 512), nz = Arg(args, 3, 200);
        Directory.CreateDirectory(dir);
        var g = VolumeGeometry.Centred(Vector3.Zero, Vector3.UnitX, Vector3.UnitY, 0.55, 0.5, 1.25, nx, ny, nz);
        var volume = ImageVolume.Create(g, 1, -1024);
        var sampler = new PhantomSampler(PhantomModel.Default);
        var contrast = ModalityContrast.CT;
        Parallel.For(0, nz, k =>
        {
            var slice = volume.Slice(k);
            for (var j = 0; j < ny; j++)
                for (var i = 0; i < nx; i++)
                    slice[j * nx + i] = volume.ToStored(contrast.ValueOf(sampler.MaterialAt(g.PointAt(i, j, k), out _)) + ((i * 7 + j * 13 + k * 3) % 17));
        });
        MetaImageFile.Write(Path.Combine(dir, "moving.mha"), volume);
        // ITK resampling transforms map output (fixed) points to input (moving) points: the inverse of fixed <- moving.
        var t = FixedFromMoving.Inverse();
        var inv = CultureInfo.InvariantCulture;
        var p = new[] { t[0, 0], t[0, 1], t[0, 2], t[1, 0], t[1, 1], t[1, 2], t[2, 0], t[2, 1], t[2, 2], t[0, 3], t[1, 3], t[2, 3] };
        File.WriteAllText(Path.Combine(dir, "xf.txt"), "#Insight Transform File V1.0\n#Transform 0\nTransform: AffineTransform_double_3_3\n" +
            $"Parameters: {string.Join(' ', p.Select(v => v.ToString("R", inv)))}\nFixedParameters: 0 0 0\n");
        Console.WriteLine($"voxels: {g.VoxelCount}");
        return 0;
    }

    public static int Run(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : throw new ArgumentException("usage: geometry-resample DIR [REPEATS]");
        var repeats = Arg(args, 1, 3);
        var io = Stopwatch.StartNew();
        var moving = MetaImageFile.Read(Path.Combine(dir, "moving.mha"));
        var readSeconds = io.Elapsed.TotalSeconds;
        var voxels = moving.Geometry.VoxelCount;
        // warm-up (JIT, and the output pages mapped once: page faults are not resampling)
        var output = ReferenceResampler.Resample(moving, moving.Geometry, FixedFromMoving, background: -1024);
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            ReferenceResampler.ResampleInto(output, moving, FixedFromMoving, background: -1024);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        process.Refresh();
        var st = process.TotalProcessorTime;
        ReferenceResampler.ResampleInto(output, moving, FixedFromMoving, background: -1024, maxDegreeOfParallelism: 1);
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single_thread_mvoxel_per_cpu_s: {voxels / (process.TotalProcessorTime - st).TotalSeconds / 1e6:0.#}"));
        var scalar = Stopwatch.StartNew();
        ReferenceResampler.ResampleInto(output, moving, FixedFromMoving, background: -1024, allowVector: false);
        var scalarSeconds = scalar.Elapsed.TotalSeconds;
        io.Restart();
        MetaImageFile.Write(Path.Combine(dir, "harness.mha"), output);
        var writeSeconds = io.Elapsed.TotalSeconds;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"voxels: {voxels}"));
        Console.WriteLine(string.Create(inv, $"threads: {Environment.ProcessorCount}"));
        Console.WriteLine(string.Create(inv, $"harness_compute_s: {best:0.####}"));
        Console.WriteLine(string.Create(inv, $"harness_compute_mvoxel_per_s: {voxels / best / 1e6:0.#}"));
        // CPU seconds do not grow when other processes share the cores: a load-independent figure.
        Console.WriteLine(string.Create(inv, $"harness_compute_cpu_s: {bestCpu:0.####}"));
        Console.WriteLine(string.Create(inv, $"harness_compute_mvoxel_per_cpu_s: {voxels / bestCpu / 1e6:0.#}"));
        Console.WriteLine(string.Create(inv, $"harness_scalar_mvoxel_per_s: {voxels / scalarSeconds / 1e6:0.#}"));
        Console.WriteLine(string.Create(inv, $"harness_with_io_s: {best + readSeconds + writeSeconds:0.####}"));
        Console.WriteLine(string.Create(inv, $"harness_with_io_mvoxel_per_s: {voxels / (best + readSeconds + writeSeconds) / 1e6:0.#}"));
        var theirs = Path.Combine(dir, "plastimatch.mha");
        if (File.Exists(theirs))
        {
            var other = MetaImageFile.Read(theirs);
            Console.WriteLine(string.Create(inv, $"ncc_vs_plastimatch: {Ncc(output.Voxels, other.Voxels):0.######}"));
        }
        return 0;
    }

    private static int Arg(string[] args, int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    private static double Ncc(short[] a, short[] b)
    {
        double ma = 0, mb = 0;
        for (var n = 0; n < a.Length; n++) { ma += a[n]; mb += b[n]; }
        ma /= a.Length; mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var n = 0; n < a.Length; n++) { double da = a[n] - ma, db = b[n] - mb; sab += da * db; saa += da * da; sbb += db * db; }
        return sab / Math.Sqrt(saa * sbb);
    }
}

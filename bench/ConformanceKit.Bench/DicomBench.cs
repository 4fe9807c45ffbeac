using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Dicom;

namespace ConformanceKit.Bench;

/// <summary>
/// Benchmarks of the DICOM data core, driven by bench/dicom-convert.sh:
/// "dicom-generate DIR [SLICES]" writes a CT series made by code (512x512 int16, Explicit VR Little Endian);
/// "dicom-read DIR [PASSES]" reads every file of DIR in this process, after one warm-up pass, and prints MB/s.
/// </summary>
public static class DicomBench
{
    private const int Rows = 512, Columns = 512;

    public static int Generate(string[] args)
    {
        if (args.Length is < 1 or > 2) { Console.Error.WriteLine("usage: dicom-generate DIR [SLICES]"); return 64; }
        var dir = args[0];
        var slices = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        Directory.CreateDirectory(dir);
        var study = DicomUidGenerator.FromSeed("bench-study");
        var series = DicomUidGenerator.FromSeed("bench-series");
        var frame = DicomUidGenerator.FromSeed("bench-frame");
        var pixels = new short[Rows * Columns];
        long bytes = 0;
        for (var z = 0; z < slices; z++)
        {
            FillSlice(pixels, z);
            var ds = CtSlice(study, series, frame, z, pixels);
            var path = Path.Combine(dir, $"CT{z + 1:D4}.dcm");
            DicomFileWriter.Write(path, DicomFile.Create(ds));
            bytes += new FileInfo(path).Length;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated: {slices} files, {bytes / 1e6:F1} MB in {dir}"));
        return 0;
    }

    // A water cylinder (0 HU) in air (-1000 HU) with a bone rod whose position moves with z: real-looking numbers.
    private static void FillSlice(short[] pixels, int z)
    {
        for (var r = 0; r < Rows; r++)
            for (var c = 0; c < Columns; c++)
            {
                double dx = c - Columns / 2.0, dy = r - Rows / 2.0;
                var hu = dx * dx + dy * dy < 200 * 200 ? 0 : -1000;
                double bx = dx - 60 - z % 40, by = dy + 30;
                if (bx * bx + by * by < 20 * 20) hu = 1200;
                pixels[r * Columns + c] = (short)(hu + 1024 + (r * 31 + c * 17 + z) % 7); // stored value with a little noise
            }
    }

    private static DicomDataset CtSlice(string study, string series, string frame, int z, short[] pixels)
    {
        var ds = new DicomDataset()
            .With(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .With(DicomTags.SOPClassUID, DicomUids.CTImageStorage)
            .With(DicomTags.SOPInstanceUID, DicomUidGenerator.FromSeed($"bench-slice-{z}"))
            .With(DicomTags.StudyDate, "20240101").With(DicomTags.StudyTime, "120000")
            .With(DicomTags.Modality, "CT")
            .With(DicomTags.PatientName, "Bench^Phantom").With(DicomTags.PatientID, "BENCH01")
            .With(DicomTags.StudyInstanceUID, study).With(DicomTags.SeriesInstanceUID, series)
            .With(DicomTags.FrameOfReferenceUID, frame)
            .With(DicomTags.ImageType, @"ORIGINAL\PRIMARY\AXIAL")
            .With(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetIntegers(DicomTags.SeriesNumber, 1).SetIntegers(DicomTags.InstanceNumber, z + 1);
        ds.SetDecimals(DicomTags.ImagePositionPatient, -250, -250, -200 + 2.0 * z);
        ds.SetDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        ds.SetDecimals(DicomTags.PixelSpacing, 0.9765625, 0.9765625).SetDecimals(DicomTags.SliceThickness, 2);
        ds.SetDecimals(DicomTags.RescaleIntercept, -1024).SetDecimals(DicomTags.RescaleSlope, 1);
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1).SetUInt16(DicomTags.Rows, Rows).SetUInt16(DicomTags.Columns, Columns);
        ds.SetUInt16(DicomTags.BitsAllocated, 16).SetUInt16(DicomTags.BitsStored, 16).SetUInt16(DicomTags.HighBit, 15);
        ds.SetUInt16(DicomTags.PixelRepresentation, 1);
        ds.SetBinary<short>(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    public static int Read(string[] args)
    {
        if (args.Length is < 1 or > 2) { Console.Error.WriteLine("usage: dicom-read DIR [PASSES]"); return 64; }
        var files = Directory.GetFiles(args[0], "*", SearchOption.AllDirectories);
        var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        long bytes = files.Sum(f => new FileInfo(f).Length);
        ReadAll(files); // warm-up: page cache and JIT
        double best = double.MaxValue, bestCpu = double.MaxValue;
        var self = Process.GetCurrentProcess();
        for (var p = 0; p < passes; p++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var elements = ReadAll(files);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            self.Refresh();
            bestCpu = Math.Min(bestCpu, (self.TotalProcessorTime - cpu).TotalSeconds);
            GC.KeepAlive(elements);
        }
        // Wall time is the figure; CPU time is printed too because the machine is shared and wall time drifts with load.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"harness read: {files.Length} files, {bytes / 1e6:F1} MB, best of {passes} passes {best:F3} s, {bytes / 1e6 / best:F0} MB/s (per CPU second: {bytes / 1e6 / Math.Max(bestCpu, 1e-6):F0} MB/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read_mb_per_s: {bytes / 1e6 / best:F0}"));
        return 0;
    }

    private static int ReadAll(string[] files)
    {
        var n = 0;
        foreach (var f in files)
        {
            var file = DicomFileReader.Read(f);
            if (file.Dataset[DicomTags.PixelData] is not DicomValueElement { Length: > 0 }) throw new InvalidDataException($"{f}: no pixel data");
            n += file.Dataset.Count;
        }
        return n;
    }
}

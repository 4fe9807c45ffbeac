using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Geometry.Resampling;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck resample`: applies an SRO the way DICOM defines it and writes the moving set on the fixed grid as a derived series.</summary>
public sealed class ResampleCommand : ICommand
{
    public string Name => "resample";
    public string Summary => "resample a moving series onto a fixed series' grid through an SRO (reference resampler)";
    public string Usage => "resample --fixed DIR --moving DIR --sro FILE --out DIR [--interpolation linear|nearest]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string>());
        string fixedDir = a.Require("--fixed"), movingDir = a.Require("--moving"), sroPath = a.Require("--sro"), output = a.Require("--out");
        var interpolation = a.Get("--interpolation", "linear") switch
        {
            "linear" => Interpolation.Linear,
            "nearest" => Interpolation.Nearest,
            var other => throw new UsageException($"--interpolation expects linear or nearest, not '{other}'"),
        };
        a.RejectUnknown();
        try
        {
            var fixedSeries = DicomVolumeReader.ReadImageSeries(fixedDir);
            var movingSeries = DicomVolumeReader.ReadImageSeries(movingDir);
            var sro = SpatialRegistration.Read(DicomFileReader.Read(sroPath).Dataset);
            foreach (var p in sro.Problems) Console.Error.WriteLine($"ck resample: SRO {sroPath}: {p}");
            var fixedFor = fixedSeries.FrameOfReferenceUid ?? throw new GeometryException(fixedSeries.Label, GeometryAttributes.FrameOfReferenceUid, "missing");
            var movingFor = movingSeries.FrameOfReferenceUid ?? throw new GeometryException(movingSeries.Label, GeometryAttributes.FrameOfReferenceUid, "missing");
            var path = new FrameOfReferenceGraph().Add(sro).FindPath(movingFor, fixedFor);
            if (path is null)
            {
                Console.Error.WriteLine($"ck resample: the SRO relates no transform from the moving FoR {movingFor} to the fixed FoR {fixedFor}");
                return Task.FromResult(ExitCodes.Failure);
            }
            var (_, datasets) = DerivedSeries.Create(fixedSeries, movingSeries, path.Matrix, interpolation);
            Directory.CreateDirectory(output);
            for (var k = 0; k < datasets.Count; k++)
                DicomFileWriter.Write(Path.Combine(output, $"RS{k + 1:D4}.dcm"), DicomFile.Create(datasets[k]));
            Console.WriteLine($"applied fixed <- moving: {path.Matrix}");
            Console.WriteLine($"wrote {datasets.Count} images to {output} (FoR {fixedFor}, series {datasets[0].GetString(DicomTags.SeriesInstanceUID)})");
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (e is GeometryException or DicomReadException or IOException)
        {
            Console.Error.WriteLine($"ck resample: {e.Message}");
            return Task.FromResult(ExitCodes.Error);
        }
    }
}

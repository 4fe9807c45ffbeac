using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck register`: fiducial registration of two series, written as an IHE-RO style SRO (moving -> fixed).</summary>
public sealed class RegisterCommand : ICommand
{
    public string Name => "register";
    public string Summary => "register two series by their fiducial spheres and write the SRO";
    public string Usage => "register --fixed DIR --moving DIR --out FILE [--fiducial-radius MM]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string>());
        string fixedDir = a.Require("--fixed"), movingDir = a.Require("--moving"), output = a.Require("--out");
        var radiusText = a.Get("--fiducial-radius", "7");
        a.RejectUnknown();
        if (!double.TryParse(radiusText, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) || radius <= 0)
            throw new UsageException($"--fiducial-radius expects a positive number of mm, not '{radiusText}'");
        try
        {
            var fixedSeries = DicomVolumeReader.ReadImageSeries(fixedDir);
            var movingSeries = DicomVolumeReader.ReadImageSeries(movingDir);
            if (fixedSeries.FrameOfReferenceUid is null || movingSeries.FrameOfReferenceUid is null)
                throw new GeometryException(fixedSeries.FrameOfReferenceUid is null ? fixedSeries.Label : movingSeries.Label, GeometryAttributes.FrameOfReferenceUid, "missing");
            if (fixedSeries.FrameOfReferenceUid == movingSeries.FrameOfReferenceUid)
            {
                // Hybrid data: the series are already registered; a Registrator writes no SRO for them (REG-SRO-033).
                Console.Error.WriteLine($"ck register: both series share the Frame of Reference {fixedSeries.FrameOfReferenceUid}; no SRO is needed");
                return Task.FromResult(ExitCodes.Failure);
            }
            var options = new FiducialDetectionOptions(ExpectedRadiusMm: radius);
            var fixedFids = FiducialDetector.Detect(fixedSeries.Volume, options).Select(f => f.Centre).ToList();
            var movingFids = FiducialDetector.Detect(movingSeries.Volume, options).Select(f => f.Centre).ToList();
            Console.WriteLine($"fiducials found: fixed {fixedFids.Count}, moving {movingFids.Count}");
            var result = FiducialRegistration.Register(fixedFids, movingFids);
            var sro = SpatialRegistrationWriter.Write(new SpatialRegistrationContent(movingSeries.First,
                Registered(fixedSeries), Registered(movingSeries), result.FixedFromMoving, CodedConcept.FiducialAlignment,
                "FIDUCIAL REG", $"Fiducial registration of {result.Pairs.Count} spheres", "ConformanceKit"));
            var dir = Path.GetDirectoryName(Path.GetFullPath(output));
            if (dir is not null) Directory.CreateDirectory(dir);
            DicomFileWriter.Write(output, DicomFile.Create(sro));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Pairs.Count} pairs, FRE rms {result.RmsResidualMm:0.###} mm, max {result.MaxResidualMm:0.###} mm"));
            Console.WriteLine($"fixed <- moving: {result.FixedFromMoving}");
            Console.WriteLine($"wrote {output}");
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (e is GeometryException or DicomReadException or IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ck register: {e.Message}");
            return Task.FromResult(ExitCodes.Error);
        }
    }

    private static RegisteredSeries Registered(LoadedSeries s) => new(s.FrameOfReferenceUid!, s.First.GetString(DicomTags.StudyInstanceUID) ?? "",
        s.SeriesInstanceUid ?? "", s.Datasets.Select(d => new ReferencedImage(d.GetString(DicomTags.SOPClassUID) ?? "", d.GetString(DicomTags.SOPInstanceUID) ?? "")).ToList());
}

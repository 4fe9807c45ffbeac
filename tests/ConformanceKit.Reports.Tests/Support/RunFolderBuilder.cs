using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.Reports.Tests.Support;

/// <summary>
/// A run folder with chosen captured objects, for tests of one report section (the whole-report tests use
/// real engine runs instead): writes the files and gives the results model entries that point at them.
/// </summary>
internal sealed class RunFolderBuilder : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ck-runfolder-").FullName;

    public ObjectResult Keep(string set, DicomDataset ds, string origin)
    {
        var uid = ds.GetString(DicomTags.SOPInstanceUID)!;
        var relative = $"scenarios/T/objects/{set}/{uid}.dcm";
        var full = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DicomFileWriter.Write(full, DicomFile.Create(ds));
        return new ObjectResult { Set = set, SopClassUid = ds.GetString(DicomTags.SOPClassUID)!, SopInstanceUid = uid, Origin = origin, File = relative };
    }

    public static ScenarioResult Scenario(params StepResult[] steps) => new()
    {
        Id = "T-001", Title = "section test", Actor = "display", Profile = "MMRO-II", File = "t.yaml", Verdict = "PASS", Reason = "", Steps = [.. steps],
    };

    public static StepResult Step(string kind, IEnumerable<ObjectResult> objects, params FindingResult[] findings) => new()
    {
        Id = "1-" + kind, Name = kind, Kind = kind, Verdict = "PASS", Reason = "", Objects = [.. objects], Findings = [.. findings],
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

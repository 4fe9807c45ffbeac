using System.Text;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;
using ConformanceKit.Rules.Tests.Fixtures;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Rules.Tests;

/// <summary>
/// dciodvfy (dicom3tools) as an oracle: every error it reports on an object, the harness reports too
/// (matched by attribute), except the justified exceptions below; and the harness reports REG faults
/// dciodvfy cannot see. The run's comparison table is attached to the test result.
/// </summary>
[NonParallelizable]
public class DciodvfyCrossCheckTests
{
    private const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>dciodvfy errors the harness deliberately does not report (file name pattern, message pattern, why).</summary>
    private static readonly (Regex File, Regex Message, string Reason)[] Exceptions =
    [
        (new("rtstruct", RegexOptions.IgnoreCase), new("Element=<(FrameOfReferenceUID|PositionReferenceIndicator)> Module=<FrameOfReference>"),
            "PS3.3 A.19.3-1 lists the Frame of Reference module as U in the RT Structure Set IOD (note 2: structure sets historically referenced several Frames of Reference); dciodvfy requires it. The Frame of Reference of the ROIs is checked by REG-RT-001 instead."),
        (new(".*"), new("PixelData has incorrect value length - expected 0 dec"),
            "follows from a missing Rows, Columns or Bits Allocated (dciodvfy then expects 0 bytes); the harness reports the missing attribute (DCM-IOD-002) and checks the length only when the image description is complete"),
        (new(".*"), new("Dicom dataset contains invalid data values for Value Representations"),
            "summary line repeating the VR errors dciodvfy listed before it (each of those is matched)"),
    ];

    private static string Work => Path.Combine(TestContext.CurrentContext.WorkDirectory, "dciodvfy-crosscheck");

    private static IReadOnlyList<string> WriteCorrect()
    {
        var folder = Path.Combine(Work, "correct");
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        return Study.Phantom().WriteTo(folder);
    }

    /// <summary>Broken variants of correct objects, each with a DICOM fault dciodvfy sees.</summary>
    public static IEnumerable<(string Name, Func<Study, DicomDataset> Pick, Action<DicomDataset> Break)> DicomFaults()
    {
        yield return ("ct-no-patient-id", s => s.Ct[0], d => d.Remove(DicomTags.PatientID));
        yield return ("ct-lowercase-modality", s => s.Ct[0], d => d.SetRaw(DicomTags.PatientSex, DicomVR.CS, "o"));
        yield return ("ct-long-ds", s => s.Ct[0], d => d.SetRaw(DicomTags.SliceThickness, DicomVR.DS, "2.50000000000000001"));
        yield return ("ct-bad-date", s => s.Ct[0], d => d.SetRaw(DicomTags.StudyDate, DicomVR.DA, "2024-01-02"));
        yield return ("ct-no-rows", s => s.Ct[0], d => d.Remove(DicomTags.Rows));
        yield return ("ct-no-image-position", s => s.Ct[0], d => d.Remove(DicomTags.ImagePositionPatient));
        yield return ("mr-bad-scanning-sequence", s => s.Mr[0], d => d.With(DicomTags.ScanningSequence, "XX"));
        yield return ("pt-no-series-date", s => s.Pet[0], d => d.Remove(DicomTags.SeriesDate));
        yield return ("sro-uid-leading-zero", s => s.SroMr, d => d.SetRaw(DicomTags.SeriesInstanceUID, DicomVR.UI, "1.2.03.4"));
        yield return ("sro-no-content-label", s => s.SroMr, d => d.Remove(DicomTags.ContentLabel));
        yield return ("sro-no-matrix-type", s => s.SroMr, d => d.MatrixItem(2).Remove(DicomTags.FrameOfReferenceTransformationMatrixType));
        yield return ("sro-matrix-12-values", s => s.SroMr, d => d.MatrixItem(2).SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0));
        yield return ("sro-two-matrix-registrations", s => s.SroMr, d =>
        {
            var item = d.Item(DicomTags.RegistrationSequence, 2);
            var mr = item.Item(DicomTags.MatrixRegistrationSequence);
            item.SetSequence(DicomTags.MatrixRegistrationSequence, mr, mr.Clone());
        });
        yield return ("sro-cir-without-references", s => s.SroMr, d =>
        {
            foreach (var item in d.GetItems(DicomTags.RegistrationSequence)) item.Remove(DicomTags.ReferencedImageSequence);
        });
        yield return ("rtss-no-label", s => s.StructureSet, d => d.Remove(DicomTags.StructureSetLabel));
        yield return ("rtss-bad-geometric-type", s => s.StructureSet, d => d.FirstContour().With(DicomTags.ContourGeometricType, "CLOSED"));
        yield return ("dose-no-dose-units", s => s.Dose, d => d.Remove(DicomTags.DoseUnits));
        yield return ("dose-empty-plan-reference", s => s.Dose, d => d.SetSequence(DicomTags.ReferencedRTPlanSequence));
    }

    /// <summary>REG faults that are valid DICOM: dciodvfy reports no error, the harness must.</summary>
    public static IEnumerable<(string Name, string Rule, Action<DicomDataset> Break)> RegFaults()
    {
        yield return ("rigid-not-orthonormal", "REG-SRO-025", d => d.SetMatrix(2, 1.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        yield return ("rigid-reflection", "REG-SRO-026", d => d.SetMatrix(2, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1));
        yield return ("transposed", "REG-SRO-023", d => d.SetMatrix(2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 10, 20, 30, 1));
        yield return ("item1-not-identity", "REG-SRO-014", d => d.SetMatrix(1, 1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        yield return ("item1-not-base", "REG-SRO-013", d => d.Item(DicomTags.RegistrationSequence).With(DicomTags.FrameOfReferenceUID, "1.2.3.4"));
    }

    private static (IReadOnlyList<string> Unmatched, string Table) Compare(IEnumerable<string> paths)
    {
        var unmatched = new List<string>();
        var table = new StringBuilder();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var messages = Dciodvfy.Run(path);
            if (messages is null)
            {
                table.AppendLine($"{name}: dciodvfy aborted (assertion) - nothing to compare");
                continue;
            }
            var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.Gen, Parallelism = 1 }).Validate([path]);
            var ours = report.Findings.Where(f => f.Severity == Severity.Error).ToList();
            foreach (var m in Dciodvfy.Errors(messages))
            {
                var exception = Exceptions.FirstOrDefault(e => e.File.IsMatch(name) && e.Message.IsMatch(m.Text));
                var match = m.Keyword is { } k ? ours.FirstOrDefault(f => PathNames(f.Path).Contains(k)) : null;
                var verdict = match is not null ? $"matched {match.Rule.Id} {match.Path}" : exception.Reason is { } r ? $"exception: {r}" : "NOT REPORTED";
                table.AppendLine($"{name}: dciodvfy: {m.Text}\n    -> {verdict}");
                if (match is null && exception.Reason is null) unmatched.Add($"{name}: {m.Text}");
            }
        }
        return (unmatched, table.ToString());
    }

    private static HashSet<string> PathNames(string path) =>
        path.Split('/').Select(p => p.Split('[')[0]).ToHashSet(StringComparer.Ordinal);

    private static void Attach(string name, string text)
    {
        Directory.CreateDirectory(Work);
        var file = Path.Combine(Work, name);
        File.WriteAllText(file, text);
        TestContext.AddTestAttachment(file, name);
        TestContext.Out.WriteLine(text);
    }

    [Test]
    public void CorrectObjectsPassDciodvfyAndTheHarness()
    {
        Dciodvfy.RequireOrIgnore();
        var paths = WriteCorrect();
        var log = new StringBuilder();
        foreach (var path in paths)
            foreach (var e in Dciodvfy.Errors(Dciodvfy.Run(path) ?? []))
                log.AppendLine($"{Path.GetFileName(path)}: {e.Text}");
        Attach("correct-objects.txt", log.ToString());
        Assert.That(log.ToString(), Is.Empty, "dciodvfy reports errors on objects the fixture builder calls correct");
        var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.MmroII, Parallelism = 1 }).Validate(paths);
        Assert.That(report.Findings, Is.Empty, Harness.Describe(report.Findings));
    }

    [Test]
    public void PydicomSamplesEveryDciodvfyErrorIsReported()
    {
        Dciodvfy.RequireOrIgnore();
        if (!Directory.Exists(PydicomFiles)) Assert.Ignore($"{PydicomFiles} missing (Debian package python3-pydicom)");
        var files = new[] { "rtstruct.dcm", "rtdose.dcm", "rtdose_1frame.dcm", "rtdose_rle.dcm", "rtplan.dcm", "CT_small.dcm", "MR_small.dcm" }
            .Select(f => Path.Combine(PydicomFiles, f)).Where(File.Exists).ToList();
        var (unmatched, table) = Compare(files);
        Attach("pydicom-samples.txt", table);
        Assert.That(unmatched, Is.Empty, table);
    }

    [Test]
    public void BrokenVariantsEveryDciodvfyErrorIsReported()
    {
        Dciodvfy.RequireOrIgnore();
        var folder = Path.Combine(Work, "broken");
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        var silent = new List<string>();
        foreach (var (name, pick, breakIt) in DicomFaults())
        {
            var ds = pick(Study.Phantom());
            breakIt(ds);
            var path = Path.Combine(folder, name + ".dcm");
            DicomFileWriter.Write(path, DicomFile.Create(ds));
            paths.Add(path);
            if (!Dciodvfy.Errors(Dciodvfy.Run(path) ?? []).Any()) silent.Add(name);
        }
        var (unmatched, table) = Compare(paths);
        Attach("broken-variants.txt", table);
        Assert.That(silent, Is.Empty, "a broken variant dciodvfy does not flag tests nothing here");
        Assert.That(unmatched, Is.Empty, table);
    }

    [Test]
    public void RegFaultsDciodvfyCannotSeeAreReported()
    {
        Dciodvfy.RequireOrIgnore();
        var folder = Path.Combine(Work, "reg-faults");
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        var log = new StringBuilder();
        foreach (var (name, rule, breakIt) in RegFaults())
        {
            var study = Study.Phantom();
            breakIt(study.SroMr);
            var paths = study.WriteTo(Path.Combine(folder, name));
            var sro = paths.Single(p => p.EndsWith("SRO_MR.dcm", StringComparison.Ordinal));
            var dciodvfyErrors = Dciodvfy.Errors(Dciodvfy.Run(sro) ?? []).ToList();
            var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.MmroII, Parallelism = 1 }).Validate(paths);
            var ours = report.Findings.Where(f => f.Rule.Id == rule && f.Severity == Severity.Error).ToList();
            log.AppendLine($"{name}: dciodvfy errors {dciodvfyErrors.Count}; harness {rule}: {string.Join("; ", ours.Select(f => f.Message))}");
            Assert.That(dciodvfyErrors, Is.Empty, $"{name}: dciodvfy sees this fault after all: {string.Join("; ", dciodvfyErrors.Select(e => e.Text))}");
            Assert.That(ours, Is.Not.Empty, $"{name}: harness misses {rule}");
        }
        Attach("reg-faults.txt", log.ToString());
    }
}

using System.Text.Json;
using ConformanceKit.Dicom;

namespace ConformanceKit.Cli.Tests;

/// <summary>`ck dump` and `ck convert`: output and exit codes (0 read, 1 cannot read, 64 usage).</summary>
[NonParallelizable]
public class DicomCommandTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ck-cli-dicom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string WriteSample(string name, string patientName = "Doe^Jane")
    {
        var ds = new DicomDataset()
            .With(DicomTags.SOPClassUID, DicomUids.CTImageStorage)
            .With(DicomTags.SOPInstanceUID, DicomUidGenerator.New())
            .With(DicomTags.PatientName, patientName)
            .With(DicomTags.Modality, "CT");
        var path = Path.Combine(_dir, name);
        DicomFileWriter.Write(path, DicomFile.Create(ds));
        return path;
    }

    [Test]
    public async Task DumpPrintsTheTreeAndExitsZero()
    {
        var r = await Ck.RunAsync("dump", WriteSample("a.dcm"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Out, Does.Contain("(0010,0010)").And.Contain("PatientName").And.Contain("Doe^Jane"));
    }

    [Test]
    public async Task DumpJsonIsTheDicomJsonModel()
    {
        var r = await Ck.RunAsync("dump", "--json", WriteSample("a.dcm"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var name = doc.RootElement.GetProperty("00100010");
        Assert.That(name.GetProperty("vr").GetString(), Is.EqualTo("PN"));
        Assert.That(name.GetProperty("Value")[0].GetProperty("Alphabetic").GetString(), Is.EqualTo("Doe^Jane"));
    }

    [Test]
    public async Task DumpOfAFileThatIsNotDicomExitsOneWithTheReason()
    {
        var path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "this is not a DICOM file at all, just text");
        var r = await Ck.RunAsync("dump", path);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Error, Does.Contain("not DICOM").IgnoreCase);
    }

    [Test]
    public async Task DumpOfAMissingFileExitsOne()
    {
        var r = await Ck.RunAsync("dump", Path.Combine(_dir, "missing.dcm"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Error, Is.Not.Empty);
    }

    [Test]
    public async Task ConvertAFolderToImplicitKeepsEveryDataset()
    {
        var input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        File.Move(WriteSample("a.dcm"), Path.Combine(input, "a.dcm"));
        File.Move(WriteSample("b.dcm", "Roe^John"), Path.Combine(input, "sub", "b.dcm"));
        var output = Path.Combine(_dir, "out");
        var r = await Ck.RunAsync("convert", input, output, "--ts", "implicit");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var written = Directory.GetFiles(output, "*.dcm", SearchOption.AllDirectories);
        Assert.That(written, Has.Length.EqualTo(2));
        foreach (var f in written)
        {
            var file = DicomFileReader.Read(f);
            Assert.That(file.TransferSyntax.Uid, Is.EqualTo(DicomTransferSyntax.ImplicitVRLittleEndian.Uid));
            var original = DicomFileReader.Read(Path.Combine(input, Path.GetRelativePath(output, f)));
            Assert.That(DicomWriter.Encode(file.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian),
                Is.EqualTo(DicomWriter.Encode(original.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian)));
        }
    }

    [Test]
    public async Task ConvertNamesTheFileItCannotReadAndExitsOne()
    {
        var input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        File.Move(WriteSample("good.dcm"), Path.Combine(input, "good.dcm"));
        File.WriteAllBytes(Path.Combine(input, "broken.dcm"), [1, 2, 3]);
        var r = await Ck.RunAsync("convert", input, Path.Combine(_dir, "out"), "--quiet");
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Error, Does.Contain("broken.dcm"));
        Assert.That(File.Exists(Path.Combine(_dir, "out", "good.dcm")), Is.True, "the readable file is still converted");
    }

    [Test]
    public async Task UsageErrors()
    {
        Assert.That((await Ck.RunAsync("convert", "only-one-arg")).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("convert", "a", "b", "--ts", "bigendian")).ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That((await Ck.RunAsync("dump", "a.dcm", "--nonsense")).ExitCode, Is.EqualTo(ExitCodes.Usage));
    }
}

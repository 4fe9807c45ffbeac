using System.Text;
using System.Text.Json.Nodes;

namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>
/// The harness's DICOM JSON Model (PS3.18 F.2) of every corpus file equals dcmtk's dcm2json output element
/// for element, under the normalisations of <see cref="JsonModelComparer"/>. Files dcm2json cannot read must
/// fail here too. Two kinds of dcm2json refusal are not about reading and get another oracle: compressed
/// pixel data (compared with dcm2json on a copy without Pixel Data, made by dcmtk's dcmodify) and character
/// sets dcmtk's converter lacks (text compared with Debian's pydicom).
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class DcmtkJsonParityTests
{
    [TestCaseSource(typeof(ParityCorpus), nameof(ParityCorpus.Cases))]
    public void JsonModelEqualsDcm2json(string path)
    {
        var dcm2json = ExternalTool.Require("dcm2json", "dcmtk");
        var reference = ExternalTool.Run(dcm2json, "-q", path);
        if (reference.ExitCode == 0)
        {
            var file = DicomFileReader.Read(path);
            AssertSameModel(reference.StandardOutput, file.Dataset, file);
            return;
        }
        var why = ExternalTool.Run(dcm2json, path).StandardError;
        if (why.Contains("compressed pixel data", StringComparison.Ordinal))
        {
            CompareWithoutPixelData(path);
            return;
        }
        if (why.Contains("Cannot open character encoding", StringComparison.Ordinal))
        {
            CharacterSetOracle.AssertTextEqualsPydicom(path);
            return;
        }
        ExpectReadFailure(path, why);
    }

    private static void AssertSameModel(byte[] dcmtkJson, DicomDataset dataset, DicomFile file)
    {
        var expected = JsonNode.Parse(dcmtkJson)!.AsObject();
        var ours = JsonNode.Parse(DicomJsonWriter.Serialize(dataset))!.AsObject();
        var comparison = JsonModelComparer.Compare(expected, ours);
        var diffs = comparison.Differences;
        Assert.That(diffs, Is.Empty, () => "differences from dcm2json:\n  " + string.Join("\n  ", diffs.Take(40))
            + "\nread issues:\n  " + string.Join("\n  ", file.Issues.Take(20)));
        // Text dcmtk left undecoded (replacement characters or raw ISO 2022 escapes) is checked against pydicom.
        if (comparison.UndecodedByDcmtk > 0) CharacterSetOracle.AssertTextEqualsPydicom(file.Path!);
    }

    // dcm2json refuses encapsulated Pixel Data as InlineBinary. dcmtk's own dcmodify removes it from a copy;
    // the rest of the model must then be equal. The fragments themselves are covered by the round-trip parity.
    private static void CompareWithoutPixelData(string path)
    {
        var dcmodify = ExternalTool.Require("dcmodify", "dcmtk");
        var copy = Path.Combine(Path.GetTempPath(), $"ck-parity-{Guid.NewGuid():N}.dcm");
        try
        {
            File.Copy(path, copy);
            var modify = ExternalTool.Run(dcmodify, "-q", "-nb", "-ea", "(7fe0,0010)", copy);
            Assert.That(modify.ExitCode, Is.Zero, $"dcmodify failed: {modify.StandardError}");
            var reference = ExternalTool.Run(ExternalTool.Require("dcm2json", "dcmtk"), "-q", copy);
            Assert.That(reference.ExitCode, Is.Zero, $"dcm2json failed on the copy without Pixel Data: {reference.StandardError}");
            var file = DicomFileReader.Read(path);
            Assert.That(file.Dataset[DicomTags.PixelData], Is.InstanceOf<DicomFragmentSequence>(), "encapsulated Pixel Data read as fragments");
            var dataset = file.Dataset.Clone();
            dataset.Remove(DicomTags.PixelData);
            // dcmodify writes the copy without Data Set Trailing Padding (PS3.10 7.2: padding carries no meaning).
            if (copyLacks(copy, DicomTags.DataSetTrailingPadding)) dataset.Remove(DicomTags.DataSetTrailingPadding);
            AssertSameModel(reference.StandardOutput, dataset, file);
        }
        finally { File.Delete(copy); }

        static bool copyLacks(string copy, DicomTag tag) => !DicomFileReader.Read(copy).Dataset.Contains(tag);
    }

    // dcmtk could not read the file: the harness must say so too, with an error naming the offset (and tag path).
    private static void ExpectReadFailure(string path, string dcmtkReason)
    {
        DicomFile file;
        try { file = DicomFileReader.Read(path); }
        catch (DicomReadException e)
        {
            Assert.That(e.Offset, Is.GreaterThanOrEqualTo(0));
            TestContext.Out.WriteLine($"rejected like dcmtk: {e.Message}\ndcmtk: {dcmtkReason}");
            return;
        }
        var errors = file.Issues.Where(i => i.IsError).ToList();
        Assert.That(errors, Is.Not.Empty, $"dcmtk cannot read this file ({dcmtkReason.Trim()}) but the harness read it without error; issues: {string.Join("; ", file.Issues)}");
        var strict = Assert.Throws<DicomReadException>(() => DicomFileReader.Read(path, new DicomReadOptions { Lenient = false }));
        Assert.That(strict!.Offset, Is.EqualTo(errors[0].Offset), "strict reading stops at the first error");
        TestContext.Out.WriteLine($"read with errors like dcmtk: {string.Join("; ", errors)}\ndcmtk: {dcmtkReason}");
    }
}

namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>
/// Reading a corpus file and writing it again in the same transfer syntax gives the same dataset bytes
/// (Explicit and Implicit VR Little Endian, and the encapsulated syntaxes, whose datasets are Explicit VR
/// Little Endian around the fragments). Big Endian and Deflated datasets cannot be written here; they are
/// compared after conversion to Explicit VR Little Endian instead, against dcmtk's dcmconv doing the same
/// conversion. Files the harness reads only with errors have no bytes to reproduce: what was salvaged must
/// encode cleanly instead. Files that are not DICOM at all are covered by <see cref="DcmtkJsonParityTests"/>.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class RoundTripParityTests
{
    [TestCaseSource(typeof(ParityCorpus), nameof(ParityCorpus.Cases))]
    public void WritingWhatWasReadGivesTheSameBytes(string path)
    {
        DicomFile file;
        try { file = DicomFileReader.Read(path); }
        catch (DicomReadException e) { Assert.Ignore($"not readable ({e.Reason}); see the JSON parity case"); return; }
        if (file.Issues.Any(i => i.IsError))
        {
            WhatWasSalvagedWritesCleanly(file);
            return;
        }

        var original = File.ReadAllBytes(path);
        var ts = file.TransferSyntax;
        if (!ts.LittleEndian || ts.Deflated)
        {
            CompareConversionWithDcmconv(path, file);
            return;
        }
        var written = DicomWriter.Encode(file.Dataset, ts);
        var expected = original.AsSpan((int)file.DatasetOffset);
        AssertSameBytes(expected, written, "dataset");
        // A conformant File Meta Information group is written back as it was, so the whole file is the same too.
        if (file.Preamble is not null && !file.Issues.Any(i => i.Offset < file.DatasetOffset))
            AssertSameBytes(original, DicomFileWriter.Encode(file), "whole file");
    }

    // A damaged file has no bytes to reproduce, but what was read must still encode to a clean dataset that
    // reads back to the same model.
    private static void WhatWasSalvagedWritesCleanly(DicomFile file)
    {
        var ts = file.TransferSyntax.LittleEndian && !file.TransferSyntax.Deflated ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian;
        var written = DicomWriter.Encode(file.Dataset, ts);
        var reader = new DicomDatasetReader(written, ts);
        var again = reader.Read();
        Assert.That(reader.Issues.Where(i => i.IsError), Is.Empty, "the salvaged dataset encodes cleanly");
        Assert.That(DicomJsonWriter.Serialize(again), Is.EqualTo(DicomJsonWriter.Serialize(file.Dataset)));
    }

    // dcmconv +te writes Explicit VR Little Endian with defined lengths for every sequence and item (its
    // default, +e); the harness is given the same length policy and must then write the same bytes.
    private static void CompareConversionWithDcmconv(string path, DicomFile file)
    {
        var dcmconv = ExternalTool.Require("dcmconv", "dcmtk");
        var converted = Path.Combine(Path.GetTempPath(), $"ck-dcmconv-{Guid.NewGuid():N}.dcm");
        try
        {
            var r = ExternalTool.Run(dcmconv, "-q", "+te", path, converted);
            Assert.That(r.ExitCode, Is.Zero, $"dcmconv failed: {r.StandardError}");
            var reference = DicomFileReader.Read(converted);
            var dataset = file.Dataset.Clone();
            UseDefinedLengths(dataset);
            var written = DicomWriter.Encode(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
            AssertSameBytes(File.ReadAllBytes(converted).AsSpan((int)reference.DatasetOffset), written, "dataset converted to Explicit VR Little Endian");
        }
        finally { File.Delete(converted); }
    }

    private static void UseDefinedLengths(DicomDataset ds)
    {
        ds.UndefinedLength = false;
        foreach (var sq in ds.OfType<DicomSequence>())
        {
            sq.UndefinedLength = false;
            foreach (var item in sq.Items) UseDefinedLengths(item);
        }
    }

    internal static void AssertSameBytes(ReadOnlySpan<byte> expected, byte[] actual, string what)
    {
        if (expected.SequenceEqual(actual)) return;
        var n = Math.Min(expected.Length, actual.Length);
        var at = 0;
        while (at < n && expected[at] == actual[at]) at++;
        Assert.Fail($"{what}: {actual.Length} bytes written, {expected.Length} expected; first difference at byte {at}: " +
            $"expected {Hex(expected, at)} but was {Hex(actual, at)}");
    }

    private static string Hex(ReadOnlySpan<byte> s, int at) =>
        at >= s.Length ? "(end)" : Convert.ToHexString(s.Slice(at, Math.Min(16, s.Length - at)));
}

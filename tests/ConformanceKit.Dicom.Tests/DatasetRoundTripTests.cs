using ConformanceKit.Dicom;

namespace ConformanceKit.Dicom.Tests;

public class DatasetRoundTripTests
{
    private static DicomDataset Sample()
    {
        var ds = new DicomDataset()
            .With(DicomTags.SOPClassUID, DicomUids.SpatialRegistrationStorage)
            .With(DicomTags.SOPInstanceUID, "1.2.3.4.5")
            .With(DicomTags.PatientName, "Doe^Jane")
            .With(DicomTags.Modality, "REG");
        var matrix = new DicomDataset()
            .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 0.996194698091746, 0.0871557427476582, 0, 0, -0.0871557427476582, 0.996194698091746, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)
            .With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID");
        ds.SetSequence(DicomTags.RegistrationSequence,
            new DicomDataset().SetSequence(DicomTags.MatrixRegistrationSequence, new DicomDataset().SetSequence(DicomTags.MatrixSequence, matrix)));
        ds.GetSequence(DicomTags.RegistrationSequence)!.UndefinedLength = true;
        return ds;
    }

    [TestCase("1.2.840.10008.1.2.1")]
    [TestCase("1.2.840.10008.1.2")]
    public void EncodedDatasetReadsBackToTheSameBytes(string tsUid)
    {
        var ts = DicomTransferSyntax.FromUid(tsUid);
        var bytes = DicomWriter.Encode(Sample(), ts);
        var read = DicomDatasetReader.Parse(bytes, ts);
        Assert.That(DicomWriter.Encode(read, ts), Is.EqualTo(bytes));
        var matrix = read.GetItem(DicomTags.RegistrationSequence)!.GetItem(DicomTags.MatrixRegistrationSequence)!.GetItem(DicomTags.MatrixSequence)!;
        Assert.That(matrix.GetDoubles(DicomTags.FrameOfReferenceTransformationMatrix)[1], Is.EqualTo(0.0871557427476582).Within(1e-14));
        Assert.That(matrix.GetString(DicomTags.FrameOfReferenceTransformationMatrixType), Is.EqualTo("RIGID"));
    }

    [Test]
    public void DecimalStringsNeverExceedSixteenCharacters()
    {
        foreach (var v in new[] { -0.0871557427476582, 1e-20, 123456789012345678.0, -1.0 / 3, 0.1 + 0.2 })
        {
            var s = DicomValueCodec.FormatDecimal(v);
            Assert.That(s.Length, Is.LessThanOrEqualTo(16), s);
            Assert.That(DicomValueCodec.ParseDecimal(s), Is.EqualTo(v).Within(Math.Abs(v) * 1e-10), s); // 16 characters keep at least 10 significant digits
        }
    }

    [Test]
    public void Part10FileRoundTripsThroughBytes()
    {
        var file = DicomFile.Create(Sample());
        var bytes = DicomFileWriter.Encode(file);
        var read = DicomFileReader.Read(bytes);
        Assert.That(read.HasPart10Header, Is.True);
        Assert.That(read.Issues, Is.Empty);
        Assert.That(read.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID), Is.EqualTo("1.2.3.4.5"));
        Assert.That(DicomFileWriter.Encode(read), Is.EqualTo(bytes));
    }
}

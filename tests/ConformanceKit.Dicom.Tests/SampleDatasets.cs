namespace ConformanceKit.Dicom.Tests;

/// <summary>Datasets built in code with the dataset API, for tests that need realistic content.</summary>
public static class SampleDatasets
{
    /// <summary>A spatial registration with nested sequences, text, numbers and a small 16-bit image.</summary>
    public static DicomDataset RegistrationWithImage()
    {
        var ds = new DicomDataset()
            .With(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .With(DicomTags.SOPClassUID, DicomUids.SpatialRegistrationStorage)
            .With(DicomTags.SOPInstanceUID, "1.2.826.0.1.3680043.2.1125.1")
            .With(DicomTags.PatientName, "Müller^Jürgen=ミュラー^ユルゲン")
            .With(DicomTags.Modality, "REG");
        var matrix = new DicomDataset()
            .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 0.996194698091746, -0.0871557427476582, 0, 12.5,
                0.0871557427476582, 0.996194698091746, 0, -3.25, 0, 0, 1, 40, 0, 0, 0, 1)
            .With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID");
        var registration = new DicomDataset()
            .With(DicomTags.FrameOfReferenceUID, "1.2.826.0.1.3680043.2.1125.2")
            .SetSequence(DicomTags.MatrixRegistrationSequence, new DicomDataset().SetSequence(DicomTags.MatrixSequence, matrix));
        ds.SetSequence(DicomTags.RegistrationSequence, registration, new DicomDataset().With(DicomTags.FrameOfReferenceUID, "1.2.3"));
        ds.GetSequence(DicomTags.RegistrationSequence)!.UndefinedLength = true;
        ds.SetUInt16(DicomTags.Rows, 4).SetUInt16(DicomTags.Columns, 4).SetUInt16(DicomTags.BitsAllocated, 16);
        ds.SetUInt16(DicomTags.PixelRepresentation, 1);
        ds.SetBinary<short>(DicomTags.PixelData, DicomVR.OW, Enumerable.Range(-8, 16).Select(i => (short)(i * 100)).ToArray());
        return ds;
    }
}

using ConformanceKit.Dicom;

namespace ConformanceKit.Testing;

/// <summary>
/// Tiny DICOM objects made by code (2 x 2 pixel CT slices, a two-item SRO) for tests that care about identities,
/// references and transport rather than pixels.
/// </summary>
public static class TinyObjects
{
    public static DicomDataset Ct(string patientId, string study, string series, string frame, int number)
    {
        var ds = new DicomDataset()
            .With(DicomTags.SOPClassUID, DicomUids.CTImageStorage)
            .With(DicomTags.SOPInstanceUID, $"{series}.{number}")
            .With(DicomTags.Modality, "CT")
            .With(DicomTags.PatientName, "Test^Phantom")
            .With(DicomTags.PatientID, patientId)
            .With(DicomTags.StudyInstanceUID, study)
            .With(DicomTags.SeriesInstanceUID, series)
            .With(DicomTags.FrameOfReferenceUID, frame);
        ds.SetIntegers(DicomTags.InstanceNumber, number);
        ds.SetDecimals(DicomTags.ImagePositionPatient, 0, 0, number * 2.5);
        ds.SetUInt16(DicomTags.Rows, 2);
        ds.SetUInt16(DicomTags.Columns, 2);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 3, 0, (byte)number, 0 });
        return ds;
    }

    public static DicomDataset Sro(string patientId, string study, string series, string baseFrame, string movingFrame, string referencedImage)
    {
        var identity = new DicomDataset().SetSequence(DicomTags.MatrixSequence,
            new DicomDataset().With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID")
                .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        var moving = new DicomDataset().SetSequence(DicomTags.MatrixSequence,
            new DicomDataset().With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID")
                .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 0.996195, 0.087156, 0, 0, -0.087156, 0.996195, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        return new DicomDataset()
            .With(DicomTags.SOPClassUID, DicomUids.SpatialRegistrationStorage)
            .With(DicomTags.SOPInstanceUID, series + ".1")
            .With(DicomTags.Modality, "REG")
            .With(DicomTags.PatientName, "Test^Phantom")
            .With(DicomTags.PatientID, patientId)
            .With(DicomTags.StudyInstanceUID, study)
            .With(DicomTags.SeriesInstanceUID, series)
            .With(DicomTags.FrameOfReferenceUID, baseFrame)
            .SetSequence(DicomTags.RegistrationSequence,
                new DicomDataset().With(DicomTags.FrameOfReferenceUID, baseFrame).SetSequence(DicomTags.MatrixRegistrationSequence, identity),
                new DicomDataset().With(DicomTags.FrameOfReferenceUID, movingFrame)
                    .SetSequence(DicomTags.ReferencedImageSequence, new DicomDataset()
                        .With(DicomTags.ReferencedSOPClassUID, DicomUids.CTImageStorage)
                        .With(DicomTags.ReferencedSOPInstanceUID, referencedImage))
                    .SetSequence(DicomTags.MatrixRegistrationSequence, moving));
    }

}

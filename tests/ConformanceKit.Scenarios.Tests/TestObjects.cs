using ConformanceKit.Dicom;

namespace ConformanceKit.Scenarios.Tests;

/// <summary>Small DICOM objects made by code for the scenario tests.</summary>
internal static class TestObjects
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

    /// <summary>Writes a folder with 3 CT slices and one SRO; returns its path.</summary>
    public static string WriteFolder(string root)
    {
        Directory.CreateDirectory(root);
        const string study = "1.2.3.4.100", series = "1.2.3.4.101", frame = "1.2.3.4.102";
        for (var i = 1; i <= 3; i++)
            DicomFileWriter.Write(Path.Combine(root, $"ct{i}.dcm"), DicomFile.Create(Ct("PAT1", study, series, frame, i)));
        DicomFileWriter.Write(Path.Combine(root, "reg.dcm"), DicomFile.Create(Sro("PAT1", study, "1.2.3.4.200", frame, "1.2.3.4.300", series + ".1")));
        File.WriteAllText(Path.Combine(root, "notes.txt"), "not DICOM");
        return root;
    }

    public static string TempDirectory()
    {
        var d = Path.Combine(Path.GetTempPath(), "ck-scn-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}

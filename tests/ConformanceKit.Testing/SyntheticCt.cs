using System.Globalization;
using ConformanceKit.Dicom;

namespace ConformanceKit.Testing;

/// <summary>
/// CT-like image series built in code with the dataset API (PS3.3 A.3 CT Image IOD, the modules a storage and
/// query test exercises): a patient, one study, one series, 16-bit signed pixels with a deterministic pattern.
/// 512 x 512 images are about 525 KB each. Also used by bench/ to make its 200-image study.
/// </summary>
public static class SyntheticCt
{
    /// <summary>A series of <paramref name="count"/> axial slices; UIDs derive from <paramref name="seed"/> so runs repeat.</summary>
    public static IReadOnlyList<DicomDataset> Series(int count, int rows = 64, int columns = 64, string seed = "ck-ct",
        string patientId = "CK0001", string patientName = "Phantom^Ct")
    {
        var study = DicomUidGenerator.FromSeed(seed + "/study");
        var series = DicomUidGenerator.FromSeed(seed + "/series");
        var frame = DicomUidGenerator.FromSeed(seed + "/frame");
        return Enumerable.Range(1, count)
            .Select(i => Image(i, rows, columns, study, series, frame, DicomUidGenerator.FromSeed($"{seed}/image/{i}"), patientId, patientName))
            .ToList();
    }

    public static DicomDataset Image(int instanceNumber, int rows, int columns, string studyUid, string seriesUid, string frameUid,
        string sopInstanceUid, string patientId = "CK0001", string patientName = "Phantom^Ct")
    {
        var z = (instanceNumber - 1) * 2.5;
        var ds = new DicomDataset()
            .With(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .With(DicomTags.ImageType, @"ORIGINAL\PRIMARY\AXIAL")
            .With(DicomTags.SOPClassUID, DicomUids.CTImageStorage)
            .With(DicomTags.SOPInstanceUID, sopInstanceUid)
            .With(DicomTags.StudyDate, "20240115")
            .With(DicomTags.StudyTime, "093000")
            .With(DicomTags.AccessionNumber, "ACC0001")
            .With(DicomTags.Modality, "CT")
            .With(DicomTags.Manufacturer, "ConformanceKit")
            .With(DicomTags.ReferringPhysicianName, "")
            .With(DicomTags.StudyDescription, "Synthetic CT")
            .With(DicomTags.SeriesDescription, "Axial 2.5 mm")
            .With(DicomTags.PatientName, patientName)
            .With(DicomTags.PatientID, patientId)
            .With(DicomTags.PatientBirthDate, "19700101")
            .With(DicomTags.PatientSex, "O")
            .SetDecimals(DicomTags.SliceThickness, 2.5)
            .SetDecimals(DicomTags.KVP, 120)
            .With(DicomTags.PatientPosition, "HFS")
            .With(DicomTags.StudyInstanceUID, studyUid)
            .With(DicomTags.SeriesInstanceUID, seriesUid)
            .With(DicomTags.StudyID, "1")
            .SetIntegers(DicomTags.SeriesNumber, 1)
            .SetIntegers(DicomTags.InstanceNumber, instanceNumber)
            .SetDecimals(DicomTags.ImagePositionPatient, -250, -250, z)
            .SetDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
            .With(DicomTags.FrameOfReferenceUID, frameUid)
            .With(DicomTags.PositionReferenceIndicator, "")
            .SetDecimals(DicomTags.SliceLocation, z)
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .With(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetUInt16(DicomTags.Rows, (ushort)rows)
            .SetUInt16(DicomTags.Columns, (ushort)columns)
            .SetDecimals(DicomTags.PixelSpacing, 500.0 / rows, 500.0 / columns)
            .SetUInt16(DicomTags.BitsAllocated, 16)
            .SetUInt16(DicomTags.BitsStored, 16)
            .SetUInt16(DicomTags.HighBit, 15)
            .SetUInt16(DicomTags.PixelRepresentation, 1)
            .SetDecimals(DicomTags.WindowCenter, 40)
            .SetDecimals(DicomTags.WindowWidth, 400)
            .SetDecimals(DicomTags.RescaleIntercept, -1024)
            .SetDecimals(DicomTags.RescaleSlope, 1)
            .With(DicomTags.RescaleType, "HU");
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(rows, columns, instanceNumber));
        return ds;
    }

    /// <summary>A body-sized disc of soft tissue with a denser core, varying by slice: stored values (HU + 1024).</summary>
    private static byte[] Pixels(int rows, int columns, int slice)
    {
        var bytes = new byte[rows * columns * 2];
        var span = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes.AsSpan());
        double cy = rows / 2.0, cx = columns / 2.0, r2 = rows * rows * 0.16, core2 = rows * rows * (0.01 + 0.0005 * (slice % 10));
        for (var y = 0; y < rows; y++)
            for (var x = 0; x < columns; x++)
            {
                var d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
                span[y * columns + x] = (short)(d2 > r2 ? 24 : d2 > core2 ? 1064 + (x + y + slice) % 16 : 1424);
            }
        return bytes;
    }

    /// <summary>Writes a series as Part 10 files (Explicit VR Little Endian) named by instance number; returns the paths.</summary>
    public static IReadOnlyList<string> WriteFiles(IEnumerable<DicomDataset> images, string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var ds in images)
        {
            var path = Path.Combine(directory, $"CT{ds.GetInt(DicomTags.InstanceNumber)?.ToString("D4", CultureInfo.InvariantCulture)}.dcm");
            DicomFileWriter.Write(path, DicomFile.Create(ds));
            paths.Add(path);
        }
        return paths;
    }
}

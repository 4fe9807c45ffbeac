using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>
/// A correct REG data set built in code: CT, MR and PET series in three Frames of Reference, two SROs
/// (CT base; MR and PET moving, 5 degree rotations as in the IHE-RO tool data), an RT Structure Set on
/// the CT and a multi-frame RT Dose in the CT Frame of Reference. Rule fixtures are targeted edits of it.
/// TODO(geometry): replace with the geometry layer's phantom generator once it is merged into main
/// (the bench links this file for the same reason).
/// </summary>
public sealed class RegStudyBuilder
{
    public int Rows { get; init; } = 8;
    public int Columns { get; init; } = 8;
    public int Slices { get; init; } = 4;
    public string Seed { get; init; } = "reg-study";
    public string PatientId { get; init; } = "REG001";

    public const string Manufacturer = "ConformanceKit";
    private const string StudyDate = "20240102";
    private const string StudyTime = "101500";

    /// <summary>CT to MR: 5 degrees about z through the origin (the MMRO REG2CTMR transform, reg-profile.md 5.2).</summary>
    public static Matrix4 CtFromMr { get; } = Matrix4.Rotation(Vector3.UnitZ, -5);

    /// <summary>CT to PET: 5 degrees about an axis parallel to y through (0, 0, -175) (the MMRO REG2CTPT transform).</summary>
    public static Matrix4 CtFromPet { get; } = Matrix4.Rotation(Vector3.UnitY, -5, new Vector3(0, 0, -175));

    private string Uid(string what) => DicomUidGenerator.FromSeed($"{Seed}/{what}");

    public string StudyUid => Uid("study");
    public string CtFrame => Uid("for/ct");
    public string MrFrame => Uid("for/mr");
    public string PetFrame => Uid("for/pet");

    public RegStudy Build()
    {
        var ct = Series("CT", DicomUids.CTImageStorage, CtFrame, spacing: 1.5, origin: new Vector3(-6, -6, -5), sliceStep: 2.5, number: 1);
        var mr = Series("MR", DicomUids.MRImageStorage, MrFrame, spacing: 2, origin: new Vector3(-8, -8, -6), sliceStep: 3, number: 2);
        var pet = Series("PT", DicomUids.PositronEmissionTomographyImageStorage, PetFrame, spacing: 4, origin: new Vector3(-16, -16, -8), sliceStep: 4, number: 3);
        var sroMr = Sro("mr", ct, mr, CtFromMr, "CT_MR", 4);
        var sroPet = Sro("pet", ct, pet, CtFromPet, "CT_PET", 5);
        var rtss = StructureSet(ct);
        var dose = Dose();
        return new RegStudy(ct, mr, pet, sroMr, sroPet, rtss, dose);
    }

    // ---- common modules ----

    private DicomDataset Common(string sopClass, string instance, string modality, string seriesUid, int seriesNumber)
    {
        var ds = new DicomDataset()
            .With(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .With(DicomTags.SOPClassUID, sopClass)
            .With(DicomTags.SOPInstanceUID, instance)
            .With(DicomTags.StudyDate, StudyDate)
            .With(DicomTags.StudyTime, StudyTime)
            .With(DicomTags.AccessionNumber, "ACC1")
            .With(DicomTags.Modality, modality)
            .With(DicomTags.Manufacturer, Manufacturer)
            .With(DicomTags.ReferringPhysicianName, "Referrer^Rita")
            .With(DicomTags.StudyDescription, "REG phantom")
            .With(DicomTags.PatientName, "Phantom^Reg")
            .With(DicomTags.PatientID, PatientId)
            .With(DicomTags.PatientBirthDate, "19700101")
            .With(DicomTags.PatientSex, "O")
            .With(DicomTags.StudyInstanceUID, StudyUid)
            .With(DicomTags.SeriesInstanceUID, seriesUid)
            .With(DicomTags.StudyID, "1")
            .SetIntegers(DicomTags.SeriesNumber, seriesNumber);
        ds.SetString(DicomTags.ManufacturerModelName, "Rules fixture");
        return ds;
    }

    private static DicomDataset Frame(DicomDataset ds, string frameUid) =>
        ds.With(DicomTags.FrameOfReferenceUID, frameUid).SetEmpty(DicomTags.PositionReferenceIndicator);

    private static DicomDataset Code(string value, string scheme, string meaning) =>
        new DicomDataset().With(DicomTags.CodeValue, value).With(DicomTags.CodingSchemeDesignator, scheme).With(DicomTags.CodeMeaning, meaning);

    private static DicomDataset Reference(string sopClass, string instance) =>
        new DicomDataset().With(DicomTags.ReferencedSOPClassUID, sopClass).With(DicomTags.ReferencedSOPInstanceUID, instance);

    private static byte[] Pixels(int count, int bytesPerValue)
    {
        var bytes = new byte[count * bytesPerValue];
        for (var i = 0; i < count; i++) bytes[i * bytesPerValue] = (byte)(i * 7);
        return bytes;
    }

    // ---- images ----

    private List<DicomDataset> Series(string modality, string sopClass, string frame, double spacing, Vector3 origin, double sliceStep, int number)
    {
        var seriesUid = Uid($"series/{modality}");
        var list = new List<DicomDataset>();
        for (var k = 0; k < Slices; k++)
        {
            var ds = Frame(Common(sopClass, Uid($"image/{modality}/{k}"), modality, seriesUid, number), frame);
            ds.With(DicomTags.SeriesDate, StudyDate).With(DicomTags.SeriesTime, StudyTime)
              .With(DicomTags.ContentDate, StudyDate).With(DicomTags.ContentTime, StudyTime)
              .With(DicomTags.BodyPartExamined, "HEAD")
              .SetIntegers(DicomTags.InstanceNumber, k + 1)
              .SetDecimals(DicomTags.ImagePositionPatient, origin.X, origin.Y, origin.Z + k * sliceStep)
              .SetDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
              .SetDecimals(DicomTags.PixelSpacing, spacing, spacing)
              .SetDecimals(DicomTags.SliceThickness, sliceStep)
              .SetUInt16(DicomTags.SamplesPerPixel, 1)
              .With(DicomTags.PhotometricInterpretation, "MONOCHROME2")
              .SetUInt16(DicomTags.Rows, (ushort)Rows)
              .SetUInt16(DicomTags.Columns, (ushort)Columns)
              .SetUInt16(DicomTags.BitsAllocated, 16)
              .SetUInt16(DicomTags.BitsStored, 16)
              .SetUInt16(DicomTags.HighBit, 15)
              .SetUInt16(DicomTags.PixelRepresentation, modality == "CT" ? (ushort)1 : (ushort)0)
              .SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(Rows * Columns, 2));
            // PET states the position in Patient Orientation Code Sequence; Patient Position is then absent (PS3.3 C.7.3.1).
            if (modality != "PT") ds.With(DicomTags.PatientPosition, "HFS");
            switch (modality)
            {
                case "CT":
                    ds.SetStrings(DicomTags.ImageType, ["ORIGINAL", "PRIMARY", "AXIAL"])
                      .SetDecimals(DicomTags.RescaleIntercept, -1024).SetDecimals(DicomTags.RescaleSlope, 1)
                      .SetDecimals(DicomTags.KVP, 120).SetIntegers(DicomTags.AcquisitionNumber, 1);
                    break;
                case "MR":
                    ds.SetStrings(DicomTags.ImageType, ["ORIGINAL", "PRIMARY", "OTHER"])
                      .With(DicomTags.ScanningSequence, "SE").With(DicomTags.SequenceVariant, "NONE")
                      .SetEmpty(DicomTags.ScanOptions).With(DicomTags.MRAcquisitionType, "2D")
                      .SetDecimals(DicomTags.RepetitionTime, 500).SetDecimals(DicomTags.EchoTime, 20).SetIntegers(DicomTags.EchoTrainLength, 1);
                    break;
                default:
                    ds.SetStrings(DicomTags.ImageType, ["ORIGINAL", "PRIMARY"])
                      .With(DicomTags.Units, "BQML").With(DicomTags.CountsSource, "EMISSION")
                      .SetStrings(DicomTags.SeriesType, ["STATIC", "IMAGE"]).SetUInt16(DicomTags.NumberOfSlices, (ushort)Slices)
                      .SetStrings(DicomTags.CorrectedImage, ["DECY", "ATTN"]).With(DicomTags.DecayCorrection, "START")
                      .With(DicomTags.CollimatorType, "NONE")
                      .SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, new DicomDataset()
                          .SetSequence(DicomTags.RadionuclideCodeSequence, Code("C-111A1", "SRT", "^18^Fluorine")))
                      .SetSequence(DicomTags.PatientOrientationCodeSequence)
                      .SetSequence(DicomTags.PatientGantryRelationshipCodeSequence)
                      .SetDecimals(DicomTags.RescaleIntercept, 0).SetDecimals(DicomTags.RescaleSlope, 1)
                      .SetDecimals(DicomTags.FrameReferenceTime, 0).SetUInt16(DicomTags.ImageIndex, (ushort)(k + 1))
                      .With(DicomTags.AcquisitionDate, StudyDate).With(DicomTags.AcquisitionTime, StudyTime)
                      .SetIntegers(DicomTags.ActualFrameDuration, 600000).SetDecimals(DicomTags.DecayFactor, 1);
                    break;
            }
            list.Add(ds);
        }
        return list;
    }

    // ---- registration ----

    private DicomDataset Sro(string name, List<DicomDataset> fixedImages, List<DicomDataset> movingImages, Matrix4 movingToFixed, string label, int seriesNumber)
    {
        var ds = Frame(Common(DicomUids.SpatialRegistrationStorage, Uid($"sro/{name}"), "REG", Uid($"series/reg/{name}"), seriesNumber),
            fixedImages[0].GetString(DicomTags.FrameOfReferenceUID)!);
        ds.With(DicomTags.ContentDate, StudyDate).With(DicomTags.ContentTime, StudyTime)
          .SetIntegers(DicomTags.InstanceNumber, 1)
          .With(DicomTags.ContentLabel, label)
          .SetEmpty(DicomTags.ContentDescription)
          .SetEmpty(DicomTags.ContentCreatorName)
          .With(DicomTags.BodyPartExamined, "HEAD");
        ds.SetSequence(DicomTags.RegistrationSequence,
            RegistrationItem(fixedImages, Matrix4.Identity),
            RegistrationItem(movingImages, movingToFixed));
        ds.SetSequence(DicomTags.ReferencedSeriesSequence, SeriesReference(fixedImages), SeriesReference(movingImages));
        return ds;
    }

    private static DicomDataset RegistrationItem(List<DicomDataset> images, Matrix4 m)
    {
        var matrix = new DicomDataset()
            .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, m.ToArray())
            .With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID");
        var registration = new DicomDataset()
            .SetSequence(DicomTags.RegistrationTypeCodeSequence, Code("125024", "DCM", "Image Content-based Alignment"))
            .SetSequence(DicomTags.MatrixSequence, matrix);
        return new DicomDataset()
            .With(DicomTags.FrameOfReferenceUID, images[0].GetString(DicomTags.FrameOfReferenceUID)!)
            .SetSequence(DicomTags.ReferencedImageSequence, images.Select(i => Reference(i.GetString(DicomTags.SOPClassUID)!, i.GetString(DicomTags.SOPInstanceUID)!)).ToArray())
            .SetSequence(DicomTags.MatrixRegistrationSequence, registration);
    }

    private static DicomDataset SeriesReference(List<DicomDataset> images) =>
        new DicomDataset()
            .With(DicomTags.SeriesInstanceUID, images[0].GetString(DicomTags.SeriesInstanceUID)!)
            .SetSequence(DicomTags.ReferencedInstanceSequence, images.Select(i => Reference(i.GetString(DicomTags.SOPClassUID)!, i.GetString(DicomTags.SOPInstanceUID)!)).ToArray());

    // ---- RT ----

    private DicomDataset StructureSet(List<DicomDataset> ct)
    {
        var ds = Frame(Common(DicomUids.RTStructureSetStorage, Uid("rtss"), "RTSTRUCT", Uid("series/rtss"), 6), CtFrame);
        ds.SetEmpty(DicomTags.OperatorsName)
          .With(DicomTags.StructureSetLabel, "PHANTOM")
          .With(DicomTags.StructureSetDate, StudyDate).With(DicomTags.StructureSetTime, StudyTime)
          .SetIntegers(DicomTags.InstanceNumber, 1);
        var images = ct.Select(i => Reference(DicomUids.CTImageStorage, i.GetString(DicomTags.SOPInstanceUID)!)).ToArray();
        ds.SetSequence(DicomTags.ReferencedFrameOfReferenceSequence, new DicomDataset()
            .With(DicomTags.FrameOfReferenceUID, CtFrame)
            .SetSequence(DicomTags.RTReferencedStudySequence, new DicomDataset()
                .With(DicomTags.ReferencedSOPClassUID, "1.2.840.10008.3.1.2.3.1")
                .With(DicomTags.ReferencedSOPInstanceUID, StudyUid)
                .SetSequence(DicomTags.RTReferencedSeriesSequence, new DicomDataset()
                    .With(DicomTags.SeriesInstanceUID, ct[0].GetString(DicomTags.SeriesInstanceUID)!)
                    .SetSequence(DicomTags.ContourImageSequence, images))));
        ds.SetSequence(DicomTags.StructureSetROISequence, new DicomDataset()
            .SetIntegers(DicomTags.ROINumber, 1).With(DicomTags.ReferencedFrameOfReferenceUID, CtFrame)
            .With(DicomTags.ROIName, "SPHERE").With(DicomTags.ROIGenerationAlgorithm, "MANUAL"));
        var contours = ct.Select(image =>
        {
            var z = image.GetDoubles(DicomTags.ImagePositionPatient)[2];
            return new DicomDataset()
                .SetSequence(DicomTags.ContourImageSequence, Reference(DicomUids.CTImageStorage, image.GetString(DicomTags.SOPInstanceUID)!))
                .With(DicomTags.ContourGeometricType, "CLOSED_PLANAR")
                .SetIntegers(DicomTags.NumberOfContourPoints, 4)
                .SetDecimals(DicomTags.ContourData, -2, -2, z, 2, -2, z, 2, 2, z, -2, 2, z);
        }).ToArray();
        ds.SetSequence(DicomTags.ROIContourSequence, new DicomDataset()
            .SetIntegers(DicomTags.ReferencedROINumber, 1).SetIntegers(DicomTags.ROIDisplayColor, 255, 0, 0)
            .SetSequence(DicomTags.ContourSequence, contours));
        ds.SetSequence(DicomTags.RTROIObservationsSequence, new DicomDataset()
            .SetIntegers(DicomTags.ObservationNumber, 1).SetIntegers(DicomTags.ReferencedROINumber, 1)
            .With(DicomTags.RTROIInterpretedType, "ORGAN").SetEmpty(DicomTags.ROIInterpreter));
        return ds;
    }

    private DicomDataset Dose()
    {
        const int frames = 3, size = 4;
        var ds = Frame(Common(DicomUids.RTDoseStorage, Uid("dose"), "RTDOSE", Uid("series/dose"), 7), CtFrame);
        ds.SetEmpty(DicomTags.OperatorsName)
          .SetIntegers(DicomTags.InstanceNumber, 1)
          .SetDecimals(DicomTags.ImagePositionPatient, -4, -4, -5)
          .SetDecimals(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0)
          .SetDecimals(DicomTags.PixelSpacing, 2, 2)
          .SetEmpty(DicomTags.SliceThickness)
          .SetUInt16(DicomTags.SamplesPerPixel, 1)
          .With(DicomTags.PhotometricInterpretation, "MONOCHROME2")
          .SetUInt16(DicomTags.Rows, size).SetUInt16(DicomTags.Columns, size)
          .SetUInt16(DicomTags.BitsAllocated, 16).SetUInt16(DicomTags.BitsStored, 16).SetUInt16(DicomTags.HighBit, 15)
          .SetUInt16(DicomTags.PixelRepresentation, 0)
          .SetIntegers(DicomTags.NumberOfFrames, frames)
          .SetTags(DicomTags.FrameIncrementPointer, DicomTags.GridFrameOffsetVector)
          .With(DicomTags.DoseUnits, "GY").With(DicomTags.DoseType, "PHYSICAL").With(DicomTags.DoseSummationType, "PLAN")
          .SetSequence(DicomTags.ReferencedRTPlanSequence, Reference(DicomUids.RTPlanStorage, Uid("plan")))
          .SetDecimals(DicomTags.GridFrameOffsetVector, 0, 2.5, 5)
          .SetDecimals(DicomTags.DoseGridScaling, 0.001)
          .SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(size * size * frames, 2));
        return ds;
    }
}

/// <summary>The objects of a <see cref="RegStudyBuilder"/> data set.</summary>
public sealed record RegStudy(
    List<DicomDataset> Ct, List<DicomDataset> Mr, List<DicomDataset> Pet,
    DicomDataset SroMr, DicomDataset SroPet, DicomDataset StructureSet, DicomDataset Dose)
{
    /// <summary>Every object with a file name that says what it is.</summary>
    public IEnumerable<(string Name, DicomDataset Dataset)> Objects()
    {
        for (var i = 0; i < Ct.Count; i++) yield return ($"CT{i + 1}.dcm", Ct[i]);
        for (var i = 0; i < Mr.Count; i++) yield return ($"MR{i + 1}.dcm", Mr[i]);
        for (var i = 0; i < Pet.Count; i++) yield return ($"PT{i + 1}.dcm", Pet[i]);
        yield return ("SRO_MR.dcm", SroMr);
        yield return ("SRO_PET.dcm", SroPet);
        yield return ("RTSS.dcm", StructureSet);
        yield return ("RTDOSE.dcm", Dose);
    }

    public IEnumerable<DicomFile> Files() =>
        Objects().Select(o => new DicomFile(DicomFileMeta.Build(o.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian), o.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian)
        {
            Path = o.Name, HasPart10Header = true,
        });

    /// <summary>Writes every object as a Part 10 file under <paramref name="folder"/>; returns the paths.</summary>
    public IReadOnlyList<string> WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var (name, ds) in Objects())
        {
            var path = Path.Combine(folder, name);
            DicomFileWriter.Write(path, DicomFile.Create(ds));
            paths.Add(path);
        }
        return paths;
    }

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

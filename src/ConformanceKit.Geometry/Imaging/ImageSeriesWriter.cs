using System.Runtime.InteropServices;
using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>How to label a series written from a volume.</summary>
public sealed record ImageSeriesOptions(
    string Modality,
    string SeriesInstanceUid,
    string FrameOfReferenceUid,
    int SeriesNumber,
    string SeriesDescription,
    Func<int, string> SopInstanceUid,
    string PatientPosition = "HFS",
    DateTime? Created = null,
    string? DerivationDescription = null);

/// <summary>
/// Writes a volume as a single-frame CT, MR or PET image series (PS3.3 A.3 CT Image, A.4 MR Image, A.21 PET
/// Image IODs): one image per slice in volume order, each carrying its own Image Position (Patient), the shared
/// Image Orientation (Patient) and Pixel Spacing (row spacing, column spacing). Used by the phantom generator
/// and for the reference resampler's derived series.
/// </summary>
public static class ImageSeriesWriter
{
    public static readonly IReadOnlyDictionary<string, string> SopClassOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CT"] = DicomUids.CTImageStorage,
        ["MR"] = DicomUids.MRImageStorage,
        ["PT"] = DicomUids.PositronEmissionTomographyImageStorage,
    };

    public static IReadOnlyList<DicomDataset> Write(ImageVolume volume, DicomDataset patientAndStudy, ImageSeriesOptions o)
    {
        if (!SopClassOf.TryGetValue(o.Modality, out var sopClass)) throw new ArgumentException($"modality {o.Modality} is not CT, MR or PT");
        var g = volume.Geometry;
        var created = o.Created ?? DateTime.UtcNow;
        var signed = o.Modality == "CT" || volume.Voxels.AsSpan().IndexOfAnyInRange(short.MinValue, (short)-1) >= 0;
        var derived = o.DerivationDescription is not null;
        var result = new List<DicomDataset>(g.Slices);
        for (var k = 0; k < g.Slices; k++)
        {
            var ds = new DicomDataset();
            DicomObjectAttributes.SetCreator(ds, sopClass, o.SopInstanceUid(k), created);
            DicomObjectAttributes.CopyPatientAndStudy(patientAndStudy, ds);
            DicomObjectAttributes.SetDates(ds, created);
            ds.SetString(DicomTags.AcquisitionDate, DicomValueCodec.FormatDate(DateOnly.FromDateTime(created)));
            ds.SetString(DicomTags.AcquisitionTime, DicomValueCodec.FormatTime(TimeOnly.FromDateTime(created)));
            ds.SetString(DicomTags.Modality, o.Modality);
            ds.SetString(DicomTags.SeriesInstanceUID, o.SeriesInstanceUid);
            ds.SetIntegers(DicomTags.SeriesNumber, o.SeriesNumber);
            ds.SetString(DicomTags.SeriesDescription, o.SeriesDescription);
            if (o.Modality != "PT") ds.SetString(DicomTags.PatientPosition, o.PatientPosition);
            ds.SetEmpty(DicomTags.Laterality); // Type 2C; dciodvfy cannot tell it is not needed without a paired body part
            ds.SetString(DicomTags.FrameOfReferenceUID, o.FrameOfReferenceUid);
            ds.SetEmpty(DicomTags.PositionReferenceIndicator);
            ds.SetIntegers(DicomTags.InstanceNumber, k + 1);
            ds.SetIntegers(DicomTags.AcquisitionNumber, 1);
            // Value 3: AXIAL is the CT defined term (C.8.2.1.1.1) for every cross-sectional slice; MR requires a value (C.8.3.1.1.1).
            ds.SetStrings(DicomTags.ImageType, o.Modality switch
            {
                "CT" => [derived ? "DERIVED" : "ORIGINAL", derived ? "SECONDARY" : "PRIMARY", "AXIAL"],
                "MR" => [derived ? "DERIVED" : "ORIGINAL", derived ? "SECONDARY" : "PRIMARY", "OTHER"],
                _ => [derived ? "DERIVED" : "ORIGINAL", derived ? "SECONDARY" : "PRIMARY"],
            });
            if (derived) ds.SetString(DicomTags.DerivationDescription, o.DerivationDescription!);
            SetImagePlaneAndPixel(ds, g, g.SlicePosition(k), signed);
            if (o.Modality != "MR")
            {
                ds.SetDecimals(DicomTags.RescaleIntercept, volume.RescaleIntercept);
                ds.SetDecimals(DicomTags.RescaleSlope, volume.RescaleSlope);
            }
            ModalityModules.Add(ds, o.Modality, k, g.Slices, o.PatientPosition);
            ds.SetBytes(DicomTags.PixelData, DicomVR.OW, MemoryMarshal.AsBytes(volume.Slice(k)).ToArray());
            result.Add(ds);
        }
        return result;
    }

    /// <summary>
    /// Image Plane (PS3.3 C.7.6.2) and Image Pixel (C.7.6.3) attributes of a 16-bit grayscale plane of
    /// <paramref name="g"/> at <paramref name="position"/>: Pixel Spacing written (row spacing, column spacing).
    /// </summary>
    public static void SetImagePlaneAndPixel(DicomDataset ds, VolumeGeometry g, Vector3 position, bool signed)
    {
        ds.SetDecimals(DicomTags.PixelSpacing, g.RowSpacing, g.ColumnSpacing);
        var r = g.RowDirection; var c = g.ColumnDirection;
        ds.SetDecimals(DicomTags.ImageOrientationPatient, r.X, r.Y, r.Z, c.X, c.Y, c.Z);
        ds.SetDecimals(DicomTags.ImagePositionPatient, position.X, position.Y, position.Z);
        ds.SetDecimals(DicomTags.SliceThickness, Math.Round(g.SliceSpacing * g.SliceDirection.Dot(g.Normal), 6));
        ds.SetUInt16(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetUInt16(DicomTags.Rows, checked((ushort)g.Rows));
        ds.SetUInt16(DicomTags.Columns, checked((ushort)g.Columns));
        ds.SetUInt16(DicomTags.BitsAllocated, 16);
        ds.SetUInt16(DicomTags.BitsStored, 16);
        ds.SetUInt16(DicomTags.HighBit, 15);
        ds.SetUInt16(DicomTags.PixelRepresentation, (ushort)(signed ? 1 : 0));
    }
}

/// <summary>The modality-specific Type 1/2 attributes of the CT Image (C.8.2.1), MR Image (C.8.3.1) and PET Series/Isotope/Image (C.8.9) modules.</summary>
internal static class ModalityModules
{
    public static void Add(DicomDataset ds, string modality, int slice, int slices, string patientPosition)
    {
        switch (modality)
        {
            case "CT":
                ds.SetString(DicomTags.RescaleType, "HU");
                ds.SetDecimals(DicomTags.KVP, 120);
                break;
            case "MR":
                ds.SetString(DicomTags.ScanningSequence, "SE");
                ds.SetString(DicomTags.SequenceVariant, "NONE");
                ds.SetEmpty(DicomTags.ScanOptions);
                ds.SetString(DicomTags.MRAcquisitionType, "2D");
                ds.SetDecimals(DicomTags.RepetitionTime, 500);
                ds.SetDecimals(DicomTags.EchoTime, 20);
                ds.SetIntegers(DicomTags.EchoTrainLength, 1);
                ds.SetDecimals(DicomTags.MagneticFieldStrength, 1.5);
                break;
            case "PT":
                ds.SetString(DicomTags.Units, "BQML");
                ds.SetString(DicomTags.CountsSource, "EMISSION");
                ds.SetStrings(DicomTags.SeriesType, ["STATIC", "IMAGE"]);
                ds.SetUInt16(DicomTags.NumberOfSlices, checked((ushort)slices));
                ds.SetStrings(DicomTags.CorrectedImage, ["DECY", "ATTN"]);
                ds.SetString(DicomTags.DecayCorrection, "START");
                ds.SetEmpty(DicomTags.CollimatorType);
                ds.SetEmpty(DicomTags.RadiopharmaceuticalInformationSequence);
                // NM/PET Patient Orientation module (C.8.4.6) replaces Patient Position for PET: CID 19/20/21 codes (SNOMED CT).
                var orientation = DicomObjectAttributes.Code("102538003", "SCT", "recumbent");
                orientation.SetSequence(DicomTags.PatientOrientationModifierCodeSequence, patientPosition.EndsWith('P')
                    ? DicomObjectAttributes.Code("1240000", "SCT", "prone") : DicomObjectAttributes.Code("40199007", "SCT", "supine"));
                ds.SetSequence(DicomTags.PatientOrientationCodeSequence, orientation);
                ds.SetSequence(DicomTags.PatientGantryRelationshipCodeSequence, patientPosition.StartsWith('F')
                    ? DicomObjectAttributes.Code("102541007", "SCT", "feet-first") : DicomObjectAttributes.Code("102540008", "SCT", "headfirst"));
                ds.SetDecimals(DicomTags.FrameReferenceTime, 0);
                ds.SetUInt16(DicomTags.ImageIndex, checked((ushort)(slice + 1)));
                ds.SetIntegers(DicomTags.ActualFrameDuration, 300000);
                ds.SetDecimals(DicomTags.DecayFactor, 1);
                break;
        }
    }
}

using System.Runtime.InteropServices;
using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Imaging;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>
/// Writes a dose volume as a multi-frame RT Dose instance (PS3.3 A.18) with the relative Grid Frame Offset
/// Vector (first value 0, offsets along the normal; C.8.8.3.2), as IHE-RO requires (REG-RT-004).
/// Voxels are written unsigned 16-bit with Dose Grid Scaling so that dose = stored * scaling (Gy).
/// </summary>
public static class RtDoseWriter
{
    public static DicomDataset Write(DicomDataset patientAndStudy, ImageVolume doseGy, string frameOfReferenceUid,
        string seriesInstanceUid, string sopInstanceUid, DateTime created)
    {
        var g = doseGy.Geometry;
        if (g.SliceDirection.DistanceTo(g.Normal) > GeometryTolerances.SameOrientation)
            throw new ArgumentException("an RT Dose grid must stack its frames along the plane normal");
        var ds = new DicomDataset();
        DicomObjectAttributes.SetCreator(ds, DicomUids.RTDoseStorage, sopInstanceUid, created);
        DicomObjectAttributes.CopyPatientAndStudy(patientAndStudy, ds);
        DicomObjectAttributes.SetDates(ds, created);
        ds.SetString(DicomTags.Modality, "RTDOSE");
        ds.SetString(DicomTags.SeriesInstanceUID, seriesInstanceUid);
        ds.SetIntegers(DicomTags.SeriesNumber, 700);
        ds.SetEmpty(DicomTags.OperatorsName);
        ds.SetString(DicomTags.FrameOfReferenceUID, frameOfReferenceUid);
        ds.SetEmpty(DicomTags.PositionReferenceIndicator);
        ds.SetIntegers(DicomTags.InstanceNumber, 1);
        ImageSeriesWriter.SetImagePlaneAndPixel(ds, g, g.Origin, signed: false);
        ds.SetIntegers(DicomTags.NumberOfFrames, g.Slices);
        ds.SetTags(DicomTags.FrameIncrementPointer, DicomTags.GridFrameOffsetVector);
        ds.SetString(DicomTags.DoseUnits, "GY");
        ds.SetString(DicomTags.DoseType, "PHYSICAL");
        ds.SetString(DicomTags.DoseSummationType, "PLAN");
        ds.SetSequence(DicomTags.ReferencedRTPlanSequence, new DicomDataset()
            .With(DicomTags.ReferencedSOPClassUID, DicomUids.RTPlanStorage)
            .With(DicomTags.ReferencedSOPInstanceUID, DicomUidGenerator.FromSeed(sopInstanceUid + "/plan")));
        ds.SetDecimals(DicomTags.GridFrameOffsetVector, Enumerable.Range(0, g.Slices).Select(k => Math.Round(k * g.SliceSpacing, 6)).ToArray());

        // Re-quantise to unsigned 16 bits: dose = stored * Dose Grid Scaling (C.8.8.3).
        var max = 0.0;
        for (var n = 0; n < doseGy.Voxels.Length; n++) max = Math.Max(max, doseGy.Voxels[n] * doseGy.RescaleSlope + doseGy.RescaleIntercept);
        var scaling = max > 0 ? max / 65000 : 1;
        var stored = new ushort[doseGy.Voxels.Length];
        for (var n = 0; n < stored.Length; n++)
            stored[n] = (ushort)Math.Clamp(Math.Round((doseGy.Voxels[n] * doseGy.RescaleSlope + doseGy.RescaleIntercept) / scaling), 0, 65535);
        ds.SetDecimals(DicomTags.DoseGridScaling, scaling);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, MemoryMarshal.AsBytes(stored.AsSpan()).ToArray());
        return ds;
    }
}

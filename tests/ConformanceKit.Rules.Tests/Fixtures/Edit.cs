using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>Targeted edits of correct objects: navigate to a sequence item and change one thing.</summary>
public static class Edit
{
    /// <summary>Item <paramref name="number"/> (1-based) of a sequence.</summary>
    public static DicomDataset Item(this DicomDataset ds, DicomTag sequence, int number = 1) =>
        ds.GetItems(sequence) is { } items && items.Count >= number ? items[number - 1] : throw new InvalidOperationException($"{sequence} has no item {number}");

    /// <summary>Registration item n's first Matrix Sequence item.</summary>
    public static DicomDataset MatrixItem(this DicomDataset sro, int registrationItem) =>
        sro.Item(DicomTags.RegistrationSequence, registrationItem).Item(DicomTags.MatrixRegistrationSequence).Item(DicomTags.MatrixSequence);

    /// <summary>The first contour of an RT Structure Set (the first ROI that has contours).</summary>
    public static DicomDataset FirstContour(this DicomDataset rtss) =>
        rtss.GetItems(DicomTags.ROIContourSequence).SelectMany(r => r.GetItems(DicomTags.ContourSequence)).First();

    public static DicomDataset SetMatrix(this DicomDataset sro, int registrationItem, params double[] values)
    {
        sro.MatrixItem(registrationItem).SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, values);
        return sro;
    }

    /// <summary>Sets a raw string value without any formatting help (for deliberately malformed values).</summary>
    public static DicomDataset SetRaw(this DicomDataset ds, DicomTag tag, DicomVR vr, string text)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(text);
        if (bytes.Length % 2 == 1) bytes = [.. bytes, vr == DicomVR.UI ? (byte)0 : (byte)' '];
        return ds.SetBytes(tag, vr, bytes);
    }
}

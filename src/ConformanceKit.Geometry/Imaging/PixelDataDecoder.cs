using System.Buffers.Binary;
using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// Reads native (uncompressed, little-endian) grayscale Pixel Data (PS3.5 8.1, PS3.3 C.7.6.3) frame by frame
/// as modality values. Lengths are checked against Rows x Columns x frames before anything is allocated.
/// </summary>
public static class PixelDataDecoder
{
    /// <summary>Stored values of frame <paramref name="frame"/> (0-based) and the slope/intercept that turn them into modality values.</summary>
    public static (long[] Stored, double Slope, double Intercept) ReadFrame(DicomDataset ds, int frame, string series, string source)
    {
        int rows = ds.GetInt(DicomTags.Rows) ?? 0, cols = ds.GetInt(DicomTags.Columns) ?? 0;
        var samples = ds.GetInt(DicomTags.SamplesPerPixel) ?? 1;
        var bits = ds.GetInt(DicomTags.BitsAllocated) ?? 0;
        var signed = (ds.GetInt(DicomTags.PixelRepresentation) ?? 0) == 1;
        var where = $"{GeometryAttributes.PixelData} in {source}";
        if (samples != 1) throw new GeometryException(series, where, $"Samples per Pixel {samples}: only grayscale images form volumes");
        if (ds[DicomTags.PixelData] is DicomFragmentSequence) throw new GeometryException(series, where, "compressed (encapsulated) pixel data is not supported; convert to a native transfer syntax");
        if (bits is not (8 or 16 or 32)) throw new GeometryException(series, where, $"Bits Allocated {bits} is not 8, 16 or 32");
        var bytes = ds.GetBytes(DicomTags.PixelData).Span;
        var frameBytes = (long)rows * cols * (bits / 8);
        if (bytes.Length < frameBytes * (frame + 1))
            throw new GeometryException(series, where, $"has {bytes.Length} bytes, frame {frame + 1} needs {frameBytes * (frame + 1)}");
        var f = bytes.Slice((int)(frameBytes * frame), (int)frameBytes);
        var stored = new long[rows * cols];
        var bitsStored = ds.GetInt(DicomTags.BitsStored) ?? bits;
        for (var n = 0; n < stored.Length; n++)
        {
            long v = bits switch
            {
                8 => signed ? (sbyte)f[n] : f[n],
                16 => signed ? BinaryPrimitives.ReadInt16LittleEndian(f[(2 * n)..]) : BinaryPrimitives.ReadUInt16LittleEndian(f[(2 * n)..]),
                _ => signed ? BinaryPrimitives.ReadInt32LittleEndian(f[(4 * n)..]) : BinaryPrimitives.ReadUInt32LittleEndian(f[(4 * n)..]),
            };
            if (bitsStored < bits && bitsStored > 0)
            {
                // Only Bits Stored bits are significant (PS3.5 8.1.1); sign-extend from the top stored bit.
                var mask = (1L << bitsStored) - 1;
                v &= mask;
                if (signed && (v & (1L << (bitsStored - 1))) != 0) v -= 1L << bitsStored;
            }
            stored[n] = v;
        }
        double slope = ds.GetDouble(DicomTags.RescaleSlope) ?? 1, intercept = ds.GetDouble(DicomTags.RescaleIntercept) ?? 0;
        if (ds.GetDouble(DicomTags.DoseGridScaling) is { } scaling && !ds.Contains(DicomTags.RescaleSlope)) slope = scaling; // RT Dose, PS3.3 C.8.8.3
        if (slope == 0 || !double.IsFinite(slope)) slope = 1;
        return (stored, slope, intercept);
    }
}

using System.IO.Compression;
using ConformanceKit.Dicom;

namespace ConformanceKit.Testing;

/// <summary>Part 10 files in Deflated Explicit VR Little Endian, which the writer does not write (tests of inflate limits).</summary>
public static class DeflatedFiles
{
    /// <summary>Preamble, File Meta Information as usual, then the dataset through a deflater (PS3.5 A.5).</summary>
    public static byte[] Encode(DicomDataset dataset, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var encoded = new MemoryStream();
        encoded.Write(new byte[128]);
        encoded.Write("DICM"u8);
        DicomWriter.Write(encoded, DicomFileMeta.Build(dataset, DicomTransferSyntax.DeflatedExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        using (var deflater = new DeflateStream(encoded, level, leaveOpen: true))
            DicomWriter.Write(deflater, dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        return encoded.ToArray();
    }
}

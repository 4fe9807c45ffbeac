namespace ConformanceKit.Dicom;

/// <summary>Writes Part 10 files (PS3.10 7.1): preamble, "DICM", File Meta Information, dataset.</summary>
public static class DicomFileWriter
{
    /// <summary>Writes a file; the meta group's transfer syntax and group length are set to match what is written.</summary>
    public static void Write(Stream stream, DicomFile file, DicomTransferSyntax? syntax = null)
    {
        var ts = syntax ?? (file.TransferSyntax.Encapsulated || file.TransferSyntax.LittleEndian && !file.TransferSyntax.Deflated
            ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian);
        if (ts.Encapsulated && ts != file.TransferSyntax)
            throw new NotSupportedException("transcoding to or from a compressed transfer syntax is not supported");
        var datasetSyntax = ts.Encapsulated ? ts with { Encapsulated = false } : ts;
        if (file.TransferSyntax.Encapsulated && !ts.Encapsulated)
            throw new NotSupportedException("transcoding compressed pixel data is not supported");

        var meta = DicomFileMeta.Complete(file.FileMetaInformation, file.Dataset, ts);
        stream.Write(file.Preamble is { Length: 128 } p ? p : new byte[128]);
        stream.Write("DICM"u8);
        DicomWriter.Write(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        DicomWriter.Write(stream, file.Dataset, datasetSyntax);
    }

    public static void Write(string path, DicomFile file, DicomTransferSyntax? syntax = null)
    {
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(fs, file, syntax);
    }

    public static byte[] Encode(DicomFile file, DicomTransferSyntax? syntax = null)
    {
        using var ms = new MemoryStream();
        Write(ms, file, syntax);
        return ms.ToArray();
    }
}

/// <summary>Builds and completes the File Meta Information group (PS3.10 Table 7.1-1).</summary>
public static class DicomFileMeta
{
    /// <summary>ConformanceKit's Implementation Class UID (a UUID-derived UID, PS3.5 B.2).</summary>
    public const string ImplementationClassUid = "2.25.290743861396262340431478390236829574561";
    public const string ImplementationVersionName = "CONFKIT_010";

    public static DicomDataset Build(DicomDataset dataset, DicomTransferSyntax syntax) =>
        Complete(new DicomDataset(), dataset, syntax);

    /// <summary>
    /// A copy of <paramref name="meta"/> with the required elements present and consistent with what is written:
    /// version, SOP class and instance from the dataset when missing, the transfer syntax, our implementation
    /// identity when missing, and a recomputed group length.
    /// </summary>
    public static DicomDataset Complete(DicomDataset meta, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var m = meta.Clone();
        if (!m.Contains(DicomTags.FileMetaInformationVersion)) m.SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 });
        if (!m.Contains(DicomTags.MediaStorageSOPClassUID) && dataset.GetString(DicomTags.SOPClassUID) is { } cls)
            m.SetString(DicomTags.MediaStorageSOPClassUID, cls);
        if (!m.Contains(DicomTags.MediaStorageSOPInstanceUID) && dataset.GetString(DicomTags.SOPInstanceUID) is { } inst)
            m.SetString(DicomTags.MediaStorageSOPInstanceUID, inst);
        if (m.GetString(DicomTags.TransferSyntaxUID) != syntax.Uid) m.SetString(DicomTags.TransferSyntaxUID, syntax.Uid);
        if (!m.Contains(DicomTags.ImplementationClassUID))
        {
            m.SetString(DicomTags.ImplementationClassUID, ImplementationClassUid);
            m.SetString(DicomTags.ImplementationVersionName, ImplementationVersionName);
        }
        m.Remove(DicomTags.FileMetaInformationGroupLength);
        var length = DicomWriter.Measure(m, explicitVR: true);
        m.SetUInt32(DicomTags.FileMetaInformationGroupLength, checked((uint)length));
        return m;
    }
}

/// <summary>Makes new UIDs under the UUID-derived root 2.25 (PS3.5 B.2): globally unique without a registered root.</summary>
public static class DicomUidGenerator
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // RFC 4122 version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A UID derived deterministically from a seed text (for reproducible phantoms).</summary>
    public static string FromSeed(string seed)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        var value = new System.Numerics.BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

namespace ConformanceKit.Dicom.Network.Services;

/// <summary>An object to send with C-STORE: its SOP class and instance, the transfer syntax its bytes are in, and the bytes.</summary>
public sealed record StoreItem(string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax, DatasetSource Dataset)
{
    /// <summary>Where the object came from (a file path), for messages.</summary>
    public string? Origin { get; init; }

    /// <summary>Encodes a dataset held in memory (Explicit VR Little Endian unless told otherwise).</summary>
    public static StoreItem FromDataset(DicomDataset dataset, DicomTransferSyntax? syntax = null)
    {
        var ts = syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        var cls = dataset.GetString(DicomTags.SOPClassUID) ?? throw new ArgumentException("the dataset has no SOP Class UID (0008,0016)");
        var inst = dataset.GetString(DicomTags.SOPInstanceUID) ?? throw new ArgumentException("the dataset has no SOP Instance UID (0008,0018)");
        return new StoreItem(cls, inst, ts, DatasetSource.FromMemory(DicomWriter.Encode(dataset, ts)));
    }

    /// <summary>
    /// A Part 10 file (or a raw dataset file), sent as stored: the dataset bytes are streamed from the file, never
    /// re-encoded, so the receiver gets them byte for byte. Only the start of the file is parsed, for the UIDs.
    /// </summary>
    public static StoreItem FromFile(string path)
    {
        var length = new FileInfo(path).Length;
        // The UIDs are near the start: read 16 KiB first, the whole file only when they are not there.
        var head = ReadHead(path, (int)Math.Min(length, 16 * 1024));
        if (FileMetaHeader.TryRead(head) is { } meta)
            return new StoreItem(meta.SopClassUid, meta.SopInstanceUid, DicomTransferSyntax.FromUid(meta.TransferSyntaxUid),
                DatasetSource.FromFile(path, meta.DatasetOffset, length - meta.DatasetOffset)) { Origin = path };
        var options = new DicomReadOptions { StopAfter = DicomTags.SOPInstanceUID };
        var found = TryIdentify(head, options);
        if (found is null && head.Length < length) found = TryIdentify(File.ReadAllBytes(path), options);
        var (cls, inst, file) = found ?? throw new DicomReadException("the file names no SOP Class UID and SOP Instance UID", 0, "");
        return new StoreItem(cls, inst, file.TransferSyntax, DatasetSource.FromFile(path, file.DatasetOffset, length - file.DatasetOffset)) { Origin = path };
    }

    private static (string Class, string Instance, DicomFile File)? TryIdentify(byte[] bytes, DicomReadOptions options)
    {
        DicomFile file;
        try { file = DicomFileReader.Read(bytes, options); }
        catch (DicomReadException) { return null; }
        var cls = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID) ?? file.Dataset.GetString(DicomTags.SOPClassUID);
        var inst = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? file.Dataset.GetString(DicomTags.SOPInstanceUID);
        return string.IsNullOrEmpty(cls) || string.IsNullOrEmpty(inst) ? null : (cls, inst, file);
    }

    private static byte[] ReadHead(string path, int count)
    {
        var buffer = new byte[count];
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var got = 0;
        while (got < count)
        {
            var n = fs.Read(buffer, got, count - got);
            if (n == 0) break;
            got += n;
        }
        return got == count ? buffer : buffer[..got];
    }
}

using ConformanceKit.Dicom.Network.Dimse;

namespace ConformanceKit.Dicom.Network.Services;

/// <summary>An object a <see cref="FileStorageService"/> stored.</summary>
public sealed record StoredFile(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string CallingAeTitle, long DatasetLength);

/// <summary>
/// The plain Storage SCP behind `ck storescp` (PS3.4 Annex B): each object becomes a Part 10 file
/// DIR/SOPInstanceUID.dcm holding the dataset exactly as received. No data loss: the bytes go to a temporary
/// name, are flushed, then renamed; only then is success answered, so a file under its final name is always
/// whole, even if this process dies. With <c>syncToDisk</c> the file is also synced (fsync) before the rename,
/// which survives a power loss too, at a cost of a few milliseconds per object. A failed write answers A700
/// (out of resources) and leaves no file behind.
/// </summary>
public sealed class FileStorageService(string directory, bool syncToDisk = false) : IStoreService
{
    /// <summary>Called after each object is safely stored (for logs and the Archive's index).</summary>
    public event Action<StoredFile>? Stored;

    public string Directory { get; } = directory;

    /// <summary>Whether each file is synced to disk (fsync) before success is answered, not only flushed to the operating system.</summary>
    public bool SyncToDisk { get; } = syncToDisk;

    public ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = SafeFileName(request.SopInstanceUid);
        var final = Path.Combine(Directory, name + ".dcm");
        var temp = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.part");
        var meta = FileMeta(request);
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            stream.Write(new byte[128]);
            stream.Write("DICM"u8);
            DicomWriter.Write(stream, meta, DicomTransferSyntax.ExplicitVRLittleEndian);
        }
        catch
        {
            stream.Dispose();
            File.Delete(temp);
            throw;
        }
        var stored = new StoredFile(final, request.SopClassUid, request.SopInstanceUid, request.TransferSyntax.Uid, request.CallingAeTitle, 0);
        return ValueTask.FromResult<IStoreSink>(new FileSink(this, stream, temp, stored));
    }

    /// <summary>
    /// Deletes the temporary files of transfers that never completed (".UID.GUID.part", left behind when a process
    /// is killed mid-transfer, since no clean-up then runs). Call at start-up, before serving; returns how many went.
    /// </summary>
    public int RemoveAbandonedTransfers()
    {
        if (!System.IO.Directory.Exists(Directory)) return 0;
        var removed = 0;
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, ".*.part"))
        {
            try
            {
                File.Delete(temp);
                removed++;
            }
            catch (IOException) { /* in use by another process serving the same folder: left to it */ }
        }
        return removed;
    }

    /// <summary>
    /// The File Meta Information (PS3.10 Table 7.1-1) for a received object, with explicit VRs so that storing
    /// never waits for the data dictionary to load.
    /// </summary>
    private static DicomDataset FileMeta(StoreRequest request)
    {
        var meta = new DicomDataset()
            .SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 })
            .SetString(DicomTags.MediaStorageSOPClassUID, request.SopClassUid, DicomVR.UI)
            .SetString(DicomTags.MediaStorageSOPInstanceUID, request.SopInstanceUid, DicomVR.UI)
            .SetString(DicomTags.TransferSyntaxUID, request.TransferSyntax.Uid, DicomVR.UI)
            .SetString(DicomTags.ImplementationClassUID, DicomFileMeta.ImplementationClassUid, DicomVR.UI)
            .SetString(DicomTags.ImplementationVersionName, DicomFileMeta.ImplementationVersionName, DicomVR.SH)
            .SetString(DicomTags.SourceApplicationEntityTitle, request.CallingAeTitle, DicomVR.AE);
        return meta.SetUInt32(DicomTags.FileMetaInformationGroupLength, checked((uint)DicomWriter.Measure(meta, explicitVR: true)));
    }

    /// <summary>The file name for an instance: the UID itself when it is a valid UID, else a digest of it (no path tricks).</summary>
    public static string SafeFileName(string sopInstanceUid) =>
        sopInstanceUid.Length is > 0 and <= 64 && sopInstanceUid.All(c => c is >= '0' and <= '9' or '.') && !sopInstanceUid.StartsWith('.')
            ? sopInstanceUid
            : "x" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sopInstanceUid)))[..32];

    private sealed class FileSink(FileStorageService owner, FileStream stream, string temp, StoredFile stored) : IStoreSink
    {
        private bool _done;
        private long _length;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
        {
            // Synchronous write into the 64 KiB buffer: cheaper than an async round trip per PDV.
            stream.Write(fragment.Span);
            _length += fragment.Length;
            return ValueTask.CompletedTask;
        }

        public async ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel)
        {
            try
            {
                stream.Flush(flushToDisk: owner.SyncToDisk);
                await stream.DisposeAsync().ConfigureAwait(false);
                File.Move(temp, stored.Path, overwrite: true);
                _done = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ServiceResult(DimseStatus.OutOfResources, $"cannot store: {e.Message}");
            }
            owner.Stored?.Invoke(stored with { DatasetLength = _length });
            return ServiceResult.Success;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_done)
            {
                try { File.Delete(temp); } catch (IOException) { }
            }
        }
    }
}

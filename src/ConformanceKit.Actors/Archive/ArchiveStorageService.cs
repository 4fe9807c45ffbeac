using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.Archive;

/// <summary>An object the archive took in over the network: where it is, and who sent it.</summary>
public sealed record ArchivedObject(StoredInstance Instance, string Path, string CallingAeTitle, string? MoveOriginatorAeTitle);

/// <summary>
/// The Archive's Storage SCP (PS3.4 Annex B): each incoming dataset streams, exactly as received, into a temporary
/// Part 10 file of the <see cref="ArchiveStore"/> (File Meta Information naming the negotiated transfer syntax and
/// the sender), which is synced and then adopted by the store (renamed and indexed). Success is answered only after
/// that, so an object the sender saw accepted is on disk under its final name (PS3.4 B.2.3).
/// </summary>
public sealed class ArchiveStorageService(ArchiveStore store) : IStoreService
{
    /// <summary>Raised after an object is stored, before success is answered.</summary>
    public event Action<ArchivedObject>? Stored;

    public ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel)
    {
        var temp = store.NewTemporaryPath();
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            stream.Write(new byte[128]);
            stream.Write("DICM"u8);
            DicomWriter.Write(stream, FileMeta(request), DicomTransferSyntax.ExplicitVRLittleEndian);
        }
        catch
        {
            stream.Dispose();
            File.Delete(temp);
            throw;
        }
        return ValueTask.FromResult<IStoreSink>(new Sink(this, request, stream, temp));
    }

    /// <summary>File Meta Information (PS3.10 Table 7.1-1) for a received object; Source AE Title records the sender.</summary>
    private static DicomDataset FileMeta(StoreRequest request) => DicomFileMeta.Complete(new DicomDataset()
        .SetString(DicomTags.MediaStorageSOPClassUID, request.SopClassUid, DicomVR.UI)
        .SetString(DicomTags.MediaStorageSOPInstanceUID, request.SopInstanceUid, DicomVR.UI)
        .SetString(DicomTags.SourceApplicationEntityTitle, request.CallingAeTitle, DicomVR.AE), new DicomDataset(), request.TransferSyntax);

    private sealed class Sink(ArchiveStorageService owner, StoreRequest request, FileStream stream, string temp) : IStoreSink
    {
        private bool _closed;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
        {
            stream.Write(fragment.Span); // into the 64 KiB buffer: cheaper than an asynchronous round trip per PDV
            return ValueTask.CompletedTask;
        }

        public async ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel)
        {
            try
            {
                stream.Flush(flushToDisk: owner.StoreDurability == Durability.Synced);
                await stream.DisposeAsync().ConfigureAwait(false);
                _closed = true;
                var instance = owner.AdoptChecked(temp, request);
                owner.Stored?.Invoke(new ArchivedObject(instance, owner.PathOf(instance), request.CallingAeTitle, request.MoveOriginatorAeTitle));
                return ServiceResult.Success;
            }
            catch (ArchiveStoreException e)
            {
                // PS3.4 B.2.3: Cxxx when the bytes cannot be understood, A9xx when the data set does not match the request.
                return new ServiceResult(e.Unreadable ? DimseStatus.CannotUnderstand : DimseStatus.DataSetDoesNotMatchSopClass, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ServiceResult(DimseStatus.OutOfResources, $"cannot store: {e.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_closed) return;
            await stream.DisposeAsync().ConfigureAwait(false);
            try { File.Delete(temp); } catch (IOException) { } // an abandoned transfer leaves nothing (start-up removes what this misses)
        }
    }

    private Durability StoreDurability => store.Durability;

    private string PathOf(StoredInstance instance) => store.PathOf(instance);

    /// <summary>
    /// Adopts the file unless its dataset contradicts the C-STORE request (a different SOP class or instance than announced).
    /// The reason starts with the announced UID: an Error Comment is LO, 64 characters (PS3.7 C.4), and may be cut after it.
    /// </summary>
    private StoredInstance AdoptChecked(string temp, StoreRequest request) => store.Adopt(temp, i =>
        i.SopClassUid != request.SopClassUid ? $"request {request.SopClassUid}, data set {i.SopClassUid}: SOP Class UID differs"
        : i.SopInstanceUid != request.SopInstanceUid ? $"request {request.SopInstanceUid}, data set {i.SopInstanceUid}: SOP Instance UID differs"
        : null);
}

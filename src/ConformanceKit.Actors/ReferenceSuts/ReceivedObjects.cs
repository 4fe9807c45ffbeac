using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.ReferenceSuts;

/// <summary>
/// The Storage SCP service of a reference SUT (PS3.4 Annex B): keeps every object it receives in memory,
/// parsed, in arrival order (a later instance with the same SOP Instance UID replaces the earlier one, as an
/// archive would). Objects over <see cref="MaxObjectBytes"/> are refused before their bytes are kept, so a
/// hostile peer cannot make it allocate without bound; unparsable objects are refused with Cannot Understand.
/// </summary>
public sealed class ReceivedObjects : IStoreService
{
    /// <summary>Largest object kept: the full-size phantoms are under 1 MiB per image; 256 MiB covers any multi-frame.</summary>
    public const long MaxObjectBytes = 256L << 20;

    private readonly object _gate = new();
    private readonly List<DicomDataset> _objects = [];

    /// <summary>Runs before each object is accepted (fault injection: delay or abort); may throw to refuse.</summary>
    public Func<StoreRequest, CancellationToken, ValueTask>? BeforeStore { get; set; }

    public IReadOnlyList<DicomDataset> Snapshot()
    {
        lock (_gate) return _objects.ToList();
    }

    public int Count
    {
        get { lock (_gate) return _objects.Count; }
    }

    public async ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel)
    {
        if (BeforeStore is { } hook) await hook(request, cancel).ConfigureAwait(false);
        return new Sink(this, request.TransferSyntax);
    }

    private void Add(DicomDataset ds)
    {
        var uid = ds.GetString(DicomTags.SOPInstanceUID);
        lock (_gate)
        {
            var i = _objects.FindIndex(o => o.GetString(DicomTags.SOPInstanceUID) == uid);
            if (i >= 0) _objects[i] = ds; else _objects.Add(ds);
        }
    }

    private sealed class Sink(ReceivedObjects owner, DicomTransferSyntax syntax) : IStoreSink
    {
        private readonly MemoryStream _bytes = new();
        private bool _tooLarge;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
        {
            if (_bytes.Length + fragment.Length > MaxObjectBytes) _tooLarge = true;
            else _bytes.Write(fragment.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel)
        {
            if (_tooLarge) return ValueTask.FromResult(new ServiceResult(DimseStatus.OutOfResources, $"object larger than {MaxObjectBytes} bytes"));
            try
            {
                owner.Add(DicomDatasetReader.Parse(_bytes.ToArray(), syntax));
                return ValueTask.FromResult(ServiceResult.Success);
            }
            catch (DicomReadException e)
            {
                return ValueTask.FromResult(new ServiceResult(DimseStatus.CannotUnderstand, $"cannot parse the dataset: {e.Message}"));
            }
        }

        public ValueTask DisposeAsync()
        {
            _bytes.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.Archive;

/// <summary>
/// The Archive's Study Root C-MOVE and C-GET SCP (PS3.4 C.4.2, C.4.3): the stored files the identifier selects,
/// sent as stored (the dataset bytes streamed from the file, never re-encoded, so what comes back is what came in).
/// </summary>
public sealed class ArchiveRetrieveService(ArchiveStore store) : IRetrieveService
{
    public ValueTask<IReadOnlyList<StoreItem>> ResolveAsync(QueryRequest request, CancellationToken cancel)
    {
        var level = ArchiveQueryService.LevelOf(request);
        IReadOnlyList<StoreItem> items = ArchiveQueryService.Readable(() => store.Locate(level, request.Identifier)).Select(i => StoreItem.FromFile(store.PathOf(i))).ToList();
        return ValueTask.FromResult(items);
    }
}

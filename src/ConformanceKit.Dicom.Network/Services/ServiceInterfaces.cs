using ConformanceKit.Dicom.Network.Dimse;

namespace ConformanceKit.Dicom.Network.Services;

/// <summary>What a service answers: a DIMSE status and, optionally, an Error Comment in words.</summary>
public readonly record struct ServiceResult(DimseStatus Status, string? ErrorComment = null)
{
    public static readonly ServiceResult Success = new(DimseStatus.Success);
}

/// <summary>A service that refuses a request with a particular status (thrown by service implementations).</summary>
public sealed class DimseStatusException(DimseStatus status, string message) : Exception(message)
{
    public DimseStatus Status { get; } = status;
}

/// <summary>One incoming C-STORE (PS3.4 B.2): who sends what, and in which transfer syntax the bytes arrive.</summary>
public sealed record StoreRequest(Association Association, DimseCommand Command, PresentationContext Context)
{
    public string SopClassUid => Command.AffectedSopClassUid ?? Context.AbstractSyntax;
    public string SopInstanceUid => Command.AffectedSopInstanceUid ?? "";
    public DicomTransferSyntax TransferSyntax => Context.Syntax;
    public string CallingAeTitle => Association.CallingAeTitle;

    /// <summary>Set when the C-STORE is a sub-operation of a C-MOVE (PS3.7 9.1.1.1).</summary>
    public string? MoveOriginatorAeTitle => Command.MoveOriginatorAeTitle;
}

/// <summary>
/// Receives the dataset of one C-STORE as it arrives, fragment by fragment (so that an object of any size
/// streams into storage with bounded memory), then says how the store went. Disposing without completing
/// means the transfer was abandoned (association aborted): nothing may be kept.
/// </summary>
public interface IStoreSink : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel);

    /// <summary>Called after the last fragment. Answer success only once the object is safely stored.</summary>
    ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel);
}

/// <summary>The Storage SCP's hook (PS3.4 Annex B): where incoming objects go.</summary>
public interface IStoreService
{
    /// <summary>Opens a sink for one object; throw <see cref="DimseStatusException"/> to refuse it before its bytes arrive.</summary>
    ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel);
}

/// <summary>An incoming C-FIND, C-MOVE or C-GET (PS3.4 Annex C): the Query/Retrieve Level and the identifier.</summary>
public sealed record QueryRequest(Association Association, DimseCommand Command, PresentationContext Context, DicomDataset Identifier)
{
    public string SopClassUid => Command.AffectedSopClassUid ?? Context.AbstractSyntax;

    /// <summary>Query/Retrieve Level (0008,0052): PATIENT, STUDY, SERIES or IMAGE.</summary>
    public string Level => Identifier.GetString(DicomTags.QueryRetrieveLevel) ?? "";

    /// <summary>The Move Destination of a C-MOVE, else null.</summary>
    public string? MoveDestination => Command.MoveDestination;
}

/// <summary>The Query SCP's hook (PS3.4 C.4.1): matches for a C-FIND identifier.</summary>
public interface IQueryService
{
    /// <summary>
    /// Yields one response identifier per match (each becomes a Pending C-FIND-RSP). Cancellation means the
    /// SCU sent C-CANCEL or the association ended. Throw <see cref="DimseStatusException"/> for a failure status.
    /// </summary>
    IAsyncEnumerable<DicomDataset> FindAsync(QueryRequest request, CancellationToken cancel);
}


/// <summary>The Retrieve SCP's hook (PS3.4 C.4.2/C.4.3): which objects a C-MOVE or C-GET identifier selects.</summary>
public interface IRetrieveService
{
    /// <summary>The objects to send; the network layer does the sub-operations (and the sub-association for C-MOVE).</summary>
    ValueTask<IReadOnlyList<StoreItem>> ResolveAsync(QueryRequest request, CancellationToken cancel);
}

using System.Runtime.CompilerServices;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Actors.Archive;

/// <summary>The Archive's Study Root C-FIND SCP (PS3.4 C.4.1): one pending response per match of the <see cref="ArchiveStore"/>.</summary>
public sealed class ArchiveQueryService(ArchiveStore store) : IQueryService
{
    public async IAsyncEnumerable<DicomDataset> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancel)
    {
        var matches = Readable(() => store.Find(LevelOf(request), request.Identifier));
        foreach (var m in matches)
        {
            cancel.ThrowIfCancellationRequested();
            yield return m;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a match over an identifier whose keys could not be decoded (an unsupported Specific Character Set): refused
    /// with C000, "unable to process" (PS3.4 C.4.1.1.4), naming why, instead of failing as an internal error.
    /// </summary>
    internal static T Readable<T>(Func<T> match)
    {
        try
        {
            return match();
        }
        catch (DicomCharacterSetException e)
        {
            throw new DimseStatusException(DimseStatus.CannotUnderstand, $"identifier keys cannot be decoded: {e.Message}");
        }
    }

    /// <summary>
    /// The Query/Retrieve Level of a Study Root request; another one is refused with A900, "identifier does not
    /// match SOP class" (PS3.4 C.4.1.1.4, C.6.2: the Study Root model has no PATIENT level).
    /// </summary>
    internal static QueryLevel LevelOf(QueryRequest request) =>
        StudyRootKeys.Parse(request.Level) ?? throw new DimseStatusException(DimseStatus.DataSetDoesNotMatchSopClass,
            request.Level.Length == 0
                ? "the identifier has no Query/Retrieve Level (0008,0052)"
                : $"Query/Retrieve Level '{request.Level}' is not STUDY, SERIES or IMAGE (Study Root, PS3.4 C.6.2)");
}

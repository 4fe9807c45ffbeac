using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace ConformanceKit.Network.Tests.Support;

/// <summary>
/// A tiny in-memory Query/Retrieve SCP back end for tests (the real one is the Archive actor): Study Root
/// matching on single values, wildcards and UID lists (PS3.4 C.2.2.2), responses with the requested keys.
/// </summary>
internal sealed class TestArchive(IEnumerable<DicomDataset> objects) : IQueryService, IRetrieveService
{
    private readonly List<DicomDataset> _objects = objects.ToList();

    public int RetrieveCalls;

    private static readonly Dictionary<string, DicomTag> UniqueKey = new()
    {
        ["PATIENT"] = DicomTags.PatientID,
        ["STUDY"] = DicomTags.StudyInstanceUID,
        ["SERIES"] = DicomTags.SeriesInstanceUID,
        ["IMAGE"] = DicomTags.SOPInstanceUID,
    };

    private List<DicomDataset> Match(DicomDataset identifier)
    {
        var level = identifier.GetString(DicomTags.QueryRetrieveLevel) ?? "";
        if (!UniqueKey.ContainsKey(level)) throw new DimseStatusException(DimseStatus.DataSetDoesNotMatchSopClass, $"unknown Query/Retrieve Level '{level}'");
        return _objects.Where(o => identifier.All(k => k.Tag == DicomTags.QueryRetrieveLevel || k.Tag == DicomTags.SpecificCharacterSet
                                                         || Matches(identifier.GetString(k.Tag), o.GetString(k.Tag)))).ToList();
    }

    private static bool Matches(string? key, string? value)
    {
        if (string.IsNullOrEmpty(key) || key == "*") return true; // universal matching
        if (key.Contains('\\')) return key.Split('\\').Contains(value); // UID list matching
        if (key.Contains('*') || key.Contains('?'))
            return Regex.IsMatch(value ?? "", "^" + Regex.Escape(key).Replace("\\*", ".*").Replace("\\?", ".") + "$");
        return key == value;
    }

    public async IAsyncEnumerable<DicomDataset> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancel)
    {
        var level = request.Level;
        foreach (var group in Match(request.Identifier).GroupBy(o => o.GetString(UniqueKey[level])))
        {
            cancel.ThrowIfCancellationRequested();
            var first = group.First();
            var response = new DicomDataset();
            foreach (var key in request.Identifier)
            {
                if (key.Tag == DicomTags.QueryRetrieveLevel) continue;
                if (first[key.Tag] is { } value) response.Set(value.Clone());
                else response.SetEmpty(key.Tag, key.VR);
            }
            response.SetString(DicomTags.QueryRetrieveLevel, level);
            await Task.Yield();
            yield return response;
        }
    }

    public ValueTask<IReadOnlyList<StoreItem>> ResolveAsync(QueryRequest request, CancellationToken cancel)
    {
        Interlocked.Increment(ref RetrieveCalls);
        return ValueTask.FromResult<IReadOnlyList<StoreItem>>(Match(request.Identifier).Select(o => StoreItem.FromDataset(o)).ToList());
    }
}

/// <summary>Yields matches slowly and forever, so that a test can cancel a running C-FIND.</summary>
internal sealed class EndlessQuery : IQueryService
{
    public volatile bool SawCancel;

    public async IAsyncEnumerable<DicomDataset> FindAsync(QueryRequest request, [EnumeratorCancellation] CancellationToken cancel)
    {
        for (var i = 0; ; i++)
        {
            try { await Task.Delay(50, cancel); }
            catch (OperationCanceledException) { SawCancel = true; throw; }
            yield return new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").With(DicomTags.StudyInstanceUID, $"1.2.3.{i + 1}");
        }
    }
}

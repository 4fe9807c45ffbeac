using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConformanceKit.Dicom;

namespace ConformanceKit.Actors.Archive;

/// <summary>An object the archive cannot store (the SCP answers it with a failure status).</summary>
public sealed class ArchiveStoreException(string message) : Exception(message)
{
    /// <summary>The bytes are not a readable DICOM object at all (PS3.4 B.2.3 "cannot understand"), rather than one lacking what the archive needs.</summary>
    public bool Unreadable { get; init; }
}

/// <summary>What start-up found and fixed.</summary>
public sealed record RepairReport(int TemporaryFilesRemoved, int MissingFilesUnindexed, int FilesIndexed, int FilesQuarantined, int EmptyRowsRemoved, bool IndexRebuilt)
{
    public bool Clean => TemporaryFilesRemoved + MissingFilesUnindexed + FilesIndexed + FilesQuarantined + EmptyRowsRemoved == 0 && !IndexRebuilt;
}

/// <summary>
/// The simulated Archive's storage: a file store (objects/STUDY/SERIES/SOP.dcm, each written to a
/// temporary file, flushed and renamed, so a crash never leaves half an object under a real name) and a
/// SQLite index of patient/study, series and instance. Start-up checks the two against each other and
/// repairs: leftover temporary files go, index rows without a file go, files without a row are indexed
/// (or quarantined when unreadable), and a corrupt index is rebuilt from the files. Thread-safe.
/// </summary>
public sealed class ArchiveStore : IDisposable
{
    private const string IndexFile = "index.sqlite";
    private readonly string _root;
    private readonly Lock _gate = new();
    private readonly ArchiveIndex _index;

    private ArchiveStore(string root, ArchiveIndex index, RepairReport repair, Durability durability)
    {
        _root = root;
        Durability = durability;
        _index = index;
        Repair = repair;
    }

    public string Root => _root;

    /// <summary>What the start-up check found and fixed.</summary>
    public RepairReport Repair { get; private set; }

    /// <summary>Opens (creating if needed) the archive under <paramref name="root"/>, checking and repairing it first.</summary>
    public static ArchiveStore Open(string root, Durability durability = Durability.Synced)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(root, "objects"));
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var (index, rebuilt) = OpenIndex(root);
        var store = new ArchiveStore(root, index, new RepairReport(0, 0, 0, 0, 0, false), durability);
        store.Repair = store.CheckAndRepair() with { IndexRebuilt = rebuilt };
        return store;
    }

    /// <summary>Opens the index; a corrupt one is deleted and made anew (the files are the truth, and start-up re-indexes them).</summary>
    private static (ArchiveIndex, bool Rebuilt) OpenIndex(string root)
    {
        var path = Path.Combine(root, IndexFile);
        ArchiveIndex? index = null;
        try
        {
            index = new ArchiveIndex(path);
            if (index.IntegrityOk()) return (index, false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { /* corrupt: rebuilt below */ }
        index?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.EnumerateFiles(root, IndexFile + "*")) File.Delete(f);
        return (new ArchiveIndex(path), true);
    }

    /// <summary>How far an object is written before <see cref="Store"/> or <see cref="Adopt"/> returns.</summary>
    public Durability Durability { get; }

    /// <summary>Stores an object (replacing an earlier one with the same SOP Instance UID) and returns where.</summary>
    public StoredInstance Store(DicomFile file)
    {
        var instance = Identify(file);
        var temp = NewTemporaryPath();
        long size;
        using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            DicomFileWriter.Write(fs, file);
            fs.Flush(flushToDisk: Durability == Durability.Synced);
            size = fs.Length;
        }
        return Commit(temp, instance, file.Dataset, size);
    }

    /// <summary>A new temporary file name inside the archive (tmp/), for an object being received; start-up deletes leftovers.</summary>
    public string NewTemporaryPath() => Path.Combine(_root, "tmp", Guid.NewGuid().ToString("N") + ".part");

    /// <summary>
    /// Takes a complete Part 10 file that was written (and, for <see cref="Durability.Synced"/>, synced) under a
    /// <see cref="NewTemporaryPath"/>, and stores it byte for byte as received: indexed, then renamed to its final name.
    /// A file that is not a readable object with its four identifying UIDs is deleted and refused.
    /// </summary>
    /// <param name="refuse">Says why an identified object must not be stored (null to store it).</param>
    public StoredInstance Adopt(string temporaryPath, Func<StoredInstance, string?>? refuse = null)
    {
        try
        {
            var file = DicomFileReader.Read(temporaryPath, HeaderOnly);
            var instance = Identify(file);
            if (refuse?.Invoke(instance) is { } why) throw new ArchiveStoreException(why);
            return Commit(temporaryPath, instance, file.Dataset, new FileInfo(temporaryPath).Length);
        }
        catch (Exception e) when (e is DicomReadException or ArchiveStoreException or DicomCharacterSetException)
        {
            File.Delete(temporaryPath);
            throw e as ArchiveStoreException ?? new ArchiveStoreException($"not a readable DICOM object: {e.Message}") { Unreadable = true };
        }
    }

    /// <summary>Reads up to the last attribute the index holds (never the pixel data).</summary>
    private static readonly DicomReadOptions HeaderOnly = new()
    {
        StopAfter = StudyRootKeys.Study.Concat(StudyRootKeys.Series).Concat(StudyRootKeys.Image).Max(),
    };

    private static StoredInstance Identify(DicomFile file)
    {
        var ds = file.Dataset;
        // A UID is digits and periods (PS3.5 9.1); one with characters outside the default repertoire could never be
        // written back into a response (C-FIND identifiers, C-MOVE failed lists), so one such object would break every
        // later query that matches it. It is refused, naming the attribute but not quoting the hostile text.
        string Require(DicomTag tag, string name) =>
            ds.GetString(tag) is not { Length: > 0 } v ? throw new ArchiveStoreException($"{name} {tag} is missing")
            : v.Any(c => c is < ' ' or > '~') ? throw new ArchiveStoreException($"{name} {tag} has characters outside the default repertoire (PS3.5 9.1)")
            : v;
        return new StoredInstance(
            Require(DicomTags.StudyInstanceUID, "Study Instance UID"), Require(DicomTags.SeriesInstanceUID, "Series Instance UID"),
            Require(DicomTags.SOPInstanceUID, "SOP Instance UID"), Require(DicomTags.SOPClassUID, "SOP Class UID"),
            file.TransferSyntax.Uid, "", 0);
    }

    /// <summary>
    /// Renames a written temporary file to its final name and indexes it. With <see cref="Durability.Synced"/> the folder
    /// is synced after the rename, so the new name itself survives a power loss (the file's bytes were synced before).
    /// </summary>
    private StoredInstance Commit(string temp, StoredInstance instance, DicomDataset ds, long size)
    {
        var relative = RelativePath(instance);
        var full = Path.Combine(_root, relative);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        lock (_gate)
        {
            File.Move(temp, full, overwrite: true);
            if (Durability == Durability.Synced) DurableFolder.Sync(folder);
            instance = instance with { File = relative.Replace('\\', '/'), Size = size };
            Index(instance, ds);
        }
        return instance;
    }

    /// <summary>C-FIND: the identifiers of the matches at a level (PS3.4 C.4.1.3.1.1), keys filled from what is stored.</summary>
    public IReadOnlyList<DicomDataset> Find(QueryLevel level, DicomDataset identifier)
    {
        var keys = identifier.Where(e => e.Tag != DicomTags.QueryRetrieveLevel && e.Tag != DicomTags.SpecificCharacterSet && !e.Tag.IsGroupLength).ToList();
        return Match(level, identifier).Select(m => Response(level, keys, m)).ToList();
    }

    /// <summary>C-MOVE and C-GET: the stored instances the unique keys of an identifier select (PS3.4 C.4.2.1.4.1).</summary>
    public IReadOnlyList<StoredInstance> Locate(QueryLevel level, DicomDataset identifier)
    {
        var matches = Match(level, identifier).ToList();
        IReadOnlyList<(long SeriesKey, IndexRow Row)> instances;
        lock (_gate) instances = _index.Instances();
        {
            return level switch
            {
                QueryLevel.Image => matches.Select(m => m.Instance!.Instance!).ToList(),
                QueryLevel.Series => instances.Where(i => matches.Any(m => m.Series!.Key == i.SeriesKey)).Select(i => i.Row.Instance!).ToList(),
                _ => instances.Where(i => matches.Any(m => m.SeriesOf!.Contains(i.SeriesKey))).Select(i => i.Row.Instance!).ToList(),
            };
        }
    }

    public DicomFile Read(StoredInstance instance) => DicomFileReader.Read(PathOf(instance));

    /// <summary>The full path of a stored instance's file.</summary>
    public string PathOf(StoredInstance instance) => Path.Combine(_root, instance.File);

    public int Count
    {
        get { lock (_gate) return _index.Instances().Count; }
    }

    public void Dispose() => _index.Dispose();

    // ---- matching ----

    private sealed record Candidate(IndexRow Study, IndexRow? Series, IndexRow? Instance, HashSet<long>? SeriesOf, Dictionary<string, string> Values);

    private IEnumerable<Candidate> Match(QueryLevel level, DicomDataset identifier)
    {
        List<Candidate> candidates;
        lock (_gate)
        {
            var studies = _index.Studies().ToDictionary(s => s.Key);
            var series = _index.Series();
            var instances = _index.Instances();
            var seriesByStudy = series.GroupBy(s => s.StudyKey).ToDictionary(g => g.Key, g => g.Select(s => s.Row).ToList());
            var instancesBySeries = instances.GroupBy(i => i.SeriesKey).ToDictionary(g => g.Key, g => g.Select(i => i.Row).ToList());
            IReadOnlyList<IndexRow> InstancesOf(long seriesKey) => instancesBySeries.GetValueOrDefault(seriesKey) ?? [];
            Dictionary<string, string> StudyValues(IndexRow st)
            {
                var v = new Dictionary<string, string>(st.Attributes);
                var ser = seriesByStudy.GetValueOrDefault(st.Key) ?? [];
                var all = ser.SelectMany(s => InstancesOf(s.Key)).ToList();
                v[Key(DicomTags.ModalitiesInStudy)] = string.Join('\\', ser.Select(s => s.Attributes.GetValueOrDefault(Key(DicomTags.Modality), "")).Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal));
                v[Key(DicomTags.SOPClassesInStudy)] = string.Join('\\', all.Select(i => i.Instance!.SopClassUid).Distinct().Order(StringComparer.Ordinal));
                v[Key(DicomTags.NumberOfStudyRelatedSeries)] = ser.Count.ToString(CultureInfo.InvariantCulture);
                v[Key(DicomTags.NumberOfStudyRelatedInstances)] = all.Count.ToString(CultureInfo.InvariantCulture);
                return v;
            }
            Dictionary<string, string> SeriesValues(IndexRow se, Dictionary<string, string> study)
            {
                var v = new Dictionary<string, string>(study);
                foreach (var (k, x) in se.Attributes) v[k] = x;
                v[Key(DicomTags.NumberOfSeriesRelatedInstances)] = InstancesOf(se.Key).Count.ToString(CultureInfo.InvariantCulture);
                return v;
            }
            candidates = [];
            foreach (var st in studies.Values)
            {
                var sv = StudyValues(st);
                var ser = seriesByStudy.GetValueOrDefault(st.Key) ?? [];
                if (level == QueryLevel.Study) { candidates.Add(new Candidate(st, null, null, ser.Select(s => s.Key).ToHashSet(), sv)); continue; }
                foreach (var se in ser)
                {
                    var rv = SeriesValues(se, sv);
                    if (level == QueryLevel.Series) { candidates.Add(new Candidate(st, se, null, null, rv)); continue; }
                    foreach (var i in InstancesOf(se.Key))
                    {
                        var iv = new Dictionary<string, string>(rv);
                        foreach (var (k, x) in i.Attributes) iv[k] = x;
                        candidates.Add(new Candidate(st, se, i, null, iv));
                    }
                }
            }
        }
        var levelKeys = KeysUpTo(level);
        var conditions = identifier.OfType<DicomValueElement>()
            .Where(e => levelKeys.Contains(e.Tag))
            .Select(e => (e.Tag, e.VR, Key: identifier.GetString(e.Tag) ?? ""))
            .Where(c => c.Key.Length > 0).ToList();
        return candidates.Where(m => conditions.All(c => KeyMatching.Matches(c.VR, c.Key, m.Values.GetValueOrDefault(Key(c.Tag)))));
    }

    private static HashSet<DicomTag> KeysUpTo(QueryLevel level)
    {
        var keys = new HashSet<DicomTag>(StudyRootKeys.Study) { DicomTags.ModalitiesInStudy, DicomTags.SOPClassesInStudy };
        if (level >= QueryLevel.Series) keys.UnionWith(StudyRootKeys.Series);
        if (level >= QueryLevel.Image) keys.UnionWith(StudyRootKeys.Image);
        return keys;
    }

    private static DicomDataset Response(QueryLevel level, List<DicomElement> keys, Candidate m)
    {
        var r = new DicomDataset();
        var needsUtf8 = keys.Any(k => m.Values.GetValueOrDefault(Key(k.Tag))?.Any(c => c > 127) == true);
        if (needsUtf8) r.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        r.SetString(DicomTags.QueryRetrieveLevel, StudyRootKeys.Name(level));
        foreach (var k in keys)
        {
            if (k is DicomSequence) { r.SetEmpty(k.Tag, DicomVR.SQ); continue; }
            if (!m.Values.TryGetValue(Key(k.Tag), out var v) || v.Length == 0) { r.SetEmpty(k.Tag, k.VR); continue; }
            try
            {
                r.SetString(k.Tag, v, k.VR);
            }
            catch (DicomCharacterSetException)
            {
                // The requester declared the key with a VR whose repertoire cannot hold the stored text (PS3.5 6.1.2.3):
                // answered as having no value rather than failing the whole query.
                r.SetEmpty(k.Tag, k.VR);
            }
        }
        return r;
    }

    // ---- writing the index ----

    private void Index(StoredInstance instance, DicomDataset ds) =>
        _index.Upsert(instance, Values(ds, StudyRootKeys.Study), Values(ds, StudyRootKeys.Series), Values(ds, StudyRootKeys.Image));

    private static Dictionary<string, string> Values(DicomDataset ds, IEnumerable<DicomTag> tags)
    {
        var v = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            try
            {
                // A value that could not be written back in its own VR (text beyond the default repertoire in a VR that
                // ignores Specific Character Set, PS3.5 6.1.2.3) is indexed as absent too, or it would break every
                // response that carries it.
                if (ds.GetString(t) is { } s && (ds[t] is not DicomValueElement e || e.VR.UsesSpecificCharacterSet || !s.Any(c => c > '~'))) v[Key(t)] = s;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or DecoderFallbackException or DicomCharacterSetException)
            {
                // An undecodable value is indexed as absent: the object is still stored unchanged.
            }
        }
        return v;
    }

    private static string Key(DicomTag t) => t.Value.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>objects/STUDY/SERIES/SOP.dcm for well-formed UIDs (PS3.5 9.1); a hash for anything else, so no peer string becomes a path.</summary>
    private static string RelativePath(StoredInstance i)
    {
        static string Safe(string uid) => uid.Length is > 0 and <= 64 && uid.All(c => char.IsAsciiDigit(c) || c == '.') && !uid.StartsWith('.') && !uid.Contains("..", StringComparison.Ordinal)
            ? uid : "h" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..32].ToLowerInvariant();
        return Path.Combine("objects", Safe(i.StudyInstanceUid), Safe(i.SeriesInstanceUid), Safe(i.SopInstanceUid) + ".dcm");
    }

    // ---- start-up check ----

    private RepairReport CheckAndRepair()
    {
        var temps = 0;
        foreach (var t in Directory.EnumerateFiles(Path.Combine(_root, "tmp")))
        {
            File.Delete(t);
            temps++;
        }
        var missing = 0;
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, row) in _index.Instances())
        {
            if (File.Exists(Path.Combine(_root, row.Instance!.File))) { known.Add(row.Instance.File); continue; }
            _index.DeleteInstance(row.Uid);
            missing++;
        }
        var indexed = 0;
        var quarantined = 0;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(_root, "objects"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(_root, f).Replace('\\', '/');
            if (known.Contains(relative)) continue;
            try
            {
                var file = DicomFileReader.Read(f);
                var i = new StoredInstance(file.Dataset.GetString(DicomTags.StudyInstanceUID) ?? "", file.Dataset.GetString(DicomTags.SeriesInstanceUID) ?? "",
                    file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? "", file.Dataset.GetString(DicomTags.SOPClassUID) ?? "",
                    file.TransferSyntax.Uid, relative, new FileInfo(f).Length);
                if (i.StudyInstanceUid.Length == 0 || i.SeriesInstanceUid.Length == 0 || i.SopInstanceUid.Length == 0 || i.SopClassUid.Length == 0)
                    throw new DicomReadException("identifying UIDs missing", 0, "");
                Index(i, file.Dataset);
                indexed++;
            }
            catch (DicomReadException)
            {
                var q = Path.Combine(_root, "quarantine", relative.Replace('/', '_'));
                Directory.CreateDirectory(Path.GetDirectoryName(q)!);
                File.Move(f, q, overwrite: true);
                quarantined++;
            }
        }
        var empty = _index.DeleteEmpty();
        return new RepairReport(temps, missing, indexed, quarantined, empty, false);
    }
}

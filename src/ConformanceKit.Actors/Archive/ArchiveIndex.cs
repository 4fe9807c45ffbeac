using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace ConformanceKit.Actors.Archive;

/// <summary>One stored instance as the index knows it; <see cref="File"/> is relative to the archive root.</summary>
public sealed record StoredInstance(
    string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid,
    string TransferSyntaxUid, string File, long Size);

/// <summary>A row of one level with its indexed attributes (tag "ggggeeee" -> value text).</summary>
internal sealed record IndexRow(long Key, string Uid, IReadOnlyDictionary<string, string> Attributes, StoredInstance? Instance = null);

/// <summary>
/// The archive's SQLite index: patient/study, series and instance tables keyed by their UIDs, each with
/// its Study Root attributes as JSON. Statements are parameterised (UIDs and names are untrusted input).
/// </summary>
internal sealed class ArchiveIndex : IDisposable
{
    private readonly SqliteConnection _db;

    public ArchiveIndex(string path)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        // NORMAL, not FULL: the files are the truth and start-up indexes any file the index lost, so the index
        // need not be synced on every commit (WAL keeps it consistent; sqlite.org/pragma.html#pragma_synchronous).
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        Execute("""
            CREATE TABLE IF NOT EXISTS study (pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, attrs TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS series (pk INTEGER PRIMARY KEY, study_pk INTEGER NOT NULL REFERENCES study(pk) ON DELETE CASCADE,
                uid TEXT NOT NULL UNIQUE, attrs TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS instance (pk INTEGER PRIMARY KEY, series_pk INTEGER NOT NULL REFERENCES series(pk) ON DELETE CASCADE,
                uid TEXT NOT NULL UNIQUE, sop_class TEXT NOT NULL, transfer_syntax TEXT NOT NULL, file TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
                attrs TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS series_study ON series(study_pk);
            CREATE INDEX IF NOT EXISTS instance_series ON instance(series_pk);
            """);
    }

    public bool IntegrityOk()
    {
        using var c = Command("PRAGMA integrity_check;");
        return c.ExecuteScalar() as string == "ok";
    }

    /// <summary>
    /// Records an instance (replacing an earlier one with the same SOP Instance UID), in one transaction.
    /// Study and series attributes merge (RFC 7396 patch): an object that lacks an optional study attribute
    /// does not erase what an earlier object of the study gave.
    /// </summary>
    public void Upsert(StoredInstance i, IReadOnlyDictionary<string, string> study, IReadOnlyDictionary<string, string> series, IReadOnlyDictionary<string, string> instance)
    {
        using var tx = _db.BeginTransaction();
        var studyPk = UpsertRow("INSERT INTO study(uid, attrs) VALUES ($uid, $attrs) ON CONFLICT(uid) DO UPDATE SET attrs = json_patch(study.attrs, excluded.attrs) RETURNING pk;",
            ("$uid", i.StudyInstanceUid), ("$attrs", Json(NonEmpty(study))));
        var seriesPk = UpsertRow("INSERT INTO series(study_pk, uid, attrs) VALUES ($study, $uid, $attrs) ON CONFLICT(uid) DO UPDATE SET study_pk = excluded.study_pk, attrs = json_patch(series.attrs, excluded.attrs) RETURNING pk;",
            ("$study", studyPk), ("$uid", i.SeriesInstanceUid), ("$attrs", Json(NonEmpty(series))));
        UpsertRow("""
            INSERT INTO instance(series_pk, uid, sop_class, transfer_syntax, file, size, attrs) VALUES ($series, $uid, $class, $ts, $file, $size, $attrs)
            ON CONFLICT(uid) DO UPDATE SET series_pk = excluded.series_pk, sop_class = excluded.sop_class, transfer_syntax = excluded.transfer_syntax,
                file = excluded.file, size = excluded.size, attrs = excluded.attrs RETURNING pk;
            """,
            ("$series", seriesPk), ("$uid", i.SopInstanceUid), ("$class", i.SopClassUid), ("$ts", i.TransferSyntaxUid),
            ("$file", i.File), ("$size", i.Size), ("$attrs", Json(instance)));
        tx.Commit();
    }

    public IReadOnlyList<IndexRow> Studies()
    {
        var rows = new List<IndexRow>();
        using var c = Command("SELECT pk, uid, attrs FROM study ORDER BY pk;");
        using var r = c.ExecuteReader();
        while (r.Read()) rows.Add(new IndexRow(r.GetInt64(0), r.GetString(1), Parse(r.GetString(2))));
        return rows;
    }

    public IReadOnlyList<(long StudyKey, IndexRow Row)> Series()
    {
        var rows = new List<(long, IndexRow)>();
        using var c = Command("SELECT study_pk, pk, uid, attrs FROM series ORDER BY pk;");
        using var r = c.ExecuteReader();
        while (r.Read()) rows.Add((r.GetInt64(0), new IndexRow(r.GetInt64(1), r.GetString(2), Parse(r.GetString(3)))));
        return rows;
    }

    public IReadOnlyList<(long SeriesKey, IndexRow Row)> Instances()
    {
        var rows = new List<(long, IndexRow)>();
        using var c = Command("""
            SELECT i.series_pk, i.pk, i.uid, i.attrs, st.uid, se.uid, i.sop_class, i.transfer_syntax, i.file, i.size
            FROM instance i JOIN series se ON se.pk = i.series_pk JOIN study st ON st.pk = se.study_pk ORDER BY i.pk;
            """);
        using var r = c.ExecuteReader();
        while (r.Read())
            rows.Add((r.GetInt64(0), new IndexRow(r.GetInt64(1), r.GetString(2), Parse(r.GetString(3)),
                new StoredInstance(r.GetString(4), r.GetString(5), r.GetString(2), r.GetString(6), r.GetString(7), r.GetString(8), r.GetInt64(9)))));
        return rows;
    }

    public void DeleteInstance(string sopInstanceUid)
    {
        using var c = Command("DELETE FROM instance WHERE uid = $uid;", ("$uid", sopInstanceUid));
        c.ExecuteNonQuery();
    }

    /// <summary>Removes series and studies left without instances.</summary>
    public int DeleteEmpty()
    {
        using var a = Command("DELETE FROM series WHERE pk NOT IN (SELECT series_pk FROM instance);");
        var n = a.ExecuteNonQuery();
        using var b = Command("DELETE FROM study WHERE pk NOT IN (SELECT study_pk FROM series);");
        return n + b.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();

    private long UpsertRow(string sql, params (string, object)[] p)
    {
        using var c = Command(sql, p);
        return (long)c.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var c = Command(sql);
        c.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var c = _db.CreateCommand();
        c.CommandText = sql;
        foreach (var (n, v) in parameters) c.Parameters.AddWithValue(n, v);
        return c;
    }

    private static Dictionary<string, string> NonEmpty(IReadOnlyDictionary<string, string> attrs) =>
        attrs.Where(a => a.Value.Length > 0).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);

    private static string Json(IReadOnlyDictionary<string, string> attrs) => JsonSerializer.Serialize(attrs, AttributeJson.Default.IReadOnlyDictionaryStringString);

    private static Dictionary<string, string> Parse(string json) =>
        JsonSerializer.Deserialize(json, AttributeJson.Default.DictionaryStringString) ?? [];
}

/// <summary>The JSON of an index row's attribute map, generated at build time so that no reflection is needed.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AttributeJson : JsonSerializerContext;

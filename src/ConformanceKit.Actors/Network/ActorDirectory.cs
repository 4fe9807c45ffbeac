using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ConformanceKit.Dicom.Network;

namespace ConformanceKit.Actors.Network;

/// <summary>
/// Where the harness's own actors listen right now, by AE title. Actors register when they start (their port is
/// often picked at start) and leave when they stop; reference SUTs look peers up here, as a product would in its
/// configured list of known AEs. It is the C-MOVE destination table of the reference Archive, so a C-MOVE to a
/// harness actor finds it wherever it listens (PS3.4 C.4.2.2.1: the SCP maps Move Destination to an address).
/// </summary>
public sealed class ActorDirectory : IReadOnlyDictionary<string, MoveDestination>
{
    private readonly ConcurrentDictionary<string, MoveDestination> _entries = new(StringComparer.Ordinal);

    /// <summary>Adds (or replaces) an AE; disposing the result removes it again unless it was replaced meanwhile.</summary>
    public IDisposable Register(MoveDestination destination)
    {
        _entries[destination.AeTitle] = destination;
        return new Registration(this, destination);
    }

    public MoveDestination this[string key] => _entries[key];
    public IEnumerable<string> Keys => _entries.Keys;
    public IEnumerable<MoveDestination> Values => _entries.Values;
    public int Count => _entries.Count;
    public bool ContainsKey(string key) => _entries.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MoveDestination value) => _entries.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, MoveDestination>> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Registration(ActorDirectory owner, MoveDestination destination) : IDisposable
    {
        public void Dispose() => owner._entries.TryRemove(new KeyValuePair<string, MoveDestination>(destination.AeTitle, destination));
    }
}

/// <summary>Several destination tables read as one: the first that knows an AE title answers (configured entries before the directory).</summary>
public sealed class DestinationTables(params IReadOnlyDictionary<string, MoveDestination>[] tables) : IReadOnlyDictionary<string, MoveDestination>
{
    public MoveDestination this[string key] => TryGetValue(key, out var d) ? d : throw new KeyNotFoundException($"no move destination '{key}'");
    public IEnumerable<string> Keys => tables.SelectMany(t => t.Keys).Distinct(StringComparer.Ordinal);
    public IEnumerable<MoveDestination> Values => Keys.Select(k => this[k]);
    public int Count => Keys.Count();
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MoveDestination value)
    {
        foreach (var t in tables)
            if (t.TryGetValue(key, out value)) return true;
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, MoveDestination>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, MoveDestination>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

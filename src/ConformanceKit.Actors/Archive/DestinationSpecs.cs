using System.Globalization;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Actors.Archive;

/// <summary>C-MOVE destinations written as <c>AE=HOST:PORT</c> (the `ck archive --dest` form).</summary>
public static class DestinationSpecs
{
    /// <summary>Parses each spec; a malformed one throws <see cref="FormatException"/> naming it and saying what is wrong.</summary>
    public static IReadOnlyDictionary<string, MoveDestination> Parse(IEnumerable<string> specs)
    {
        var table = new Dictionary<string, MoveDestination>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var d = ParseOne(spec);
            if (!table.TryAdd(d.AeTitle, d)) throw new FormatException($"--dest {spec}: AE title {d.AeTitle} is given twice");
        }
        return table;
    }

    public static MoveDestination ParseOne(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var colon = spec.LastIndexOf(':');
        if (eq <= 0 || colon < eq + 2 || colon == spec.Length - 1)
            throw new FormatException($"--dest {spec}: expected AE=HOST:PORT, e.g. VIEWER=192.168.1.20:104");
        var ae = spec[..eq];
        if (AeTitle.Validate(ae) is { } error) throw new FormatException($"--dest {spec}: {error}");
        var host = spec[(eq + 1)..colon].Trim('[', ']');
        if (!int.TryParse(spec[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"--dest {spec}: '{spec[(colon + 1)..]}' is not a TCP port (1-65535)");
        return new MoveDestination(ae, host, port);
    }
}

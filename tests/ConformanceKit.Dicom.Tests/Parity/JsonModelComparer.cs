using System.Globalization;
using System.Text.Json.Nodes;

namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>
/// Compares two DICOM JSON Model documents (PS3.18 F.2) element for element and lists every difference
/// with its tag path. The normalisations, each justified in docs/dicom.md ("Parity with dcmtk"):
/// numbers are compared by value (JSON leaves their spelling free, and dcmtk prints floats with its own
/// precision); Specific Character Set may read "ISO_IR 192" on dcmtk's side, which rewrites it to name
/// the UTF-8 of its output, while PS3.18 F.2.2 note 3 keeps the source value.
/// </summary>
public static class JsonModelComparer
{
    /// <summary>The differences, and how many text values dcmtk left undecoded (compared elsewhere).</summary>
    public sealed record Result(List<string> Differences, int UndecodedByDcmtk);

    public static Result Compare(JsonObject expected, JsonObject actual)
    {
        var diffs = new List<string>();
        var undecoded = 0;
        CompareDataset(expected, actual, "", diffs, ref undecoded);
        return new Result(diffs, undecoded);
    }

    private static void CompareDataset(JsonObject expected, JsonObject actual, string path, List<string> diffs, ref int undecoded)
    {
        var keys = expected.Select(p => p.Key).Union(actual.Select(p => p.Key)).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var where = path + "(" + key[..4] + "," + key[4..] + ")";
            var e = expected[key] as JsonObject;
            var a = actual[key] as JsonObject;
            if (e is null) { diffs.Add($"{where}: only in ours: {Short(a)}"); continue; }
            if (a is null) { diffs.Add($"{where}: missing in ours; dcmtk has {Short(e)}"); continue; }
            CompareElement(key, e, a, where, diffs, ref undecoded);
        }
    }

    private static void CompareElement(string key, JsonObject e, JsonObject a, string where, List<string> diffs, ref int undecoded)
    {
        var vr = (string?)e["vr"];
        if (vr != (string?)a["vr"]) { diffs.Add($"{where}: VR {vr} (dcmtk) vs {(string?)a["vr"]} (ours)"); return; }
        var eInline = (string?)e["InlineBinary"];
        var aInline = (string?)a["InlineBinary"];
        if (eInline is not null || aInline is not null)
        {
            if (eInline is null || aInline is null || !SameBytes(Convert.FromBase64String(eInline), Convert.FromBase64String(aInline)))
                diffs.Add($"{where}: InlineBinary differs ({Len(eInline)} vs {Len(aInline)} bytes)");
            return;
        }
        var ev = e["Value"] as JsonArray;
        var av = a["Value"] as JsonArray;
        if (key == "00080005" && IsUtf8Only(ev) && !IsUtf8Only(av)) return;
        if (ev is null || av is null)
        {
            if (ev is not null || av is not null) diffs.Add($"{where}: Value {Short(ev)} (dcmtk) vs {Short(av)} (ours)");
            return;
        }
        if (ev.Count != av.Count) { diffs.Add($"{where}: {ev.Count} values (dcmtk) vs {av.Count} (ours): {Short(ev)} vs {Short(av)}"); return; }
        for (var i = 0; i < ev.Count; i++)
        {
            var x = ev[i];
            var y = av[i];
            if (vr == "SQ")
            {
                if (x is JsonObject xo && y is JsonObject yo) CompareDataset(xo, yo, $"{where}[{i + 1}]/", diffs, ref undecoded);
                else diffs.Add($"{where}[{i + 1}]: item shape differs");
            }
            else if (Undecoded(x)) undecoded++;
            else if (!SameValue(x, y, vr!)) diffs.Add($"{where}[{i}]: {Short(x)} (dcmtk) vs {Short(y)} (ours)");
        }
    }

    // dcmtk leaves text it cannot convert as U+FFFD replacement characters or raw ISO 2022 escape sequences.
    private static bool Undecoded(JsonNode? x)
    {
        var text = x?.ToJsonString() ?? "";
        return text.Contains("\\uFFFD", StringComparison.OrdinalIgnoreCase) || text.Contains("\\u001B", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsUtf8Only(JsonArray? values) => values is { Count: 1 } && (string?)values[0] == "ISO_IR 192";

    private static bool SameValue(JsonNode? x, JsonNode? y, string vr)
    {
        if (x is null || y is null) return x is null && y is null;
        if (x is JsonObject xo && y is JsonObject yo) return xo.ToJsonString() == yo.ToJsonString();
        var xv = x.AsValue();
        var yv = y.AsValue();
        if (xv.GetValueKind() == System.Text.Json.JsonValueKind.Number && yv.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            var a = double.Parse(x.ToJsonString(), CultureInfo.InvariantCulture);
            var b = double.Parse(y.ToJsonString(), CultureInfo.InvariantCulture);
            // FL values are 32-bit: dcmtk widens them to double before printing, so compare at float precision.
            return vr == "FL" ? (float)a == (float)b : a == b;
        }
        return x.ToJsonString() == y.ToJsonString();
    }

    // dcmtk pads an odd-length value with one byte when it reads it (values have even length, PS3.5 7.1.1);
    // the harness keeps the bytes as they are in the file, so its value may be one byte shorter.
    private static bool SameBytes(byte[] dcmtk, byte[] ours) =>
        dcmtk.AsSpan().SequenceEqual(ours) ||
        ours.Length % 2 == 1 && dcmtk.Length == ours.Length + 1 && dcmtk.AsSpan(0, ours.Length).SequenceEqual(ours);

    private static int Len(string? b64) => b64 is null ? -1 : Convert.FromBase64String(b64).Length;

    private static string Short(JsonNode? n)
    {
        var s = n?.ToJsonString() ?? "(absent)";
        return s.Length > 120 ? s[..120] + "..." : s;
    }
}

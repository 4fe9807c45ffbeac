using System.Text.Json.Nodes;

namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>
/// Second oracle for text in character sets that dcmtk's converter on this machine cannot open (ISO 2022
/// IR 87 and IR 159, Japanese): Debian's pydicom (package python3-pydicom, run by Debian's /usr/bin/python3),
/// whose JSON model of the same file gives the decoded text of every element whose VR is affected by Specific
/// Character Set (PS3.5 6.1.2.3: SH, LO, ST, PN, LT, UC, UT).
/// </summary>
internal static class CharacterSetOracle
{
    private const string DebianPython = "/usr/bin/python3";

    private static readonly HashSet<string> TextVRs = ["SH", "LO", "ST", "PN", "LT", "UC", "UT"];

    // Prints pydicom's JSON model; bulk data stays inline (the threshold is larger than any test file).
    private const string Script =
        "import sys, json, pydicom\n" +
        "ds = pydicom.dcmread(sys.argv[1], force=True)\n" +
        "print(json.dumps(ds.to_json_dict(bulk_data_threshold=1 << 30)))\n";

    public static void AssertTextEqualsPydicom(string path)
    {
        if (!File.Exists(DebianPython)) Assert.Ignore("Debian's python3 is not installed; no oracle for this character set");
        var r = ExternalTool.Run(DebianPython, "-c", Script, path);
        if (r.ExitCode != 0 && r.StandardError.Contains("No module named 'pydicom'", StringComparison.Ordinal))
            Assert.Ignore("python3-pydicom is not installed; no oracle for this character set");
        Assert.That(r.ExitCode, Is.Zero, $"pydicom failed: {r.StandardError}");
        var file = DicomFileReader.Read(path);
        Assert.That(file.Issues.Where(i => i.IsError), Is.Empty);
        var ours = TextOnly(JsonNode.Parse(DicomJsonWriter.Serialize(file.Dataset))!.AsObject());
        // pydicom also guesses VRs for UN and unknown private elements, which the harness keeps as UN (as dcmtk
        // does); only the elements that are text on the harness's side are compared.
        var expected = Restrict(TextOnly(JsonNode.Parse(r.StandardOutput)!.AsObject()), ours);
        Assert.That(ours.Count, Is.GreaterThan(0), "the file has text to compare");
        var diffs = JsonModelComparer.Compare(expected, ours).Differences;
        Assert.That(diffs, Is.Empty, () => "text differs from pydicom:\n  " + string.Join("\n  ", diffs));
    }

    private static JsonObject Restrict(JsonObject dataset, JsonObject shape)
    {
        var result = new JsonObject();
        foreach (var (key, node) in shape)
        {
            var element = dataset[key] as JsonObject;
            if (element is null) continue;
            if (node!["Value"] is JsonArray shapeItems && (string?)node["vr"] == "SQ" && element["Value"] is JsonArray items)
            {
                var kept = new JsonArray(items.Select((item, i) => (JsonNode?)Restrict(item!.AsObject(),
                    i < shapeItems.Count ? shapeItems[i]!.AsObject() : [])).ToArray());
                result[key] = new JsonObject { ["vr"] = "SQ", ["Value"] = kept };
            }
            else result[key] = element.DeepClone();
        }
        return result;
    }

    // pydicom keeps a PN's trailing '^' delimiters; they are not significant (PS3.5 6.2.1.1) and the harness
    // leaves them out, as dcmtk does, so they are removed here too. A name of delimiters only is no value.
    private static JsonObject? PersonNames(JsonObject element)
    {
        var copy = element.DeepClone().AsObject();
        if (copy["Value"] is not JsonArray values) return copy;
        foreach (var name in values.OfType<JsonObject>())
            foreach (var group in name.Select(p => p.Key).ToList())
            {
                var text = DicomJsonWriter.NormalizePersonName((string?)name[group] ?? "");
                if (text.Length == 0) name.Remove(group); else name[group] = text;
            }
        if (values.All(v => v is null || v is JsonObject { Count: 0 })) copy.Remove("Value");
        return copy;
    }

    // Keeps the character-set dependent elements, and sequences for the ones inside items.
    private static JsonObject TextOnly(JsonObject dataset)
    {
        var result = new JsonObject();
        foreach (var (key, node) in dataset)
        {
            if (node is not JsonObject element || (string?)element["vr"] is not { } vr) continue;
            if (vr == "SQ" && element["Value"] is JsonArray items)
            {
                var kept = new JsonArray(items.Select(i => (JsonNode?)TextOnly(i!.AsObject())).ToArray());
                result[key] = new JsonObject { ["vr"] = "SQ", ["Value"] = kept };
            }
            else if (vr == "PN") { if (PersonNames(element) is { } pn) result[key] = pn; }
            else if (TextVRs.Contains(vr)) result[key] = element.DeepClone();
        }
        return result;
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>One message of dicom3tools' dciodvfy, with the attribute it names (keyword), when it names one.</summary>
public sealed record DciodvfyMessage(string Level, string Text, string? Keyword);

/// <summary>Runs dciodvfy (Debian dicom3tools) on a file and parses what it says on stderr.</summary>
public static partial class Dciodvfy
{
    public const string Executable = "/usr/bin/dciodvfy";

    public static bool Available => File.Exists(Executable);

    public static void RequireOrIgnore()
    {
        if (!Available) Assert.Ignore($"dciodvfy not installed ({Executable}); install Debian package dicom3tools (./run.sh test does)");
    }

    /// <summary>The messages, or null when dciodvfy aborted (it asserts on some RT Dose encodings) before judging the object.</summary>
    public static IReadOnlyList<DciodvfyMessage>? Run(string path)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new TimeoutException($"dciodvfy {path} did not finish"); }
        var text = stderr.Result + stdout.Result;
        if (text.Contains("Assertion", StringComparison.Ordinal) && text.Contains("failed", StringComparison.Ordinal)) return null;
        var list = new List<DciodvfyMessage>();
        foreach (var line in text.Split('\n'))
        {
            var m = LevelLine().Match(line);
            if (!m.Success) continue;
            list.Add(new DciodvfyMessage(m.Groups[1].Value, line.Trim(), KeywordOf(line)));
        }
        return list;
    }

    public static IEnumerable<DciodvfyMessage> Errors(IEnumerable<DciodvfyMessage> messages) => messages.Where(m => m.Level == "Error");

    private static string? KeywordOf(string line)
    {
        if (ElementName().Match(line) is { Success: true } e) return e.Groups[1].Value;
        if (TagInLine().Match(line) is { Success: true } t)
            return DicomDictionary.KeywordOf(new DicomTag(Convert.ToUInt16(t.Groups[1].Value, 16), Convert.ToUInt16(t.Groups[2].Value, 16)));
        if (AttributeName().Match(line) is { Success: true } a) return a.Groups[1].Value;
        if (AttributeDescription().Match(line) is { Success: true } d && ByName.Value.TryGetValue(d.Groups[1].Value, out var keyword)) return keyword;
        // Otherwise the first word that is a PS3.6 keyword ("MediaStorageSOPInstanceUID different from ...").
        return Word().Matches(line).Select(w => w.Value).FirstOrDefault(w => w.Length > 3 && DicomDictionary.FindByKeyword(w) is not null);
    }

    [GeneratedRegex(@"^\s*(Error|Warning) - ")]
    private static partial Regex LevelLine();

    [GeneratedRegex(@"Element=<([A-Za-z0-9]+)>")]
    private static partial Regex ElementName();

    [GeneratedRegex(@"\(0x([0-9a-fA-F]{4}),0x([0-9a-fA-F]{4})\)")]
    private static partial Regex TagInLine();

    private static readonly Lazy<Dictionary<string, string>> ByName = new(() =>
        DicomDictionary.All.Where(e => e.Keyword.Length > 0).GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Keyword, StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex(@"attribute <([^>]+)>")]
    private static partial Regex AttributeDescription();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"attribute <([A-Za-z0-9]+)>")]
    private static partial Regex AttributeName();
}

using System.Text.Encodings.Web;
using System.Text.Json;
using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Validation;

/// <summary>Writes a <see cref="ValidationReport"/> as text for people or JSON for machines (the same content).</summary>
public static class ValidationReportWriter
{
    public static void WriteText(ValidationReport report, TextWriter w)
    {
        var clean = 0;
        foreach (var o in report.Objects)
        {
            if (o.Findings.Count == 0) { clean++; continue; }
            w.WriteLine($"== {Name(o.Object)}");
            if (o.Object.SopInstanceUid is { } uid)
                w.WriteLine($"   SOP Instance {uid}{(o.Object.SopClassUid is { } c ? $" ({DicomUidRegistry.NameOf(c)})" : "")}");
            foreach (var group in o.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key))
            {
                w.WriteLine($"   {group.Key.Name()}s ({group.Count()}):");
                foreach (var f in group)
                {
                    w.WriteLine($"     {f.Rule.Id}{(f.Gates ? " [gating]" : "")}  {(f.Path.Length > 0 ? f.Path : "(object)")}");
                    w.WriteLine($"       {f.Message}");
                    if (f.Found is not null || f.Expected is not null)
                        w.WriteLine($"       found: {f.Found ?? "-"}   expected: {f.Expected ?? "-"}");
                    w.WriteLine($"       {f.Rule.Title} [{f.Rule.CitationText}]");
                }
            }
            w.WriteLine();
        }
        var gating = report.Findings.Count(f => f.Gates);
        w.WriteLine($"{report.ObjectsValidated} object(s) validated under {report.Mode.Name()}, {report.FilesUnreadable} unreadable, {clean} without findings");
        w.WriteLine($"{report.Count(Severity.Error)} error(s) ({gating} gating), {report.Count(Severity.Warning)} warning(s), {report.Count(Severity.Info)} info");
        w.WriteLine($"verdict: {Verdict(report)} (exit {report.ExitCode})");
    }

    public static string Verdict(ValidationReport report) => report.ExitCode switch
    {
        ValidationReport.ExitPass => "PASS",
        ValidationReport.ExitGating => "FAIL",
        _ => "NOTHING VALIDATED",
    };

    public static void WriteJson(ValidationReport report, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("profile", report.Mode.Name());
        w.WriteNumber("objectsValidated", report.ObjectsValidated);
        w.WriteNumber("filesUnreadable", report.FilesUnreadable);
        w.WriteString("verdict", Verdict(report));
        w.WriteNumber("exitCode", report.ExitCode);
        w.WriteStartObject("counts");
        w.WriteNumber("error", report.Count(Severity.Error));
        w.WriteNumber("gating", report.Findings.Count(f => f.Gates));
        w.WriteNumber("warning", report.Count(Severity.Warning));
        w.WriteNumber("info", report.Count(Severity.Info));
        w.WriteEndObject();
        w.WriteStartArray("objects");
        foreach (var o in report.Objects)
        {
            w.WriteStartObject();
            w.WriteString("file", o.Object.File);
            w.WriteString("sopInstanceUid", o.Object.SopInstanceUid);
            w.WriteString("sopClassUid", o.Object.SopClassUid);
            w.WriteStartArray("findings");
            foreach (var f in o.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", f.Rule.Id);
                w.WriteString("title", f.Rule.Title);
                w.WriteString("severity", f.Severity.Name());
                w.WriteBoolean("gating", f.Gates);
                w.WriteString("path", f.Path);
                w.WriteString("message", f.Message);
                w.WriteString("found", f.Found);
                w.WriteString("expected", f.Expected);
                w.WriteStartArray("citations");
                foreach (var c in f.Rule.Citations) w.WriteStringValue(c.ToString());
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Name(ObjectRef o) => o.File ?? o.SopInstanceUid ?? "(set)";
}

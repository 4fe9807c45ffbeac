using System.Globalization;
using System.Text;
using System.Xml;

namespace ConformanceKit.Scenarios.Results;

/// <summary>
/// junit.xml for CI: one testsuite per actor, one testcase per scenario. FAIL is a &lt;failure&gt; whose
/// text lists the findings; INCONCLUSIVE is an &lt;error&gt; (CI must not read it as a pass); SKIPPED is
/// &lt;skipped&gt;.
/// </summary>
public static class JUnitReport
{
    public const string FileName = "junit.xml";

    public static void Write(string runDirectory, RunResult run) =>
        RunFolder.WriteAtomically(Path.Combine(runDirectory, FileName), Render(run));

    public static string Render(RunResult run)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false };
        using (var w = XmlWriter.Create(sb, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", $"ConformanceKit {run.RunId}");
            Counts(w, run.Scenarios, run.DurationMs);
            foreach (var group in run.Scenarios.GroupBy(s => s.Actor).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", group.Key);
                Counts(w, group.ToList(), group.Sum(s => s.DurationMs));
                w.WriteAttributeString("timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                foreach (var s in group) Case(w, s);
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return sb.ToString();
    }

    private static void Counts(XmlWriter w, IReadOnlyCollection<ScenarioResult> scenarios, double ms)
    {
        w.WriteAttributeString("tests", Num(scenarios.Count));
        w.WriteAttributeString("failures", Num(scenarios.Count(s => s.Verdict == "FAIL")));
        w.WriteAttributeString("errors", Num(scenarios.Count(s => s.Verdict == "INCONCLUSIVE")));
        w.WriteAttributeString("skipped", Num(scenarios.Count(s => s.Verdict == "SKIPPED")));
        w.WriteAttributeString("time", Seconds(ms));
    }

    private static void Case(XmlWriter w, ScenarioResult s)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", $"{s.Actor}.{s.Profile}");
        w.WriteAttributeString("name", Clean($"{s.Id} {s.Title}"));
        w.WriteAttributeString("file", s.File);
        w.WriteAttributeString("time", Seconds(s.DurationMs));
        switch (s.Verdict)
        {
            case "FAIL":
                w.WriteStartElement("failure");
                w.WriteAttributeString("message", Clean(s.Reason));
                w.WriteAttributeString("type", "FAIL");
                w.WriteString(Clean(Details(s)));
                w.WriteEndElement();
                break;
            case "INCONCLUSIVE":
                w.WriteStartElement("error");
                w.WriteAttributeString("message", Clean(s.Reason));
                w.WriteAttributeString("type", "INCONCLUSIVE");
                w.WriteString(Clean(Details(s)));
                w.WriteEndElement();
                break;
            case "SKIPPED":
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", Clean(s.Reason));
                w.WriteEndElement();
                break;
        }
        w.WriteElementString("system-out", Clean(string.Join("\n", s.Steps.Select(t => $"[{t.Verdict}] {t.Id} ({t.Kind}): {t.Reason}"))));
        w.WriteEndElement();
    }

    private static string Details(ScenarioResult s)
    {
        var sb = new StringBuilder();
        foreach (var step in s.Steps.Where(t => t.Verdict is "FAIL" or "INCONCLUSIVE"))
        {
            sb.Append(CultureInfo.InvariantCulture, $"step {step.Id} ({step.Kind}) {step.Verdict}: {step.Reason}\n");
            foreach (var f in step.Findings.Where(f => f.Severity != "info"))
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {f.Severity} {f.RuleId ?? "-"}: {f.Message}");
                if (f.Path is not null) sb.Append(CultureInfo.InvariantCulture, $" at {f.Path}");
                if (f.Expected is not null || f.Found is not null) sb.Append(CultureInfo.InvariantCulture, $" (expected {f.Expected ?? "-"}, found {f.Found ?? "-"})");
                if (f.SopInstanceUid is not null) sb.Append(CultureInfo.InvariantCulture, $" [{f.SopInstanceUid}]");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    // XML 1.0 forbids most control characters; values from DICOM peers are hostile input.
    private static string Clean(string text) =>
        string.Concat(text.Select(c => c is '\t' or '\n' or '\r' || c >= ' ' && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF' ? c : '\uFFFD'));

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Seconds(double ms) => (ms / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}

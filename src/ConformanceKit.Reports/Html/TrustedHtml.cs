using System.Text;

namespace ConformanceKit.Reports.Html;

/// <summary>
/// Markup the report may write as it is. Only code in this assembly can make one, and only from text it
/// escaped itself (<see cref="HtmlWriter"/>) or from its own constant markup: a template can never turn a
/// string from DICOM, YAML or a peer into markup, because every other value is escaped on output
/// (<see cref="EscapingTemplateContext"/>).
/// </summary>
public sealed class TrustedHtml
{
    public static readonly TrustedHtml Empty = new("");

    internal TrustedHtml(string html) => Markup = html;

    public string Markup { get; }

    public bool IsEmpty => Markup.Length == 0;

    public override string ToString() => Markup;
}

/// <summary>HTML escaping of untrusted text, for element content and quoted attribute values alike.</summary>
public static class HtmlText
{
    /// <summary>
    /// Escapes &amp; &lt; &gt; " and ' (so the result is safe in content and in single- or double-quoted
    /// attributes), and replaces control characters other than tab and line breaks, which DICOM strings may
    /// carry and which HTML forbids, with U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' or '\n' or '\r' => null,
                _ when char.IsControl(c) || c is '\uFFFE' or '\uFFFF' => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }
}

using System.Globalization;
using System.Text;

namespace ConformanceKit.Reports.Html;

/// <summary>
/// Builds a <see cref="TrustedHtml"/> fragment in code (SVG diagrams, dumps): tags and attribute names are
/// constants of this assembly; every text and attribute value goes through <see cref="HtmlText.Escape"/>.
/// </summary>
public sealed class HtmlWriter
{
    private readonly StringBuilder _sb = new();

    /// <summary>Markup written by this assembly (a tag, an entity); never pass data here.</summary>
    internal HtmlWriter Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _sb.Append(HtmlText.Escape(text));
        return this;
    }

    public HtmlWriter Append(TrustedHtml html)
    {
        _sb.Append(html.Markup);
        return this;
    }

    /// <summary>An opening tag with attributes (values escaped; null values left out).</summary>
    internal HtmlWriter Open(string tag, params (string Name, object? Value)[] attributes)
    {
        _sb.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            _sb.Append(' ').Append(name).Append("=\"").Append(HtmlText.Escape(Format(value))).Append('"');
        }
        _sb.Append('>');
        return this;
    }

    /// <summary>A self-closed element (SVG shapes).</summary>
    internal HtmlWriter Empty(string tag, params (string Name, object? Value)[] attributes)
    {
        Open(tag, attributes);
        _sb.Length--;
        _sb.Append("/>");
        return this;
    }

    internal HtmlWriter Close(string tag)
    {
        _sb.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only text.</summary>
    internal HtmlWriter Element(string tag, string? text, params (string Name, object? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    public TrustedHtml ToHtml() => new(_sb.ToString());

    /// <summary>Numbers in invariant culture, rounded for drawing coordinates.</summary>
    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        float f => f.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

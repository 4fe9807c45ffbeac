using ConformanceKit.Reports.Html;
using Scriban;
using Scriban.Runtime;

namespace ConformanceKit.Reports.Tests;

public class EscapingTests
{
    private sealed class Model
    {
        public string Name { get; init; } = "";
        public TrustedHtml Diagram { get; init; } = TrustedHtml.Empty;
        public IReadOnlyList<string> Items { get; init; } = [];
        public double Value { get; init; }
    }

    private static string Render(string template, Model model)
    {
        var context = new EscapingTemplateContext(TemplateSet.Embedded);
        var globals = new ScriptObject();
        globals.Import(model);
        context.PushGlobal(globals);
        return Template.Parse(template).Render(context);
    }

    [Test]
    public void Every_written_value_is_escaped_in_content_and_attributes()
    {
        var html = Render("<p title=\"{{ name }}\" data-x='{{ name }}'>{{ name }}</p>{{ for i in items }}<li>{{ i }}</li>{{ end }}",
            new Model { Name = "<script>alert(1)</script>\"'&", Items = ["<img src=x onerror=alert(2)>"] });
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<img"));
        Assert.That(html, Is.EqualTo(
            "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\" data-x='&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;'>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</p>" +
            "<li>&lt;img src=x onerror=alert(2)&gt;</li>"));
    }

    [Test]
    public void Values_transformed_in_the_template_are_still_escaped()
    {
        var html = Render("{{ name | string.upcase }} {{ name + '<b>' }} {{ capture c }}<i>{{ name }}</i>{{ end }}{{ c }}", new Model { Name = "<x>" });
        Assert.That(html, Does.Not.Contain("<X>").And.Not.Contain("<b>").And.Not.Contain("<x>"));
        Assert.That(html, Does.Contain("&lt;X&gt;").And.Contain("&lt;x&gt;&lt;b&gt;"));
    }

    [Test]
    public void Only_trusted_markup_built_in_code_is_written_as_it_is()
    {
        var w = new HtmlWriter().Text("<hostile>");
        var html = Render("{{ diagram }}|{{ name }}", new Model { Diagram = w.ToHtml(), Name = "<svg>" });
        Assert.That(html, Is.EqualTo("&lt;hostile&gt;|&lt;svg&gt;"));
    }

    [Test]
    public void Numbers_are_written_in_the_invariant_culture()
    {
        Assert.That(Render("{{ value }}", new Model { Value = 1.5 }), Is.EqualTo("1.5"));
    }

    [Test]
    public void Misspelt_names_fail_the_render_instead_of_printing_nothing()
    {
        Assert.That(() => Render("{{ nmae }}", new Model()), Throws.InstanceOf<Scriban.Syntax.ScriptRuntimeException>());
    }

    [TestCase("a\u0000b\u001bc", "a\uFFFDb\uFFFDc")]
    [TestCase("line\nnext\ttab", "line\nnext\ttab")]
    [TestCase("", "")]
    [TestCase("plain", "plain")]
    public void Control_characters_from_dicom_are_replaced(string input, string expected)
    {
        Assert.That(HtmlText.Escape(input), Is.EqualTo(expected));
    }
}

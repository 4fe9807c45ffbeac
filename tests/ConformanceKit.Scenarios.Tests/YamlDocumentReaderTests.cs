using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Tests;

public class YamlDocumentReaderTests
{
    private static ScenarioError ReadError(string yaml, YamlLimits? limits = null)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => YamlDocumentReader.Read(yaml, "t.yaml", limits))!;
        return e.Errors.Single();
    }

    [Test]
    public void Nodes_carry_one_based_line_and_column()
    {
        var root = (YamlMap)YamlDocumentReader.Read("a: 1\nb:\n  - x\n  - 'y'\n", "t.yaml");
        Assert.That(root.Location, Is.EqualTo(new SourceLocation("t.yaml", 1, 1)));
        var list = (YamlList)root["b"]!;
        Assert.That(list.Items[1].Location, Is.EqualTo(new SourceLocation("t.yaml", 4, 5)));
        Assert.That(((YamlScalar)list.Items[1]).Quoted, Is.True);
        Assert.That(((YamlScalar)list.Items[0]).Quoted, Is.False);
    }

    [Test]
    public void Anchors_and_aliases_are_rejected_with_their_place()
    {
        var e = ReadError("a: &x [1, 2]\nb: *x\n");
        Assert.That(e.Location.Line, Is.EqualTo(1));
        Assert.That(e.Message, Does.Contain("anchors"));
    }

    [Test]
    public void Billion_laughs_is_rejected_before_any_expansion()
    {
        var yaml = "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n";
        Assert.That(ReadError(yaml).Message, Does.Contain("anchors"));
    }

    [Test]
    public void Explicit_tags_are_rejected()
    {
        var e = ReadError("a: !!python/object:os.system echo\n");
        Assert.That(e.Message, Does.Contain("tags"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("t.yaml", 1, 4)));
    }

    [Test]
    public void Duplicate_keys_are_rejected_at_the_second_key()
    {
        var e = ReadError("id: A\ntitle: x\nid: B\n");
        Assert.That(e.Message, Does.Contain("duplicate key 'id'"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("t.yaml", 3, 1)));
    }

    [Test]
    public void Non_text_keys_are_rejected()
    {
        Assert.That(ReadError("? [a, b]\n: 1\n").Message, Does.Contain("keys must be plain text"));
    }

    [Test]
    public void Nesting_beyond_the_limit_is_rejected()
    {
        var deep = new string('[', 40) + new string(']', 40);
        Assert.That(ReadError(deep, YamlLimits.Default with { MaxDepth = 32 }).Message, Does.Contain("nested deeper than 32"));
    }

    [Test]
    public void Very_deep_nesting_does_not_overflow_the_stack()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.That(ReadError(deep, YamlLimits.Default with { MaxBytes = 1_000_000 }).Message, Does.Contain("nested deeper"));
    }

    [Test]
    public void Oversized_documents_are_rejected()
    {
        var big = "a: " + new string('x', 2000);
        Assert.That(ReadError(big, YamlLimits.Default with { MaxBytes = 1000 }).Message, Does.Contain("limit is 1000"));
    }

    [Test]
    public void Too_many_nodes_are_rejected()
    {
        var many = "[" + string.Join(",", Enumerable.Repeat("1", 500)) + "]";
        Assert.That(ReadError(many, YamlLimits.Default with { MaxNodes = 100 }).Message, Does.Contain("more than 100 nodes"));
    }

    [Test]
    public void A_second_document_is_rejected()
    {
        var e = ReadError("a: 1\n---\nb: 2\n");
        Assert.That(e.Message, Does.Contain("only one YAML document"));
        Assert.That(e.Location.Line, Is.EqualTo(2));
    }

    [Test]
    public void Syntax_errors_name_the_place()
    {
        var e = ReadError("a: [1, 2\nb: 3\n");
        Assert.That(e.Message, Does.StartWith("YAML syntax"));
        Assert.That(e.Location.Line, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Empty_document_is_an_error()
    {
        Assert.That(ReadError("").Message, Does.Contain("empty"));
    }

    [Test]
    public void Missing_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => YamlDocumentReader.ReadFile("/nonexistent/x.yaml"))!;
        Assert.That(e.Errors.Single().Message, Is.EqualTo("file not found"));
        Assert.That(e.Errors.Single().Location.File, Does.Contain("x.yaml"));
    }
}

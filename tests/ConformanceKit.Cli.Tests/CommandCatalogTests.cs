namespace ConformanceKit.Cli.Tests;

/// <summary>The command list is written out (native ck has no reflection to find commands): it must name every command class.</summary>
public sealed class CommandCatalogTests
{
    [Test]
    public void Every_command_class_is_listed_once()
    {
        var classes = typeof(ICommand).Assembly.GetTypes()
            .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => t.FullName).Order(StringComparer.Ordinal);
        var listed = CommandCatalog.All().Select(c => c.GetType().FullName).Order(StringComparer.Ordinal);
        Assert.That(listed, Is.EqualTo(classes), "CommandCatalog.All() must list each ICommand class exactly once");
    }

    [Test]
    public void Commands_have_distinct_names_run_first_then_alphabetical()
    {
        var names = CommandCatalog.All().Select(c => c.Name).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names[0], Is.EqualTo("run"));
        Assert.That(names.Skip(1), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "ck --help lists the commands in this order");
    }
}

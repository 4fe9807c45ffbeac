namespace ConformanceKit.Cli;

/// <summary>Every `ck` sub-command: the ICommand types of this assembly, found by reflection so that adding a command never means editing a shared list.</summary>
public static class CommandCatalog
{
    /// <summary>All commands, `run` first, the rest by name.</summary>
    public static ICommand[] All() => typeof(ICommand).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name == "run" ? "" : c.Name, StringComparer.Ordinal)
        .ToArray();
}

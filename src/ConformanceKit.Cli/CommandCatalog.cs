using ConformanceKit.Cli.Commands;

namespace ConformanceKit.Cli;

/// <summary>
/// Every `ck` sub-command. Listed, not found by reflection, so that ck can be compiled ahead of time to a native
/// program; CommandCatalogTests fails when a command class is missing here.
/// </summary>
public static class CommandCatalog
{
    /// <summary>All commands, `run` first, the rest by name.</summary>
    public static ICommand[] All() =>
    [
        new RunCommand(), new ArchiveCommand(), new ConvertCommand(), new DumpCommand(), new EchoCommand(), new FindCommand(),
        new GetCommand(), new ListCommand(), new MergeCommand(), new MoveCommand(), new PhantomCommand(), new RegisterCommand(),
        new ReportCommand(), new ResampleCommand(), new StoreCommand(), new StoreScpCommand(), new ValidateCommand(),
    ];
}

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck run`: the main job. Placeholder until the scenario engine lands (issue: scenario engine).</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "run the scenario library (default: against the built-in reference actors)";
    public string Usage => "run [PATH...] [--sut FILE] [--only ID...] [--out DIR]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        Console.WriteLine("ck run: the scenario engine is not built yet; nothing to run.");
        Console.WriteLine("Available today: ck dump, ck convert (see ck --help).");
        return Task.FromResult(ExitCodes.Success);
    }
}

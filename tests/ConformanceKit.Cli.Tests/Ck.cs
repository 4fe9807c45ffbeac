using System.Reflection;

namespace ConformanceKit.Cli.Tests;

/// <summary>Runs a `ck` command in-process (the same ICommand the program dispatches to) and captures its output.</summary>
internal static class Ck
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);

    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var commandType = CommandCatalog.All()
            .Single(c => c.Name == args[0]);
        await ConsoleLock.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        try
        {
            Console.SetOut(o);
            Console.SetError(e);
            int code;
            try { code = await commandType.RunAsync(args[1..], CancellationToken.None); }
            catch (UsageException) { code = ExitCodes.Usage; }
            return new Result(code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            ConsoleLock.Release();
        }
    }
}

using ConformanceKit.Cli;
using ConformanceKit.Cli.Commands;

// `ck`: the ConformanceKit command line; its sub-commands live in Commands/.
var commands = CommandCatalog.All();

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("ck - ConformanceKit, conformance harness for the IHE-RO Image Registration profile (REG/MMRO)");
    Console.WriteLine();
    Console.WriteLine("usage: ck COMMAND [ARGS...]   (ck COMMAND --help for details)");
    Console.WriteLine();
    foreach (var c in commands) Console.WriteLine($"  {c.Name,-10} {c.Summary}");
    return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
}
if (args[0] == "--version")
{
    Console.WriteLine($"ck {typeof(ICommand).Assembly.GetName().Version}");
    return ExitCodes.Success;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"ck: unknown command '{args[0]}' (ck --help lists the commands)");
    return ExitCodes.Usage;
}
var rest = args.Skip(1).ToArray();
if (rest.Contains("--help") || rest.Contains("-h"))
{
    Console.WriteLine($"usage: ck {command.Usage}");
    return ExitCodes.Success;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
try
{
    return await command.RunAsync(rest, cancel.Token);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"ck {command.Name}: {e.Message}");
    Console.Error.WriteLine($"usage: ck {command.Usage}");
    return ExitCodes.Usage;
}

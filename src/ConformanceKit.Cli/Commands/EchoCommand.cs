using System.Diagnostics;
using ConformanceKit.Dicom.Network;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck echo`: C-ECHO (PS3.7 9.1.5) to check that a peer answers; exit 0 when it answers success.</summary>
public sealed class EchoCommand : ICommand
{
    public string Name => "echo";
    public string Summary => "C-ECHO a DICOM peer (verification)";
    public string Usage => $"echo {NetworkOptions.ClientUsage} [--repeat N]";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        ClientProcess.UseInlineSocketCompletions();
        var p = ParsedArgs.Parse(args, NetworkOptions.Flags, NetworkOptions.Aliases);
        var transcript = NetworkOptions.Transcript(p);
        var options = NetworkOptions.Client(p, transcript);
        var repeat = p.GetInt("--repeat", 1);
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");
        try
        {
            await using var association = await DicomClient.AssociateAsync(options, new PresentationContextPlan().AddVerification(), cancel);
            for (var i = 0; i < repeat; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await association.EchoAsync(cancel);
                Console.WriteLine($"C-ECHO {options.CallingAeTitle} -> {options.CalledAeTitle} at {options.Host}:{options.Port}: " +
                                  $"{response.Status.Meaning()} ({response.Status.Code:X4}H) in {watch.Elapsed.TotalMilliseconds:0.0} ms");
                if (!response.Status.IsSuccess) return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return NetworkOptions.Fail(Name, e);
        }
        finally
        {
            NetworkOptions.PrintTranscript(transcript);
        }
    }
}

using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck move --dest AE -k KEY=VALUE... --level L`: C-MOVE (PS3.4 C.4.2): the peer sends the matching objects to
/// the AE named by --dest on a sub-association. Exit 0 when every sub-operation succeeded, 1 otherwise (the
/// reason in words: unknown destination, refused sub-association, wrong port, rejected context...).
/// </summary>
public sealed class MoveCommand : ICommand
{
    public string Name => "move";
    public string Summary => "ask a peer to send matching objects to another AE (C-MOVE)";
    public string Usage => $"move --dest AE -k KEY=VALUE... [--level STUDY|SERIES|IMAGE|PATIENT] [--model study|patient] {NetworkOptions.ClientUsage}";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        ClientProcess.UseInlineSocketCompletions();
        var p = ParsedArgs.Parse(args, NetworkOptions.Flags, NetworkOptions.Aliases);
        var transcript = NetworkOptions.Transcript(p);
        var options = NetworkOptions.Client(p, transcript);
        var destination = NetworkOptions.AeTitleOption(p, "--dest", "");
        var level = NetworkOptions.Level(p);
        var model = NetworkOptions.Model(p, "MOVE");
        var identifier = NetworkOptions.Identifier(p, level);
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");
        try
        {
            await using var association = await DicomClient.AssociateAsync(options,
                new PresentationContextPlan().Add(model, PresentationContextPlan.UncompressedSyntaxes), cancel);
            var progress = new Progress(r => Console.WriteLine($"  pending: {r.Completed} completed, {r.Failed} failed, {r.Remaining} remaining"));
            var result = await association.MoveAsync(model, destination, identifier, progress, cancel);
            NetworkOptions.PrintTranscript(transcript);
            return RetrieveOutcome.Report(Name, $"C-MOVE to {destination}", result, DimseCommandField.CMoveResponse);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NetworkOptions.PrintTranscript(transcript);
            return NetworkOptions.Fail(Name, e);
        }
    }

    /// <summary>Reports on the calling thread, in order.</summary>
    internal sealed class Progress(Action<RetrieveResult> report) : IProgress<RetrieveResult>
    {
        public void Report(RetrieveResult value) => report(value);
    }
}

/// <summary>Prints the outcome of a C-MOVE/C-GET and turns it into an exit code.</summary>
internal static class RetrieveOutcome
{
    public static int Report(string command, string what, RetrieveResult result, DimseCommandField field)
    {
        var line = $"{what}: {result.Describe(field)}";
        if (result.Status.IsSuccess)
        {
            Console.WriteLine(line);
            return ExitCodes.Success;
        }
        Console.Error.WriteLine($"ck {command}: {line}");
        foreach (var uid in result.FailedSopInstanceUids) Console.Error.WriteLine($"  failed: {uid}");
        return ExitCodes.Failure;
    }
}

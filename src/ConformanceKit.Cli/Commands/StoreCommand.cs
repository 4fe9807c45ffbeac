using System.Diagnostics;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck store PATH...`: C-STORE files (folders are searched recursively) over one association, each sent as
/// stored (dataset bytes streamed from the file). Exit 0 when every object was stored, 1 when any was refused.
/// </summary>
public sealed class StoreCommand : ICommand
{
    public string Name => "store";
    public string Summary => "send DICOM files or folders with C-STORE";
    public string Usage => $"store PATH... {NetworkOptions.ClientUsage}";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        ClientProcess.UseInlineSocketCompletions();
        var p = ParsedArgs.Parse(args, NetworkOptions.Flags, NetworkOptions.Aliases);
        var transcript = NetworkOptions.Transcript(p);
        var options = NetworkOptions.Client(p, transcript);
        p.RejectUnknown();
        if (p.Positional.Count == 0) throw new UsageException("expected at least one file or folder");

        var items = new List<StoreItem>();
        var unreadable = 0;
        foreach (var path in Files(p.Positional))
        {
            try { items.Add(StoreItem.FromFile(path)); }
            catch (Exception e) when (e is DicomReadException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ck store: skipped {path}: {e.Message}");
                unreadable++;
            }
        }
        if (items.Count == 0)
        {
            Console.Error.WriteLine("ck store: no DICOM file to send");
            return ExitCodes.Error;
        }

        var failed = 0;
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        try
        {
            var plan = new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
            await using var association = await DicomClient.AssociateAsync(options, plan, cancel);
            foreach (var item in items)
            {
                cancel.ThrowIfCancellationRequested();
                try
                {
                    var response = await association.StoreAsync(item, cancel);
                    bytes += item.Dataset.Length;
                    if (response.Status.IsFailure)
                    {
                        failed++;
                        Console.Error.WriteLine($"ck store: {item.Origin}: {response.Status.Meaning(response.Command.CommandField)} " +
                                                $"({response.Status.Code:X4}H){(response.ErrorComment is { Length: > 0 } c ? $": {c}" : "")}");
                    }
                    else if (!response.Status.IsSuccess)
                        Console.Error.WriteLine($"ck store: {item.Origin}: {response.Status.Meaning(response.Command.CommandField)} ({response.Status.Code:X4}H)");
                }
                catch (PresentationContextException e)
                {
                    failed++;
                    Console.Error.WriteLine($"ck store: {item.Origin}: {e.Message}");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NetworkOptions.PrintTranscript(transcript);
            return NetworkOptions.Fail(Name, e);
        }
        NetworkOptions.PrintTranscript(transcript);
        Console.WriteLine($"stored {items.Count - failed} of {items.Count}: {NetworkOptions.Rate(items.Count - failed, bytes, watch.Elapsed)}" +
                          (unreadable > 0 ? $"; {unreadable} file(s) skipped as not DICOM" : ""));
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The files named, and every file under the folders named (recursively), in a stable order.</summary>
    private static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) yield return f;
            else if (File.Exists(path)) yield return path;
            else throw new UsageException($"{path}: no such file or folder");
        }
    }
}

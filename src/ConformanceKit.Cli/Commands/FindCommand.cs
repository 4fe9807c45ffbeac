using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck find -k KEY=VALUE... --level L`: C-FIND (PS3.4 C.4.1) with the Study Root model (or --model patient);
/// prints each match's keys. An empty VALUE asks for the key to be returned. Exit 0 on success.
/// </summary>
public sealed class FindCommand : ICommand
{
    public string Name => "find";
    public string Summary => "query a peer with C-FIND at PATIENT/STUDY/SERIES/IMAGE level";
    public string Usage => $"find -k KEY=VALUE... [--level STUDY|SERIES|IMAGE|PATIENT] [--model study|patient] {NetworkOptions.ClientUsage}";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        ClientProcess.UseInlineSocketCompletions();
        var p = ParsedArgs.Parse(args, NetworkOptions.Flags, NetworkOptions.Aliases);
        var transcript = NetworkOptions.Transcript(p);
        var options = NetworkOptions.Client(p, transcript);
        var level = NetworkOptions.Level(p);
        var model = NetworkOptions.Model(p, "FIND");
        var identifier = NetworkOptions.Identifier(p, level);
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");
        var count = 0;
        try
        {
            await using var association = await DicomClient.AssociateAsync(options,
                new PresentationContextPlan().Add(model, PresentationContextPlan.UncompressedSyntaxes), cancel);
            await foreach (var match in association.FindAsync(model, identifier, cancel))
            {
                count++;
                Console.WriteLine($"match {count}:");
                foreach (var element in match)
                    Console.WriteLine($"  {element.Tag} {DicomDictionary.KeywordOf(element.Tag)} = {match.GetString(element.Tag)}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NetworkOptions.PrintTranscript(transcript);
            return NetworkOptions.Fail(Name, e);
        }
        NetworkOptions.PrintTranscript(transcript);
        Console.WriteLine($"{count} match(es) at {level} level");
        return ExitCodes.Success;
    }
}

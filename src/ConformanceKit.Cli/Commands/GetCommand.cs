using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck get --out DIR -k KEY=VALUE... --level L`: C-GET (PS3.4 C.4.3): the objects come back on the same
/// association as C-STORE sub-operations (this side takes the SCP role for the common storage classes) and are
/// written to DIR as SOPInstanceUID.dcm. Exit 0 when every sub-operation succeeded.
/// </summary>
public sealed class GetCommand : ICommand
{
    public string Name => "get";
    public string Summary => "retrieve matching objects over the same association (C-GET) into a folder";
    public string Usage => $"get --out DIR -k KEY=VALUE... [--level STUDY|SERIES|IMAGE|PATIENT] [--model study|patient] {NetworkOptions.ClientUsage}";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        ClientProcess.UseInlineSocketCompletions();
        var p = ParsedArgs.Parse(args, NetworkOptions.Flags, NetworkOptions.Aliases);
        var transcript = NetworkOptions.Transcript(p);
        var options = NetworkOptions.Client(p, transcript);
        var output = p.Require("--out");
        var level = NetworkOptions.Level(p);
        var model = NetworkOptions.Model(p, "GET");
        var identifier = NetworkOptions.Identifier(p, level);
        p.RejectUnknown();
        if (p.Positional.Count > 0) throw new UsageException($"unexpected argument {p.Positional[0]}");
        try
        {
            var plan = new PresentationContextPlan()
                .Add(model, PresentationContextPlan.UncompressedSyntaxes)
                .AddStorageAsScp(SopClassGroups.CommonRetrieveStorage);
            await using var association = await DicomClient.AssociateAsync(options, plan, cancel);
            var store = new FileStorageService(output);
            store.Stored += f => Console.WriteLine($"  received {f.SopInstanceUid} -> {f.Path}");
            var result = await association.GetAsync(model, identifier, store,
                new MoveCommand.Progress(r => Console.WriteLine($"  pending: {r.Completed} completed, {r.Failed} failed, {r.Remaining} remaining")), cancel);
            NetworkOptions.PrintTranscript(transcript);
            return RetrieveOutcome.Report(Name, $"C-GET into {output}", result, DimseCommandField.CGetResponse);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NetworkOptions.PrintTranscript(transcript);
            return NetworkOptions.Fail(Name, e);
        }
    }
}

using ConformanceKit.Actors.Faults;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Steps;
using ConformanceKit.Scenarios.Steps.Kinds;
using ConformanceKit.Scenarios.Verdicts;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>
/// A stand-in for the library's <c>send</c> step while the network step kinds are being written on their own
/// branch: C-STORE of the named sets to the SUT over a real loopback association, with the step's fault put into
/// the objects (<see cref="ObjectFaults"/>). Same arguments as <see cref="SendKind"/>, so the library loads unchanged.
/// Once <c>send</c> runs in <see cref="StepRegistry.Default"/>, these tests use that instead (see <see cref="Library.Registry"/>).
/// </summary>
public sealed class LoopbackSendKind : StepKind
{
    private readonly SendKind _shape = new();

    public override string Name => "send";
    public override string Summary => _shape.Summary;
    public override ObjectShape Arguments => _shape.Arguments;

    public override IStep Bind(BoundObject args, StepBindContext cx)
    {
        _shape.Bind(args, cx); // the same load-time checks
        return new Step(args.Texts("objects"), args.Text("fault"), args.Text("expect", "success"));
    }

    private sealed class Step(IReadOnlyList<string> sets, string? fault, string expect) : IStep
    {
        public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancel)
        {
            var sut = context.Inputs.Sut ?? throw new InvalidOperationException("no SUT endpoint");
            var objects = sets.SelectMany(s => context.Sets[s]).Select(o => fault is null ? o.Dataset : ObjectFaults.Apply(o.Dataset, fault)).ToList();
            var items = objects.Select(o => StoreItem.FromDataset(o)).ToList();
            var plan = new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
            try
            {
                await using var association = await DicomClient.AssociateAsync(new DicomClientOptions
                {
                    Host = sut.Host, Port = sut.Port, CalledAeTitle = sut.AeTitle, CallingAeTitle = "CK_REGISTRATOR",
                    Settings = new AssociationSettings { DimseTimeout = TimeSpan.FromSeconds(10) },
                }, plan, cancel);
                var failed = 0;
                foreach (var item in items)
                    if ((await association.StoreAsync(item, cancel)).Status.IsFailure) failed++;
                await association.ReleaseAsync(cancel);
                if (failed > 0 && expect == "success") return StepOutcome.Fail($"{failed} of {items.Count} refused");
                return StepOutcome.Pass($"sent {items.Count} object(s){(fault is null ? "" : $" with fault {fault}")}");
            }
            catch (AssociationException e)
            {
                return new StepOutcome(Verdict.Inconclusive, $"association with the SUT failed: {e.Message}");
            }
        }
    }
}

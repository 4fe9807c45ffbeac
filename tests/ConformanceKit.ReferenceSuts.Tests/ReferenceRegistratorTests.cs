using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Actors.Registrator;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Registration;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>The reference Registrator on its own, over loopback DICOM: images in (RAD-8), SROs out (MMRO-II-1).</summary>
public class ReferenceRegistratorTests
{
    /// <summary>Fiducial registration on the small phantoms is good to hundredths of a millimetre (docs/geometry.md); 0.5 mm leaves room.</summary>
    private const double ToleranceMm = 0.5;

    [TestCase("ct-mr-pet", new[] { "ct", "mr" }, "mr", "ct")]
    [TestCase("ct-mr-pet", new[] { "ct", "pet" }, "pet", "ct")]
    [TestCase("mr-ct", new[] { "mr", "ct" }, "ct", "mr")]
    [TestCase("ct-sagittal-mr", new[] { "ct", "mr" }, "mr", "ct")]
    [TestCase("ct-ct-hfp", new[] { "ct", "ct2" }, "ct2", "ct")]
    [TestCase("ct-ct-ffs", new[] { "ct", "ct2" }, "ct2", "ct")]
    [TestCase("ct-ct-ffp", new[] { "ct", "ct2" }, "ct2", "ct")]
    public async Task Registers_the_moving_set_onto_the_first_set_received_with_a_valid_sro(string preset, string[] send, string moving, string fixedSet)
    {
        var data = await Library.Phantoms.GenerateAsync(preset, "small", CancellationToken.None);
        var sros = await RegisterAsync(data, send);
        Assert.That(sros, Has.Count.EqualTo(1));
        var sro = SpatialRegistration.Read(sros[0]);
        var movingFor = For(data, moving);
        var fixedFor = For(data, fixedSet);
        Assert.That(sro.FrameOfReferenceUid, Is.EqualTo(fixedFor), "the base is the first set received");
        var truth = new Matrix4(data.Truths[$"{moving}-to-{fixedSet}"]);
        var stated = sro.TransformBetween(movingFor, fixedFor)!;
        var worst = data.Fiducials.Select(truth.Inverse().TransformPoint).Max(p => stated.TransformPoint(p).DistanceTo(truth.TransformPoint(p)));
        Assert.That(worst, Is.LessThan(ToleranceMm));

        var files = new[] { sros[0] }.Concat(send.SelectMany(s => data.Sets[s].Select(f => f.Dataset)))
            .Select((d, n) => new DicomFile(new DicomDataset(), d, DicomTransferSyntax.ExplicitVRLittleEndian) { Path = $"obj{n}" });
        var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.MmroII }).Validate(files);
        var sroUid = sros[0].GetString(DicomTags.SOPInstanceUID);
        Assert.That(report.Findings.Where(f => f.Gates && f.Object.SopInstanceUid == sroUid).Select(f => f.ToString()), Is.Empty);
    }

    [Test]
    public async Task Makes_no_sro_for_a_hybrid_pair_sharing_one_frame_of_reference()
    {
        var data = await Library.Phantoms.GenerateAsync("ct-pet-hybrid", "small", CancellationToken.None);
        Assert.That(await RegisterAsync(data, ["ct", "pet"]), Is.Empty);
    }

    [Test]
    public async Task With_a_prior_sro_registers_only_what_it_does_not_relate_onto_the_same_base()
    {
        var data = await Library.Phantoms.GenerateAsync("ct-mr-pet", "small", CancellationToken.None);
        var sros = await RegisterAsync(data, ["mr", "ct", "pet", "reg-ct-mr"]);
        Assert.That(sros, Has.Count.EqualTo(1));
        var sro = SpatialRegistration.Read(sros[0]);
        Assert.That(sro.FrameOfReferenceUid, Is.EqualTo(For(data, "ct")), "the prior SRO's base, although the MR arrived first");
        Assert.That(sro.ItemFor(For(data, "pet")), Is.Not.Null);
    }

    internal static string For(ConformanceKit.Scenarios.Steps.PhantomData data, string set) =>
        data.Sets[set][0].Dataset.GetString(DicomTags.FrameOfReferenceUID)!;

    /// <summary>Sends the sets to a reference Registrator, asks it to register, and returns what it stored at a loopback Storage SCP.</summary>
    private static async Task<IReadOnlyList<DicomDataset>> RegisterAsync(ConformanceKit.Scenarios.Steps.PhantomData data, string[] sets)
    {
        await using var registrator = (ReferenceRegistrator)new ReferenceRegistrator(new ReferenceSutOptions { AeTitle = "REF_REG" }).Start();
        var inbox = new ReceivedObjects();
        await using var store = new DicomServer(new DicomServerOptions { AeTitle = "STORE", Store = inbox, Acceptance = new AcceptancePolicy { AcceptUnknownStorageClasses = true } }).Start();
        await SendAsync(registrator.Port, "REF_REG", sets.SelectMany(s => data.Sets[s]).Select(f => f.Dataset));
        var answer = await registrator.PerformAsync(new OperatorTask("register", ProfileMode.MmroII, new Dictionary<string, TaskObjects>(),
            new Destination("STORE", "127.0.0.1", store.Port), null, "register"), CancellationToken.None);
        Assert.That(answer?.Text, Is.EqualTo("yes"), answer?.Basis);
        return inbox.Snapshot();
    }

    internal static async Task SendAsync(int port, string aeTitle, IEnumerable<DicomDataset> objects)
    {
        var items = objects.Select(o => StoreItem.FromDataset(o)).ToList();
        var plan = new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax)));
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = port, CalledAeTitle = aeTitle }, plan);
        foreach (var item in items) Assert.That((await association.StoreAsync(item)).Status.IsSuccess, Is.True);
        await association.ReleaseAsync();
    }
}

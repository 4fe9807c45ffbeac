using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Engine;
using ConformanceKit.Scenarios.Model;

namespace ConformanceKit.Scenarios.Tests;

public class PhantomSourceTests
{
    private static readonly GeometryPhantomSource Source = new();

    private static IEnumerable<string> Available() => PhantomPresets.All.Select(p => p.Name).Where(n => Source.UnavailableReason(n) is null);

    [TestCaseSource(nameof(Available))]
    public async Task Generated_preset_has_every_set_truth_and_marker_the_library_declares(string name)
    {
        var declared = PhantomPresets.Find(name)!;
        var data = await Source.GenerateAsync(name, "tiny", CancellationToken.None);
        Assert.That(data.Sets.Keys, Is.SupersetOf(declared.Sets));
        Assert.That(data.Truths.Keys, Is.SupersetOf(declared.Truths));
        Assert.That(data.Markers.Keys, Is.SupersetOf(declared.Markers));
        foreach (var set in declared.Sets) Assert.That(data.Sets[set], Is.Not.Empty, set);
    }

    [Test]
    public async Task Sets_hold_what_their_names_say()
    {
        var data = await Source.GenerateAsync("ct-mr-pet", "tiny", CancellationToken.None);
        string Modality(string set) => data.Sets[set][0].Dataset.GetString(DicomTags.Modality)!;
        string For(string set) => data.Sets[set][0].Dataset.GetString(DicomTags.FrameOfReferenceUID)!;
        Assert.That(new[] { "ct", "mr", "pet", "reg-ct-mr", "rtss-ct", "rtdose-mr" }.Select(Modality), Is.EqualTo(new[] { "CT", "MR", "PT", "REG", "RTSTRUCT", "RTDOSE" }));
        Assert.That(For("reg-ct-mr"), Is.EqualTo(For("ct")), "an SRO's own Frame of Reference is the base's");
        Assert.That(For("rtdose-mr"), Is.EqualTo(For("mr")));
        Assert.That(data.Sets["rtss-mr"][0].Dataset.GetString(DicomTags.SOPInstanceUID), Is.Not.EqualTo(data.Sets["rtss-ct"][0].Dataset.GetString(DicomTags.SOPInstanceUID)));
        // MMRO-II NonHybrid geometry: MR rotated 5 degrees about z (reg-profile.md 5.2).
        Assert.That(data.Truths["mr-to-ct"][0], Is.EqualTo(Math.Cos(5 * Math.PI / 180)).Within(1e-12));
    }

    [Test]
    public async Task Mr_base_preset_registers_ct_onto_mr()
    {
        var data = await Source.GenerateAsync("mr-ct", "tiny", CancellationToken.None);
        var sro = data.Sets["reg-mr-ct"][0].Dataset;
        Assert.That(sro.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(data.Sets["mr"][0].Dataset.GetString(DicomTags.FrameOfReferenceUID)));
    }

    [Test]
    public async Task A_preset_is_generated_once_and_shared()
    {
        var a = await Source.GenerateAsync("ct-pet-hybrid", "tiny", CancellationToken.None);
        var b = await Source.GenerateAsync("ct-pet-hybrid", "tiny", CancellationToken.None);
        Assert.That(b, Is.SameAs(a));
    }

    [Test]
    public void Presets_the_generator_cannot_make_say_why()
    {
        Assert.That(Source.UnavailableReason("ct-ct-hfp"), Does.Contain("second CT"));
        Assert.That(() => Source.GenerateAsync("ct-ct-hfp", "tiny", CancellationToken.None), Throws.TypeOf<NotSupportedException>());
    }
}

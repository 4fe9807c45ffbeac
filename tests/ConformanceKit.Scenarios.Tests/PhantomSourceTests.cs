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

    [TestCase("ct-ct-hfp", "HFP", new double[] { -1, 0, 0, 0, -1, 0 })]
    [TestCase("ct-ct-ffs", "FFS", new double[] { -1, 0, 0, 0, 1, 0 })]
    [TestCase("ct-ct-ffp", "FFP", new double[] { 1, 0, 0, 0, -1, 0 })]
    public async Task Second_ct_presets_acquire_ct2_in_its_own_frame_and_position(string preset, string position, double[] orientation)
    {
        var data = await Source.GenerateAsync(preset, "tiny", CancellationToken.None);
        var ct = data.Sets["ct"][0].Dataset;
        var ct2 = data.Sets["ct2"][0].Dataset;
        Assert.That(ct.GetString(DicomTags.PatientPosition), Is.EqualTo("HFS"));
        Assert.That(ct2.GetString(DicomTags.PatientPosition), Is.EqualTo(position));
        Assert.That(ct2.GetDoubles(DicomTags.ImageOrientationPatient), Is.EqualTo(orientation).Within(1e-9));
        Assert.That(ct2.GetString(DicomTags.Modality), Is.EqualTo("CT"));
        Assert.That(ct2.GetString(DicomTags.FrameOfReferenceUID), Is.Not.EqualTo(ct.GetString(DicomTags.FrameOfReferenceUID)));
        Assert.That(ct2.GetString(DicomTags.SeriesInstanceUID), Is.Not.EqualTo(ct.GetString(DicomTags.SeriesInstanceUID)));
        var sro = Geometry.Registration.SpatialRegistration.Read(data.Sets["reg-ct-ct2"][0].Dataset);
        var stated = sro.TransformBetween(ct2.GetString(DicomTags.FrameOfReferenceUID)!, ct.GetString(DicomTags.FrameOfReferenceUID)!)!;
        Assert.That(stated.MaxAbsDifference(new Geometry.Matrix4(data.Truths["ct2-to-ct"])), Is.LessThan(1e-5));
        Assert.That(data.Sets["rtss-ct2"][0].Dataset.GetItem(DicomTags.ReferencedFrameOfReferenceSequence)!.GetString(DicomTags.FrameOfReferenceUID),
            Is.EqualTo(ct2.GetString(DicomTags.FrameOfReferenceUID)));
        Assert.That(data.Sets["rtdose-ct"][0].Dataset.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(ct.GetString(DicomTags.FrameOfReferenceUID)));
        Assert.That(data.Fiducials, Has.Count.EqualTo(7));
    }

    [Test]
    public async Task Non_identity_preset_registers_both_sets_to_a_third_frame_and_still_states_the_truth()
    {
        var data = await Source.GenerateAsync("ct-mr-nonidentity", "tiny", CancellationToken.None);
        var ctFor = data.Sets["ct"][0].Dataset.GetString(DicomTags.FrameOfReferenceUID)!;
        var mrFor = data.Sets["mr"][0].Dataset.GetString(DicomTags.FrameOfReferenceUID)!;
        var sro = Geometry.Registration.SpatialRegistration.Read(data.Sets["reg-ct-mr"][0].Dataset);
        Assert.That(sro.FrameOfReferenceUid, Is.Not.EqualTo(ctFor).And.Not.EqualTo(mrFor));
        Assert.That(sro.Items.Select(i => i.Transform!.MaxAbsDifference(Geometry.Matrix4.Identity)), Has.All.GreaterThan(0.05), "neither item is the identity");
        Assert.That(sro.TransformBetween(mrFor, ctFor)!.MaxAbsDifference(new Geometry.Matrix4(data.Truths["mr-to-ct"])), Is.LessThan(1e-5));
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Tests;

public class RunIdentityTests
{
    [Test]
    public void Instance_uids_and_references_are_remapped_consistently()
    {
        var id = new RunIdentity("run1", "ARC-001");
        var ct = DicomFile.Create(TestObjects.Ct("PAT1", "1.2.3.1", "1.2.3.2", "1.2.3.3", 1));
        var reg = DicomFile.Create(TestObjects.Sro("PAT1", "1.2.3.1", "1.2.3.4", "1.2.3.9", "1.2.3.3", "1.2.3.2.1"));
        var ct2 = id.Apply(ct).Dataset;
        var reg2 = id.Apply(reg).Dataset;
        Assert.That(ct2.GetString(DicomTags.StudyInstanceUID), Is.Not.EqualTo("1.2.3.1").And.StartWith("2.25."));
        Assert.That(reg2.GetString(DicomTags.StudyInstanceUID), Is.EqualTo(ct2.GetString(DicomTags.StudyInstanceUID)));
        var item2 = reg2.GetItems(DicomTags.RegistrationSequence)[1];
        Assert.That(item2.GetString(DicomTags.FrameOfReferenceUID), Is.EqualTo(ct2.GetString(DicomTags.FrameOfReferenceUID)));
        Assert.That(item2.GetItem(DicomTags.ReferencedImageSequence)!.GetString(DicomTags.ReferencedSOPInstanceUID), Is.EqualTo(ct2.GetString(DicomTags.SOPInstanceUID)));
        // Class UIDs stay.
        Assert.That(ct2.GetString(DicomTags.SOPClassUID), Is.EqualTo(DicomUids.CTImageStorage));
        Assert.That(item2.GetItem(DicomTags.ReferencedImageSequence)!.GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo(DicomUids.CTImageStorage));
        Assert.That(ct2.GetString(DicomTags.PatientID), Is.EqualTo("PAT1-" + id.Tag));
        // The original is untouched.
        Assert.That(ct.Dataset.GetString(DicomTags.StudyInstanceUID), Is.EqualTo("1.2.3.1"));
    }

    [Test]
    public void Different_runs_and_scenarios_get_different_identities()
    {
        var a = new RunIdentity("run1", "ARC-001");
        var b = new RunIdentity("run2", "ARC-001");
        var c = new RunIdentity("run1", "ARC-002");
        Assert.That(new[] { a.MapUid("1.2.3"), b.MapUid("1.2.3"), c.MapUid("1.2.3") }, Is.Unique);
        Assert.That(new[] { a.Tag, b.Tag, c.Tag }, Is.Unique);
        Assert.That(a.MapUid("1.2.3"), Is.EqualTo(new RunIdentity("run1", "ARC-001").MapUid("1.2.3")));
    }

    [Test]
    public void Mapped_uids_are_valid_and_patient_ids_fit_lo()
    {
        var id = new RunIdentity("r", "S-1");
        var uid = id.MapUid("1.2.840.99999.1.2.3.4.5.6.7.8.9");
        Assert.That(uid.Length, Is.LessThanOrEqualTo(64));
        Assert.That(uid, Does.Match(@"^[0-9]+(\.(0|[1-9][0-9]*))*$"));
        Assert.That(id.MapPatientId(new string('x', 64)).Length, Is.EqualTo(64));
        Assert.That(id.MapUid(DicomUids.CTImageStorage), Is.EqualTo(DicomUids.CTImageStorage));
    }
}

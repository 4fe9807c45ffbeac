using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Robustness.Tests.Security;

/// <summary>
/// Evidence de-identified on request (ck run --deidentify): patient attributes replaced consistently across a run,
/// differently across runs, in nested items too; the original objects (what the checks read) untouched.
/// </summary>
public class DeidentificationTests
{
    private static DicomDataset Patient(string id, string name, string seed)
    {
        var ds = SyntheticCt.Series(1, 8, 8, seed: seed, patientId: id, patientName: name)[0];
        ds.SetString(new DicomTag(0x0010, 0x1040), "1 Main Street, Springfield", DicomVR.LO); // Patient's Address
        ds.SetString(new DicomTag(0x0010, 0x2154), "555-0100", DicomVR.SH); // Patient's Telephone Numbers
        ds.SetSequence(new DicomTag(0x0010, 0x1002), new DicomDataset() // Other Patient IDs Sequence
            .With(DicomTags.PatientID, id + "-OLD"));
        ds.SetSequence(DicomTags.ReferencedImageSequence, new DicomDataset()
            .With(DicomTags.PatientID, id).With(DicomTags.PatientName, name));
        return ds;
    }

    [Test]
    public void PatientAttributesAreReplacedConsistentlyWithinARunAndDifferentlyAcrossRuns()
    {
        var run = DicomDeidentifier.ForNewRun();
        var a1 = run.Apply(Patient("PAT001", "Doe^Jane", "a1"));
        var a2 = run.Apply(Patient("PAT001", "Doe^Jane", "a2"));
        var b = run.Apply(Patient("PAT002", "Roe^Rick", "b"));
        var other = DicomDeidentifier.ForNewRun().Apply(Patient("PAT001", "Doe^Jane", "a1"));

        Assert.Multiple(() =>
        {
            Assert.That(a1.GetString(DicomTags.PatientID), Is.EqualTo(a2.GetString(DicomTags.PatientID)).And.StartWith("ANON"));
            Assert.That(a1.GetString(DicomTags.PatientName), Is.EqualTo(a2.GetString(DicomTags.PatientName)).And.StartWith("ANON^"));
            Assert.That(b.GetString(DicomTags.PatientID), Is.Not.EqualTo(a1.GetString(DicomTags.PatientID)), "different patients stay different");
            Assert.That(other.GetString(DicomTags.PatientID), Is.Not.EqualTo(a1.GetString(DicomTags.PatientID)), "another run, other pseudonyms");
            var nested = ((DicomSequence)a1[DicomTags.ReferencedImageSequence]!).Items[0];
            Assert.That(nested.GetString(DicomTags.PatientID), Is.EqualTo(a1.GetString(DicomTags.PatientID)), "nested items are replaced the same way");
            Assert.That(a1.Contains(new DicomTag(0x0010, 0x1040)) || a1.Contains(new DicomTag(0x0010, 0x2154)) || a1.Contains(new DicomTag(0x0010, 0x1002)), Is.False);
            Assert.That(a1.Contains(DicomTags.PatientBirthDate) && a1.GetString(DicomTags.PatientBirthDate) is null or "", Is.True, "Type 2: present, empty");
            Assert.That(a1.GetString(DicomTags.SOPInstanceUID), Is.EqualTo(Patient("PAT001", "Doe^Jane", "a1").GetString(DicomTags.SOPInstanceUID)), "UIDs kept");
            var everything = DicomJsonWriter.Serialize(a1) + DicomJsonWriter.Serialize(b);
            Assert.That(everything, Does.Not.Contain("PAT00").And.Not.Contain("Doe").And.Not.Contain("Springfield").And.Not.Contain("555-0100"));
        });
    }

    [Test]
    public void TheOriginalIsNotChanged()
    {
        var original = Patient("PAT001", "Doe^Jane", "orig");
        DicomDeidentifier.ForNewRun().Apply(original);
        Assert.That((original.GetString(DicomTags.PatientID), original.GetString(DicomTags.PatientName)), Is.EqualTo(("PAT001", "Doe^Jane")));
    }

    [Test]
    public void EvidenceKeptByARunIsDeidentifiedWhenAskedAndOnlyThen()
    {
        using var dir = new TempDirectory("ck-deid");
        var library = ScenarioLibrary.FindDefaultFolder();
        if (library is null) Assert.Ignore("the scenario library is not found from here");
        var scenarioFile = Directory.EnumerateFiles(library!, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var scenario = ScenarioLoader.Default.LoadFile(scenarioFile);
        var received = new ScenarioObject(DicomFile.Create(Patient("PAT001", "Doe^Jane", "kept")), "received from the SUT");

        string Keep(DicomDeidentifier? deidentifier)
        {
            var context = new StepContext
            {
                Scenario = scenario, Inputs = scenario.Inputs, Sets = new ObjectSets(), Actors = new ActorInstances(),
                Identity = new RunIdentity("run", scenario.Id), Services = new HarnessServices { Deidentifier = deidentifier },
                RunDirectory = dir.Combine(deidentifier is null ? "plain" : "deidentified"), ScenarioDirectory = "scenario",
            };
            var kept = context.Keep("received", received);
            return Path.Combine(context.RunDirectory, kept.StoredFile!);
        }

        var deidentified = DicomFileReader.Read(Keep(DicomDeidentifier.ForNewRun())).Dataset;
        var plain = DicomFileReader.Read(Keep(null)).Dataset;
        Assert.That(deidentified.GetString(DicomTags.PatientName), Does.StartWith("ANON^"));
        Assert.That(plain.GetString(DicomTags.PatientName), Is.EqualTo("Doe^Jane"), "without --deidentify evidence is kept as received");
        Assert.That(received.File.Dataset.GetString(DicomTags.PatientName), Is.EqualTo("Doe^Jane"), "the checks still see the object as received");
    }
}

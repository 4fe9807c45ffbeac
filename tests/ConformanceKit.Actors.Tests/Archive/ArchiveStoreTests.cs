using ConformanceKit.Actors.Archive;
using ConformanceKit.Dicom;
using ConformanceKit.Testing;

namespace ConformanceKit.Actors.Tests.Archive;

public class ArchiveStoreTests
{
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = new TempDirectory("ck-archive").Path;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static DicomFile Ct(string patient, string study, string series, int n, string date = "20240115")
    {
        var ds = TinyObjects.Ct(patient, study, series, "1.2.9.9", n);
        ds.SetString(DicomTags.StudyDate, date);
        ds.SetString(DicomTags.StudyDescription, "Head phantom");
        ds.SetIntegers(DicomTags.SeriesNumber, 2);
        return DicomFile.Create(ds);
    }

    private static DicomFile Sro(string patient, string study) =>
        DicomFile.Create(TinyObjects.Sro(patient, study, study + ".90", "1.2.9.9", "1.2.9.8", study + ".1.1"));

    private ArchiveStore Filled()
    {
        var a = ArchiveStore.Open(_root);
        for (var i = 1; i <= 3; i++) a.Store(Ct("PAT1", "1.2.1", "1.2.1.1", i));
        a.Store(Sro("PAT1", "1.2.1"));
        a.Store(Ct("PAT2", "1.2.2", "1.2.2.1", 1, "20231231"));
        return a;
    }

    private static DicomDataset Query(string level, params (DicomTag Tag, string Value)[] keys)
    {
        var q = new DicomDataset().With(DicomTags.QueryRetrieveLevel, level);
        foreach (var (t, v) in keys) q.SetString(t, v);
        return q;
    }

    [Test]
    public void Stored_objects_come_back_byte_identical()
    {
        using var a = ArchiveStore.Open(_root);
        var original = Sro("PAT1", "1.2.1");
        var stored = a.Store(original);
        Assert.That(stored.File, Is.EqualTo("objects/1.2.1/1.2.1.90/1.2.1.90.1.dcm"));
        var back = a.Read(stored);
        Assert.That(DicomWriter.Encode(back.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian),
            Is.EqualTo(DicomWriter.Encode(original.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian)));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "tmp")), Is.Empty, "no temporary file is left behind");
    }

    [Test]
    public void Study_level_query_fills_requested_and_computed_keys()
    {
        using var a = Filled();
        var r = a.Find(QueryLevel.Study, Query("STUDY", (DicomTags.PatientID, "PAT1"), (DicomTags.StudyInstanceUID, ""),
            (DicomTags.ModalitiesInStudy, ""), (DicomTags.NumberOfStudyRelatedInstances, ""), (DicomTags.StudyDescription, "")));
        Assert.That(r, Has.Count.EqualTo(1));
        Assert.That(r[0].GetString(DicomTags.StudyInstanceUID), Is.EqualTo("1.2.1"));
        Assert.That(r[0].GetStrings(DicomTags.ModalitiesInStudy), Is.EqualTo(new[] { "CT", "REG" }));
        Assert.That(r[0].GetString(DicomTags.NumberOfStudyRelatedInstances), Is.EqualTo("4"));
        Assert.That(r[0].GetString(DicomTags.QueryRetrieveLevel), Is.EqualTo("STUDY"));
        Assert.That(r[0].GetString(DicomTags.StudyDescription), Is.EqualTo("Head phantom"));
    }

    [Test]
    public void Series_level_finds_the_sro_series_by_modality()
    {
        using var a = Filled();
        var r = a.Find(QueryLevel.Series, Query("SERIES", (DicomTags.StudyInstanceUID, "1.2.1"), (DicomTags.Modality, "REG"), (DicomTags.SeriesInstanceUID, "")));
        Assert.That(r.Select(x => x.GetString(DicomTags.SeriesInstanceUID)), Is.EqualTo(new[] { "1.2.1.90" }));
    }

    [Test]
    public void Image_level_lists_instances_with_class()
    {
        using var a = Filled();
        var r = a.Find(QueryLevel.Image, Query("IMAGE", (DicomTags.StudyInstanceUID, "1.2.1"), (DicomTags.SeriesInstanceUID, "1.2.1.1"),
            (DicomTags.SOPInstanceUID, ""), (DicomTags.SOPClassUID, ""), (DicomTags.InstanceNumber, "")));
        Assert.That(r.Select(x => x.GetString(DicomTags.InstanceNumber)), Is.EquivalentTo(new[] { "1", "2", "3" }));
        Assert.That(r.Select(x => x.GetString(DicomTags.SOPClassUID)).Distinct(), Is.EqualTo(new[] { DicomUids.CTImageStorage }));
    }

    [TestCase("PAT*", 2)]
    [TestCase("PAT?", 2)]
    [TestCase("*1", 1)]
    [TestCase("PAT3", 0)]
    public void Wildcard_matching(string key, int studies)
    {
        using var a = Filled();
        Assert.That(a.Find(QueryLevel.Study, Query("STUDY", (DicomTags.PatientID, key))), Has.Count.EqualTo(studies));
    }

    [TestCase("20240101-", 1)]
    [TestCase("-20231231", 1)]
    [TestCase("20230101-20241231", 2)]
    [TestCase("20240115", 1)]
    public void Date_range_matching(string key, int studies)
    {
        using var a = Filled();
        Assert.That(a.Find(QueryLevel.Study, Query("STUDY", (DicomTags.StudyDate, key))), Has.Count.EqualTo(studies));
    }

    [Test]
    public void List_of_uids_matching()
    {
        using var a = Filled();
        Assert.That(a.Find(QueryLevel.Study, Query("STUDY", (DicomTags.StudyInstanceUID, "1.2.2\\1.2.1\\9.9"))), Has.Count.EqualTo(2));
    }

    [Test]
    public void Patient_name_matches_case_insensitively()
    {
        using var a = Filled();
        Assert.That(a.Find(QueryLevel.Study, Query("STUDY", (DicomTags.PatientName, "test^phantom"))), Has.Count.EqualTo(2));
    }

    [Test]
    public void Locate_selects_instances_at_each_level()
    {
        using var a = Filled();
        Assert.That(a.Locate(QueryLevel.Study, Query("STUDY", (DicomTags.StudyInstanceUID, "1.2.1"))), Has.Count.EqualTo(4));
        Assert.That(a.Locate(QueryLevel.Series, Query("SERIES", (DicomTags.SeriesInstanceUID, "1.2.1.1\\1.2.2.1"))), Has.Count.EqualTo(4));
        var one = a.Locate(QueryLevel.Image, Query("IMAGE", (DicomTags.SOPInstanceUID, "1.2.1.1.2")));
        Assert.That(one.Single().SopInstanceUid, Is.EqualTo("1.2.1.1.2"));
    }

    [Test]
    public void Storing_again_replaces_the_instance()
    {
        using var a = Filled();
        var again = Ct("PAT1", "1.2.1", "1.2.1.1", 2);
        again.Dataset.SetString(DicomTags.ImageType, "DERIVED\\SECONDARY");
        a.Store(again);
        Assert.That(a.Count, Is.EqualTo(5));
        var r = a.Find(QueryLevel.Image, Query("IMAGE", (DicomTags.SOPInstanceUID, "1.2.1.1.2"), (DicomTags.ImageType, "")));
        Assert.That(r.Single().GetStrings(DicomTags.ImageType), Is.EqualTo(new[] { "DERIVED", "SECONDARY" }));
    }

    [Test]
    public void An_object_without_identifying_uids_is_refused()
    {
        using var a = ArchiveStore.Open(_root);
        var ds = TinyObjects.Ct("P", "1.2", "1.3", "1.4", 1);
        ds.Remove(DicomTags.SeriesInstanceUID);
        Assert.That(() => a.Store(DicomFile.Create(ds)), Throws.TypeOf<ArchiveStoreException>().With.Message.Contains("Series Instance UID"));
    }

    [Test]
    public void Hostile_uids_never_become_paths()
    {
        using var a = ArchiveStore.Open(_root);
        var ds = TinyObjects.Ct("P", "../../etc", "1.3", "1.4", 1);
        var stored = a.Store(DicomFile.Create(ds));
        Assert.That(stored.File, Does.StartWith("objects/h").And.Not.Contain(".."));
        Assert.That(File.Exists(Path.Combine(_root, stored.File)), Is.True);
    }

    [Test]
    public void Start_up_repairs_what_a_crash_left()
    {
        string missingFile;
        using (var a = Filled())
        {
            missingFile = a.Locate(QueryLevel.Image, Query("IMAGE", (DicomTags.SOPInstanceUID, "1.2.1.1.3"))).Single().File;
        }
        File.WriteAllText(Path.Combine(_root, "tmp", "half.part"), "half an object");
        File.Delete(Path.Combine(_root, missingFile));
        var orphanDir = Path.Combine(_root, "objects", "1.2.7", "1.2.7.1");
        Directory.CreateDirectory(orphanDir);
        DicomFileWriter.Write(Path.Combine(orphanDir, "1.2.7.1.1.dcm"), Ct("PAT7", "1.2.7", "1.2.7.1", 1));
        File.WriteAllText(Path.Combine(orphanDir, "garbage.dcm"), "not DICOM at all");

        using var b = ArchiveStore.Open(_root);
        Assert.That(b.Repair, Is.EqualTo(new RepairReport(1, 1, 1, 1, 0, false)));
        Assert.That(b.Count, Is.EqualTo(5));
        Assert.That(b.Find(QueryLevel.Study, Query("STUDY", (DicomTags.PatientID, "PAT7"))), Has.Count.EqualTo(1));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "quarantine")), Has.Exactly(1).Items);
        using var c = ArchiveStore.Open(_root);
        Assert.That(c.Repair.Clean, Is.True, "a second start finds nothing to repair");
    }

    [Test]
    public void A_corrupt_index_is_rebuilt_from_the_files()
    {
        using (Filled()) { }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var index = Path.Combine(_root, "index.sqlite");
        var bytes = File.ReadAllBytes(index);
        for (var i = 100; i < Math.Min(bytes.Length, 4096); i++) bytes[i] = 0xFF;
        File.WriteAllBytes(index, bytes);
        foreach (var f in Directory.EnumerateFiles(_root, "index.sqlite-*")) File.Delete(f);
        using var b = ArchiveStore.Open(_root);
        Assert.That(b.Repair.IndexRebuilt, Is.True);
        Assert.That(b.Count, Is.EqualTo(5));
    }
}

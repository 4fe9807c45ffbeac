using ConformanceKit.Actors.Archive;
using ConformanceKit.Robustness.Tests.Load;

namespace ConformanceKit.Robustness.Tests.Security;

/// <summary>
/// Storage names are derived from peer data (SOP Instance UIDs, Study and Series UIDs, AE titles) but never taken
/// raw: a valid UID (digits and periods, PS3.5 9.1) is used as it is, anything else becomes a digest. Hostile
/// values must never place a file outside the storage folder, nor overwrite another object.
/// </summary>
public class StoragePathTests
{
    public static readonly string[] HostileUids =
    [
        "../../../../tmp/ck-evil", "..", ".", "/etc/passwd", "..\\..\\windows\\win.ini", "1.2.3/../../x", "1.2.3\0.dcm", "",
        "C:\\temp\\x", "~/x", "1.2.3/", ".1.2.3", "1..2", new string('9', 65), "1.2.3\n4", "%2e%2e%2fx", "1.2.3.dcm", "*", "CON",
    ];

    private static void AssertInside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        Assert.That(full, Does.StartWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar), $"{path} escapes {root}");
    }

    [TestCaseSource(nameof(HostileUids))]
    public void TheStorageScpNameStaysInItsFolder(string uid)
    {
        var name = FileStorageService.SafeFileName(uid);
        Assert.That(name, Does.Not.Contain('/').And.Not.Contain('\\').And.Not.Contain('\0').And.Not.StartWith("."));
        Assert.That(name, Is.Not.EqualTo("..").And.Not.Empty);
        AssertInside("/srv/in", Path.Combine("/srv/in", name + ".dcm"));
    }

    [Test]
    public void DistinctHostileUidsGetDistinctNames()
    {
        var names = HostileUids.Select(FileStorageService.SafeFileName).ToList();
        Assert.That(names.Distinct().Count(), Is.EqualTo(names.Count), "one object can never overwrite another by a crafted UID");
    }

    [Test]
    public async Task HostileUidsAndAeTitlesOverTheWireStayInTheFolder()
    {
        using var dir = new TempDirectory("ck-traversal");
        var store = new FileStorageService(dir.Combine("scp", "in"));
        await using var server = new DicomServer(new DicomServerOptions { AeTitle = "CK_SCP", Store = store }).Start();
        var dataset = SyntheticCt.Series(1, 8, 8, seed: "traversal")[0];
        var bytes = DicomWriter.Encode(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        // The AE title "../../../x" is made of characters an AE may hold: it must stay text in the file meta, never a path.
        await using var association = await DicomClient.AssociateAsync(
            new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP", CallingAeTitle = "../../../x" },
            new PresentationContextPlan().AddObject(DicomUids.CTImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian));
        var sent = HostileUids.Where(u => u.Length > 0 && !u.Contains('\0') && !u.Contains('\n')).ToList();
        foreach (var uid in sent)
        {
            var item = new StoreItem(DicomUids.CTImageStorage, uid, DicomTransferSyntax.ExplicitVRLittleEndian, DatasetSource.FromMemory(bytes));
            Assert.That((await association.StoreAsync(item)).Status.IsSuccess, Is.True, uid);
        }
        await association.ReleaseAsync();

        var everything = Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories);
        Assert.That(everything, Has.Length.EqualTo(sent.Count), "one file per object, nothing anywhere else");
        foreach (var f in everything) AssertInside(store.Directory, f);
        Assert.That(File.Exists("/tmp/ck-evil.dcm"), Is.False);
        var meta = DicomFileReader.Read(everything[0]).FileMetaInformation;
        Assert.That(meta.GetString(DicomTags.SourceApplicationEntityTitle), Is.EqualTo("../../../x"));
    }

    [Test]
    public void TheArchiveDerivesItsPathsFromValidatedUidsOnly()
    {
        using var dir = new TempDirectory("ck-archive-traversal");
        using var archive = ArchiveStore.Open(dir.Combine("archive"));
        var valid = SyntheticCt.Series(1, 8, 8, seed: "archive-traversal")[0];
        var stored = new List<StoredInstance>();
        foreach (var uid in HostileUids.Where(u => u.Length > 0))
        {
            var ds = valid.Clone();
            ds.SetString(DicomTags.StudyInstanceUID, uid, DicomVR.LO);
            ds.SetString(DicomTags.SeriesInstanceUID, uid + "/s", DicomVR.LO);
            ds.SetString(DicomTags.SOPInstanceUID, "../" + uid, DicomVR.LO);
            if (uid.Any(c => c is < ' ' or > '~'))
            {
                // Control characters could never be written back into a response: such an object is refused outright.
                Assert.Throws<ArchiveStoreException>(() => archive.Store(DicomFile.Create(ds)), uid);
                continue;
            }
            stored.Add(archive.Store(DicomFile.Create(ds)));
        }
        foreach (var s in stored) AssertInside(Path.Combine(archive.Root, "objects"), Path.Combine(archive.Root, s.File));
        Assert.That(stored.Select(s => s.File).Distinct().Count(), Is.EqualTo(stored.Count));
        Assert.That(archive.Count, Is.EqualTo(stored.Count));
    }
}

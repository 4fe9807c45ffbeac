using System.Text;
using ConformanceKit.Actors.Archive;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Fuzzing;

/// <summary>
/// The defects the `archive` fuzz target found in the simulated Archive, each kept as the smallest request that
/// showed it. Before the fixes the server reported "the association user failed on DT-2" (the storage sink threw and
/// the association was aborted) or "query service failed" (a C-FIND ended C000); worse, one stored object with a
/// non-ASCII Study Instance UID made every later C-FIND that matched it fail, for every peer.
/// </summary>
public class FoundArchiveDefectTests
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;

    private static void Fixed(string id, string defect) => RobustnessFigures.Record($"defect-{id}", new { Defect = defect });

    private sealed class Rig : IAsyncDisposable
    {
        private readonly TempDirectory _dir = new("ck-archive-defects");
        public readonly NetworkTranscript Transcript = new();
        public readonly SimulatedArchive Archive;

        public Rig() => Archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = "CK_ARCHIVE", Directory = _dir.Combine("archive"), Durability = Durability.Flushed, Observer = Transcript,
        });

        /// <summary>What the server reported as its own failure (none may be left after the fixes).</summary>
        public List<string> ServerFailures => Transcript.OfType<ProblemEvent>().Select(p => p.Description)
            .Where(d => d.Contains("failed on", StringComparison.Ordinal) || d.Contains("internal error", StringComparison.Ordinal)).ToList();

        public async Task<DimseResponse> StoreAsync(DicomDataset ds)
        {
            var item = StoreItem.FromDataset(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
            await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = Archive.Port, CalledAeTitle = "CK_ARCHIVE" },
                new PresentationContextPlan().Add(item.SopClassUid, DicomUids.ExplicitVRLittleEndian));
            var response = await association.StoreAsync(item);
            await association.ReleaseAsync();
            return response;
        }

        public async Task<List<DicomDataset>> FindAsync(DicomDataset identifier)
        {
            await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = Archive.Port, CalledAeTitle = "CK_ARCHIVE" },
                new PresentationContextPlan().Add(Find, DicomUids.ExplicitVRLittleEndian));
            var matches = new List<DicomDataset>();
            await foreach (var m in association.FindAsync(Find, identifier)) matches.Add(m);
            await association.ReleaseAsync();
            return matches;
        }

        public int TemporaryFiles => Directory.GetFiles(Path.Combine(Archive.Store.Root, "tmp")).Length;

        public async ValueTask DisposeAsync()
        {
            await Archive.DisposeAsync();
            _dir.Dispose();
        }
    }

    private static DicomDataset Ct(string seed) => SyntheticCt.Series(1, 8, 8, seed: seed, patientId: seed)[0];

    private static DicomDataset AllStudies() => new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY")
        .With(DicomTags.StudyInstanceUID, "").With(DicomTags.PatientID, "");

    [Test]
    public async Task AStudyUidBeyondTheDefaultRepertoireIsRefusedAndCannotPoisonLaterQueries()
    {
        await using var rig = new Rig();
        Assert.That((await rig.StoreAsync(Ct("good"))).Status.IsSuccess);
        var hostile = Ct("poison");
        hostile.SetBytes(DicomTags.StudyInstanceUID, DicomVR.UI, Encoding.Latin1.GetBytes("1.2.\u00ff.3\0"));
        var response = await rig.StoreAsync(hostile);
        var found = await rig.FindAsync(AllStudies());
        Assert.Multiple(() =>
        {
            Assert.That(response.Status.IsSuccess, Is.False, "refused");
            Assert.That(response.ErrorComment, Does.Contain("Study Instance UID"), "saying which attribute");
            Assert.That(rig.TemporaryFiles, Is.Zero, "nothing of it kept");
            Assert.That(found.Select(m => m.GetString(DicomTags.PatientID)), Is.EqualTo(new[] { "good" }), "queries still answer");
            Assert.That(rig.ServerFailures, Is.Empty);
        });
        Fixed("archive-uid-repertoire", "a stored object whose Study Instance UID had a byte beyond ASCII made every later C-FIND that matched it fail C000, for every peer (now the object is refused)");
    }

    [Test]
    public async Task AnObjectInAnUnsupportedCharacterSetIsStoredAndIndexedWithoutItsText()
    {
        await using var rig = new Rig();
        var ds = Ct("charset");
        var study = ds.GetString(DicomTags.StudyInstanceUID);
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 999", DicomVR.CS);
        ds.SetBytes(DicomTags.PatientName, DicomVR.PN, new byte[] { 0x44, 0xF6, 0x65, 0x5E, 0x4A, 0x20 });
        var response = await rig.StoreAsync(ds);
        Assert.That(response.Status.IsSuccess, Is.True, "stored as received: " + response.ErrorComment);
        var found = await rig.FindAsync(AllStudies().With(DicomTags.PatientName, ""));
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(m => m.GetString(DicomTags.StudyInstanceUID)), Is.EqualTo(new[] { study }), "found by its UID");
            Assert.That(found[0].GetString(DicomTags.PatientName) ?? "", Is.Empty, "the undecodable name is indexed as absent");
            Assert.That(rig.ServerFailures, Is.Empty, "no aborted association");
        });
        Fixed("archive-unsupported-charset", "an object in an unsupported Specific Character Set made the Archive's storage sink throw; the association was aborted (now stored, its undecodable text indexed as absent)");
    }

    [Test]
    public async Task NonAsciiBytesInACodeStringAreIndexedAsAbsentNotEchoed()
    {
        await using var rig = new Rig();
        var ds = Ct("modality");
        ds.SetBytes(DicomTags.Modality, DicomVR.CS, new byte[] { 0x43, 0xD4 });
        Assert.That((await rig.StoreAsync(ds)).Status.IsSuccess);
        var found = await rig.FindAsync(new DicomDataset().With(DicomTags.QueryRetrieveLevel, "SERIES").With(DicomTags.SeriesInstanceUID, "").With(DicomTags.Modality, ""));
        Assert.That((found.Count, found[0].GetString(DicomTags.Modality) ?? ""), Is.EqualTo((1, "")));
        Assert.That(rig.ServerFailures, Is.Empty);
    }

    [Test]
    public async Task KeysInAnUnsupportedCharacterSetAreRefusedC000WithTheReason()
    {
        await using var rig = new Rig();
        Assert.That((await rig.StoreAsync(Ct("keys"))).Status.IsSuccess);
        var identifier = AllStudies();
        identifier.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 999", DicomVR.CS);
        identifier.SetBytes(DicomTags.PatientName, DicomVR.PN, new byte[] { 0x44, 0xF6, 0x2A, 0x20 });
        var e = await Assert.ThrowsAsync<DimseFailureException>(() => rig.FindAsync(identifier));
        Assert.That(e!.Status, Is.EqualTo(DimseStatus.CannotUnderstand));
        Assert.That(e.ErrorComment, Does.StartWith("identifier keys cannot be decoded: Specific Character Set"));
        Assert.That(rig.ServerFailures, Is.Empty, "a clear refusal, not a failed service");
    }

    [Test]
    public async Task AKeyDeclaredInAVrThatCannotHoldTheStoredTextIsAnsweredEmpty()
    {
        await using var rig = new Rig();
        var ds = Ct("vr");
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192", DicomVR.CS);
        ds.SetString(DicomTags.PatientName, "Müller^Jürgen", DicomVR.PN);
        Assert.That((await rig.StoreAsync(ds)).Status.IsSuccess);
        var identifier = AllStudies();
        identifier.SetEmpty(DicomTags.PatientName, DicomVR.UI); // a UI key cannot carry "Müller"
        var found = await rig.FindAsync(identifier);
        Assert.That((found.Count, found[0].GetString(DicomTags.PatientID)), Is.EqualTo((1, "vr")));
        Assert.That(rig.ServerFailures, Is.Empty);
        Fixed("archive-key-vr", "a C-FIND key declared with a VR whose repertoire could not hold the stored value made the whole query fail C000 (now that key is answered empty)");
    }

    [Test]
    public void AnErrorCommentQuotingPeerTextIsWrittenInTheDefaultRepertoire()
    {
        var response = DimseCommand.Response(DimseCommand.FindRequest(1, Find), DimseStatus.CannotUnderstand, false, "data set 1.\u00b2.840\u0001: Müller");
        Assert.That(response.ErrorComment, Is.EqualTo("data set 1.?.840?: M?ller"));
        Fixed("error-comment-repertoire", "an Error Comment quoting non-ASCII peer text could not be encoded, so the C-STORE response was never sent and the association was aborted (now those characters become '?')");
    }
}

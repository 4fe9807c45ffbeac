using System.Diagnostics;
using System.Text;
using ConformanceKit.Actors.Archive;

namespace ConformanceKit.Robustness.Tests.Archive;

/// <summary>
/// Hostile C-FIND, C-MOVE and C-GET requests against the simulated Archive (`ck archive`, the archive actor of
/// scenarios): SQL text in keys, wild card patterns built to make a backtracking matcher explode, malformed and
/// oversized identifiers, deep and huge sequences, unknown and hostile move destinations. Each ends as a clear
/// status (PS3.4 C.4.1.1.4, C.4.2.1.4) within a bounded time; the archive keeps every object and serves the next
/// request as before.
/// </summary>
public class HostileQueryTests
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
    private const string Move = DicomUids.StudyRootQueryRetrieveInformationModelMove;
    private const string Get = DicomUids.StudyRootQueryRetrieveInformationModelGet;

    /// <summary>Far above what one honest request costs here (milliseconds), far below a hang.</summary>
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(5);

    /// <summary>A stored text long enough that a backtracking wild card match on it runs for hours.</summary>
    private static readonly string LongText = new('a', 20_000);

    private TempDirectory _dir = null!;
    private SimulatedArchive _archive = null!;
    private int _stored;

    [OneTimeSetUp]
    public void StartArchive()
    {
        _dir = new TempDirectory("ck-hostile-query");
        _archive = SimulatedArchive.Start(new ArchiveOptions
        {
            AeTitle = "CK_ARCHIVE", Directory = _dir.Combine("archive"), Durability = Durability.Flushed,
            Settings = new AssociationSettings { IdleTimeout = TimeSpan.FromSeconds(30) },
        });
        foreach (var ds in SyntheticCt.Series(3, 8, 8, seed: "hostile-query", patientId: "PAT'; DROP TABLE study; --", patientName: "Robert'); DROP TABLE instance;--"))
            _archive.Store.Store(DicomFile.Create(ds));
        // An object a hostile sender stored earlier: a 20,000-character description (LO allows 64; the archive keeps it as received).
        var longOne = SyntheticCt.Series(1, 8, 8, seed: "hostile-long", patientId: "LONG")[0];
        longOne.SetString(DicomTags.StudyDescription, LongText, DicomVR.LO);
        longOne.SetString(DicomTags.PatientName, LongText, DicomVR.PN);
        _archive.Store.Store(DicomFile.Create(longOne));
        _stored = _archive.Store.Count;
    }

    [OneTimeTearDown]
    public async Task StopArchive()
    {
        await _archive.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<Association> AssociateAsync(params string[] models)
    {
        var plan = new PresentationContextPlan();
        foreach (var m in models) plan.Add(m, DicomUids.ImplicitVRLittleEndian);
        return await DicomClient.AssociateAsync(new DicomClientOptions { Port = _archive.Port, CalledAeTitle = "CK_ARCHIVE", CallingAeTitle = "HOSTILE" }, plan);
    }

    private static DicomDataset Study(params (DicomTag Tag, string Value)[] keys)
    {
        var ds = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").With(DicomTags.StudyInstanceUID, "");
        foreach (var (tag, value) in keys) ds.SetString(tag, value);
        return ds;
    }

    /// <summary>Runs a C-FIND; returns the matches, or the failure status; fails the test when it takes longer than <see cref="Bounded"/>.</summary>
    private async Task<(List<DicomDataset> Matches, DimseStatus? Failure, string? Comment)> FindAsync(DicomDataset identifier)
    {
        await using var association = await AssociateAsync(Find);
        var clock = Stopwatch.StartNew();
        var matches = new List<DicomDataset>();
        DimseStatus? failure = null;
        string? comment = null;
        using var timeout = new CancellationTokenSource(Bounded * 4);
        try
        {
            await foreach (var m in association.FindAsync(Find, identifier, timeout.Token)) matches.Add(m);
        }
        catch (DimseFailureException e)
        {
            (failure, comment) = (e.Status, e.ErrorComment);
        }
        Assert.That(clock.Elapsed, Is.LessThan(Bounded), "answered in bounded time");
        await association.ReleaseAsync();
        return (matches, failure, comment);
    }

    /// <summary>The archive still holds everything and answers an honest query as before.</summary>
    private async Task AssertStillServingAsync()
    {
        Assert.That(_archive.Store.Count, Is.EqualTo(_stored), "no object lost or added");
        var (matches, failure, _) = await FindAsync(Study((DicomTags.PatientID, "PAT'; DROP TABLE study; --")));
        Assert.That((failure, matches.Count), Is.EqualTo(((DimseStatus?)null, 1)), "an honest query still finds the study");
    }

    [TestCase("' OR '1'='1", TestName = "SqlTautologyMatchesNothing")]
    [TestCase("%", TestName = "SqlLikePercentIsNotAWildCard")]
    [TestCase("_", TestName = "SqlLikeUnderscoreIsNotAWildCard")]
    [TestCase("x\"); DELETE FROM instance; --", TestName = "SqlStatementInAKeyMatchesNothingAndDeletesNothing")]
    [TestCase("*') OR 1=1 --", TestName = "SqlAfterAWildCardMatchesNothing")]
    public async Task SqlTextInKeysIsOnlyText(string key)
    {
        var (matches, failure, _) = await FindAsync(Study((DicomTags.PatientID, key)));
        Assert.That((failure, matches.Count), Is.EqualTo(((DimseStatus?)null, 0)));
        await AssertStillServingAsync();
    }

    [Test]
    public async Task AStoredSqlLookingValueIsFoundByExactMatchOnly()
    {
        var (matches, _, _) = await FindAsync(Study((DicomTags.PatientName, "Robert'); DROP TABLE instance;--"), (DicomTags.PatientID, "")));
        Assert.That(matches.Select(m => m.GetString(DicomTags.PatientID)), Is.EqualTo(new[] { "PAT'; DROP TABLE study; --" }));
        var (none, _, _) = await FindAsync(Study((DicomTags.PatientName, "Robert')")));
        Assert.That(none, Is.Empty);
    }

    // PS3.4 C.2.2.2.4: * and ? are the only wild cards. Against a 20,000-character stored value a backtracking
    // matcher needs on the order of n^k steps for k stars; a linear matcher answers at once.
    [TestCase(false, 30, TestName = "ThirtyStarsAgainstALongDescriptionAnswerInBoundedTime")]
    [TestCase(true, 30, TestName = "ThirtyStarsAgainstALongNameAnswerInBoundedTime")]
    [TestCase(false, 5000, TestName = "FiveThousandStarsAnswerInBoundedTime")]
    public async Task WildCardBombsAnswerInBoundedTime(bool personName, int stars)
    {
        var tag = personName ? DicomTags.PatientName : DicomTags.StudyDescription; // PN matches case-insensitively, LO exactly
        var pattern = string.Concat(Enumerable.Repeat("*a", stars)) + "*b"; // never matches: no 'b' stored
        var (matches, failure, comment) = await FindAsync(Study((tag, pattern)));
        Assert.That((failure, matches.Count), Is.EqualTo(((DimseStatus?)null, 0)), comment);
        var (all, _, _) = await FindAsync(Study((tag, string.Concat(Enumerable.Repeat("*a", stars)) + "*"), (DicomTags.PatientID, "")));
        Assert.That(all.Select(m => m.GetString(DicomTags.PatientID)), Does.Contain("LONG"), "the same kind of pattern still matches what it should");
        await AssertStillServingAsync();
    }

    [Test]
    public async Task AListOfTenThousandUidsIsMatchedInBoundedTime()
    {
        var uids = Enumerable.Range(0, 10_000).Select(i => $"1.2.3.{i}").ToList();
        var identifier = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "STUDY").SetStrings(DicomTags.StudyInstanceUID, uids, DicomVR.UI);
        var (matches, failure, _) = await FindAsync(identifier);
        Assert.That((failure, matches.Count), Is.EqualTo(((DimseStatus?)null, 0)));
        await AssertStillServingAsync();
    }

    [TestCase("", TestName = "AnIdentifierWithoutALevelIsRefusedA900")]
    [TestCase("PATIENT", TestName = "ThePatientLevelIsRefusedA900InStudyRoot")]
    [TestCase("STUDY\\SERIES", TestName = "TwoLevelsAreRefusedA900")]
    [TestCase("../../IMAGE", TestName = "AHostileLevelIsRefusedA900")]
    public async Task MalformedLevelsAreRefused(string level)
    {
        var identifier = new DicomDataset().With(DicomTags.StudyInstanceUID, "");
        if (level.Length > 0) identifier.SetString(DicomTags.QueryRetrieveLevel, level);
        var (_, failure, comment) = await FindAsync(identifier);
        Assert.That(failure, Is.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass));
        Assert.That(comment, Is.Not.Empty, "the refusal says why");
        await AssertStillServingAsync();
    }

    [TestCase("20200101-20190101-20180101", TestName = "ARangeWithTwoDashesIsAnsweredNotThrown")]
    [TestCase("-", TestName = "AnOpenRangeBothSidesMatchesAnyDate")]
    [TestCase("abcdefgh-zzzzzzzz", TestName = "ANonDateRangeIsAnsweredNotThrown")]
    [TestCase("\\\\\\\\", TestName = "EmptyValuesInAListAreAnsweredNotThrown")]
    public async Task MalformedDateKeysAreAnswered(string key)
    {
        var (_, failure, comment) = await FindAsync(Study((DicomTags.StudyDate, key)));
        Assert.That(failure, Is.Null.Or.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass), comment);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task UndecodableKeyBytesAreAnsweredNotThrown()
    {
        var identifier = Study();
        identifier.SetString(DicomTags.SpecificCharacterSet, "ISO 2022 IR 87\\NOT A CHARSET", DicomVR.CS);
        identifier.SetBytes(DicomTags.PatientName, DicomVR.PN, new byte[] { 0x1B, 0x24, 0x42, 0xFF, 0xFE, 0x00, 0x80, 0x1B });
        identifier.SetBytes(DicomTags.StudyDate, DicomVR.DA, new byte[] { 0xC3, 0x28, 0x2D, 0xA0, 0xA1 });
        var (_, failure, comment) = await FindAsync(identifier);
        Assert.That(failure, Is.Null.Or.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass).Or.EqualTo(DimseStatus.CannotUnderstand), comment);
        await AssertStillServingAsync();
    }

    private static DicomDataset Nested(int depth)
    {
        var inner = new DicomDataset().With(DicomTags.CodeValue, "X");
        for (var i = 0; i < depth; i++) inner = new DicomDataset().SetSequence(DicomTags.ReferencedImageSequence, inner);
        return inner;
    }

    [Test]
    public async Task AnIdentifierNestedBeyondTheLimitIsRefusedA900()
    {
        var identifier = Study();
        identifier.SetSequence(DicomTags.ReferencedStudySequence, Nested(200));
        var (_, failure, comment) = await FindAsync(identifier);
        Assert.That(failure, Is.EqualTo(DimseStatus.DataSetDoesNotMatchSopClass));
        Assert.That(comment, Does.Contain("unreadable").Or.Contain("deep").Or.Contain("nest"), comment);
        await AssertStillServingAsync();
    }

    [Test]
    public async Task AHugeSequenceKeyIsAnsweredWithAnEmptySequence()
    {
        var identifier = Study((DicomTags.PatientID, "PAT'; DROP TABLE study; --"));
        identifier.SetSequence(DicomTags.ReferencedStudySequence, [.. Enumerable.Range(0, 20_000).Select(i => Nested(3))]);
        var (matches, failure, _) = await FindAsync(identifier);
        Assert.That((failure, matches.Count), Is.EqualTo(((DimseStatus?)null, 1)));
        Assert.That(matches[0][DicomTags.ReferencedStudySequence], Is.InstanceOf<DicomSequence>().With.Property(nameof(DicomSequence.Items)).Empty,
            "sequence keys come back empty: the 20,000 items are not echoed");
        await AssertStillServingAsync();
    }

    [TestCase("", TestName = "AnEmptyMoveDestinationIsRefusedA801")]
    [TestCase("../../etc", TestName = "APathAsMoveDestinationIsRefusedA801")]
    [TestCase("127.0.0.1:104", TestName = "AnAddressAsMoveDestinationIsRefusedA801")]
    [TestCase("CK_ARCHIVE", TestName = "TheArchiveItselfIsNotAMoveDestinationUnlessConfigured")]
    [TestCase("' OR 1=1 --", TestName = "SqlAsMoveDestinationIsRefusedA801")]
    public async Task UnknownMoveDestinationsAreRefused(string destination)
    {
        await using var association = await AssociateAsync(Move);
        var clock = Stopwatch.StartNew();
        var result = await association.MoveAsync(Move, destination, Study((DicomTags.PatientID, "*")));
        Assert.That(clock.Elapsed, Is.LessThan(Bounded));
        Assert.That((result.Status, result.Completed), Is.EqualTo((DimseStatus.MoveDestinationUnknown, 0)), result.Describe(DimseCommandField.CMoveRequest));
        await association.ReleaseAsync();
        await AssertStillServingAsync();
    }

    /// <summary>Counts what a C-GET delivers to this side.</summary>
    private sealed class Counting : IStoreService
    {
        public int Received;

        public ValueTask<IStoreSink> BeginStoreAsync(StoreRequest request, CancellationToken cancel)
        {
            Interlocked.Increment(ref Received);
            return ValueTask.FromResult<IStoreSink>(new Sink());
        }

        private sealed class Sink : IStoreSink
        {
            public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel) => ValueTask.CompletedTask;
            public ValueTask<ServiceResult> CompleteAsync(CancellationToken cancel) => ValueTask.FromResult(ServiceResult.Success);
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Test]
    public async Task AGetWithAHostileLevelIsRefusedAndDeliversNothing()
    {
        var plan = new PresentationContextPlan().Add(Get, DicomUids.ImplicitVRLittleEndian).AddStorageAsScp([DicomUids.CTImageStorage]);
        await using var association = await DicomClient.AssociateAsync(new DicomClientOptions { Port = _archive.Port, CalledAeTitle = "CK_ARCHIVE" }, plan);
        var sink = new Counting();
        var identifier = new DicomDataset().With(DicomTags.QueryRetrieveLevel, "PATIENT").With(DicomTags.PatientID, "*");
        var result = await association.GetAsync(Get, identifier, sink);
        Assert.That((result.Status, sink.Received), Is.EqualTo((DimseStatus.DataSetDoesNotMatchSopClass, 0)));
        await association.ReleaseAsync();
        await AssertStillServingAsync();
    }
}

/// <summary>The linear wild card matcher keeps the meaning of PS3.4 C.2.2.2.4 (* any run, ? any one character).</summary>
public class WildcardMatchingTests
{
    [TestCase("a*a", "a", false, TestName = "FirstAndLastPiecesMayNotOverlap")]
    [TestCase("a*a", "aa", true, TestName = "FirstAndLastPiecesMayTouch")]
    [TestCase("?*?", "a", false, TestName = "QuestionMarksNeedOneCharacterEach")]
    [TestCase("?*?", "ab", true, TestName = "QuestionMarksAroundAnEmptyStar")]
    [TestCase("*ab*ab*", "xxabyyab", true, TestName = "MiddlePiecesInOrder")]
    [TestCase("*ab*ab*", "xxab", false, TestName = "MiddlePiecesMayNotReuseCharacters")]
    [TestCase("*aab", "aaaab", true, TestName = "LastPieceIsAnchoredAtTheEnd")]
    [TestCase("ab**", "ab", true, TestName = "RepeatedStarsMatchEmpty")]
    [TestCase("a?c", "abc", true, TestName = "QuestionMarkInsideAPiece")]
    [TestCase("a?c", "abbc", false, TestName = "QuestionMarkIsExactlyOne")]
    [TestCase("*a*b*", "ba", false, TestName = "OrderMatters")]
    public void WildcardsKeepTheirMeaning(string pattern, string value, bool expected) =>
        Assert.That(KeyMatching.Matches(DicomVR.LO, pattern, value), Is.EqualTo(expected));

    [Test]
    public void PersonNamesMatchIgnoringCaseOtherTextExactly()
    {
        Assert.That(KeyMatching.Matches(DicomVR.PN, "doe^*", "DOE^JANE"), Is.True);
        Assert.That(KeyMatching.Matches(DicomVR.LO, "doe*", "DOE JANE"), Is.False);
    }
}

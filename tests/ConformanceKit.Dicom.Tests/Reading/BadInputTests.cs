using System.IO.Compression;

namespace ConformanceKit.Dicom.Tests.Reading;

/// <summary>
/// Each kind of bad input of issue 2 is read leniently with a recorded issue, or rejected with a
/// DicomReadException naming the byte offset and the tag path; strict reading (Lenient = false) turns the
/// first error into that exception. Never another exception, a hang, or an allocation sized by a length field.
/// </summary>
public class BadInputTests
{
    private static readonly DicomReadOptions Strict = new() { Lenient = false };
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    private static (DicomDataset Dataset, IReadOnlyList<DicomReadIssue> Issues) Lenient(byte[] bytes, DicomTransferSyntax ts)
    {
        var reader = new DicomDatasetReader(bytes, ts);
        return (reader.Read(), reader.Issues);
    }

    private static DicomReadException StrictFails(byte[] bytes, DicomTransferSyntax ts) =>
        Assert.Throws<DicomReadException>(() => new DicomDatasetReader(bytes, ts, Strict).Read())!;

    private static RawDataset Patient() => new RawDataset()
        .Explicit(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2\0")
        .Explicit(0x0008, 0x0050, "SH", "ID-1");

    [Test]
    public void ValueLongerThanTheDataIsTruncatedWithAnErrorNamingTheElement()
    {
        var raw = Patient().ExplicitHeader(0x0010, 0x1001, "PN", 20).Ascii("Doe^J");
        var bytes = raw.ToArray();
        var valueAt = bytes.Length - 5;

        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(ds.GetString(DicomTags.OtherPatientNames), Is.EqualTo("Doe^J"), "what is there is kept");
        var error = issues.Single(i => i.IsError);
        Assert.That((error.Offset, error.TagPath), Is.EqualTo(((long)valueAt, "(0010,1001)")));
        Assert.That(error.Message, Does.Contain("exceeds"));

        var e = StrictFails(bytes, Explicit);
        Assert.That((e.Offset, e.TagPath), Is.EqualTo(((long)valueAt, "(0010,1001)")));
        Assert.That(e.Message, Does.Contain("offset " + valueAt).And.Contain("(0010,1001)"));
    }

    [Test]
    public void LengthPastTheEndInsideAnItemNamesTheTagPath()
    {
        var item = new RawDataset().Explicit(0x0008, 0x1150, "UI", "1.2\0").ExplicitHeader(0x0008, 0x1155, "UI", 64).Ascii("1.2.3.4").ToArray();
        var bytes = Patient().ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF).Item((uint)item.Length + 57).Bytes(item).ToArray();
        var e = StrictFails(bytes, Explicit);
        Assert.That(e.TagPath, Is.EqualTo("(0008,1115)[1]"), "the item length is checked first");
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Where(i => i.IsError).Select(i => i.TagPath),
            Does.Contain("(0008,1115)[1]").And.Contain("(0008,1115)[1]/(0008,1155)"));
        Assert.That(ds.GetItem(DicomTags.ReferencedSeriesSequence)!.GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo("1.2"));
    }

    [Test]
    public void TruncatedElementHeaderIsAnError()
    {
        var bytes = Patient().Bytes(0x10, 0x00, 0x30, 0x00, 0x44).ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(ds.Count, Is.EqualTo(2));
        Assert.That(issues.Single().IsError && issues.Single().Message.Contains("truncated element header"), Is.True, issues.Single().ToString());
        Assert.That(StrictFails(bytes, Explicit).Offset, Is.EqualTo(bytes.Length - 5));
    }

    [Test]
    public void EveryTruncationOfAFileIsReadOrRejectedWithADicomReadException()
    {
        var full = DicomFileWriter.Encode(DicomFile.Create(SampleDatasets.RegistrationWithImage()));
        var rejected = 0;
        for (var cut = 0; cut < full.Length; cut++)
        {
            var bytes = full[..cut];
            try
            {
                var file = DicomFileReader.Read(bytes);
                if (file.Dataset.Count == 0 && !file.Issues.Any(i => i.IsError))
                    Assert.Fail($"cut at {cut}: no dataset and no error");
            }
            catch (DicomReadException) { rejected++; }
            Assert.DoesNotThrow(() => { try { DicomFileReader.Read(bytes, Strict); } catch (DicomReadException) { } }, $"strict read of a cut at {cut}");
        }
        Assert.That(rejected, Is.GreaterThan(0), "short prefixes are not DICOM");
    }

    [Test]
    public void TruncationInsidePixelDataIsAnErrorAtPixelData()
    {
        var full = DicomFileWriter.Encode(DicomFile.Create(SampleDatasets.RegistrationWithImage()));
        var file = DicomFileReader.Read(full[..(full.Length - 10)]);
        Assert.That(file.Issues.Where(i => i.IsError).Select(i => i.TagPath), Is.EqualTo(new[] { "(7FE0,0010)" }), string.Join("\n", file.Issues));
        var e = Assert.Throws<DicomReadException>(() => DicomFileReader.Read(full[..(full.Length - 10)], Strict))!;
        Assert.That(e.TagPath, Is.EqualTo("(7FE0,0010)"));
    }

    [Test]
    public void ItemWithoutItemDelimiterBeforeTheSequenceDelimiterIsAWarning()
    {
        var bytes = Patient().ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF)
            .Item().Explicit(0x0020, 0x000E, "UI", "1.2.3\0") // no Item Delimitation Item
            .SequenceEnd().Explicit(0x0020, 0x000D, "UI", "9.8\0").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().IsError, Is.False);
        Assert.That(issues.Single().Message, Does.Contain("Item Delimitation Item missing"));
        Assert.That(ds.GetItem(DicomTags.ReferencedSeriesSequence)!.GetString(DicomTags.SeriesInstanceUID), Is.EqualTo("1.2.3"));
        Assert.That(ds.GetString(DicomTags.StudyInstanceUID), Is.EqualTo("9.8"), "reading goes on after the sequence");
        Assert.DoesNotThrow(() => new DicomDatasetReader(bytes, Explicit, Strict).Read());
    }

    [Test]
    public void UndelimitedSequenceRunningToTheEndIsAnError()
    {
        var bytes = Patient().ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF).Item().Explicit(0x0020, 0x000E, "UI", "1.2.3\0").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Where(i => i.IsError).Select(i => i.Message),
            Does.Contain("item ended without an Item Delimitation Item").And.Contain("sequence ended without a Sequence Delimitation Item"));
        Assert.That(ds.GetItems(DicomTags.ReferencedSeriesSequence), Has.Count.EqualTo(1));
        Assert.That(StrictFails(bytes, Explicit).TagPath, Is.EqualTo("(0008,1115)[1]"));
    }

    [Test]
    public void OddLengthIsAWarningAndTheBytesAreKept()
    {
        var bytes = Patient().Explicit(0x0010, 0x1001, "PN", "Doe").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().Message, Is.EqualTo("odd value length 3"));
        Assert.That(issues.Single().TagPath, Is.EqualTo("(0010,1001)"));
        Assert.That(ds.GetString(DicomTags.OtherPatientNames), Is.EqualTo("Doe"));
        Assert.That(DicomWriter.Encode(ds, Explicit), Is.EqualTo(bytes), "kept as read, so written back unchanged");
    }

    [Test]
    public void VRContradictingTheDictionaryIsAWarningAndTheDeclaredVRIsKept()
    {
        var bytes = Patient().Explicit(0x0028, 0x0010, "SS", [0, 2]).ToArray(); // Rows is US
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().Message, Does.Contain("VR SS contradicts the dictionary (Rows is US)"));
        Assert.That(ds[DicomTags.Rows]!.VR, Is.EqualTo(DicomVR.SS));
        Assert.That(ds.GetInt(DicomTags.Rows), Is.EqualTo(512));
        Assert.That(DicomWriter.Encode(ds, Explicit), Is.EqualTo(bytes));
    }

    [Test]
    public void ElementsOutOfOrderAreSortedWithAWarning()
    {
        var bytes = Patient().Explicit(0x0010, 0x0010, "PN", "Doe ").Explicit(0x0008, 0x0090, "PN", "Who ").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().Message, Does.Contain("out of ascending order"));
        Assert.That(ds.Select(e => e.Tag), Is.Ordered);
        Assert.That(ds.GetString(DicomTags.PatientName), Is.EqualTo("Doe"));
    }

    [Test]
    public void UnknownVRIsReadAsUNWithAWarning()
    {
        var bytes = Patient().ExplicitHeader(0x0011, 0x0010, "ZZ", 4).Ascii("ABCD").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().Message, Does.Contain("unknown VR 'ZZ'"));
        Assert.That(ds[new DicomTag(0x0011, 0x0010)]!.VR, Is.EqualTo(DicomVR.UN));
    }

    [Test]
    public void ImplicitVRDataInAnExplicitVRDatasetIsAnErrorButIsRead()
    {
        var bytes = Patient().Implicit(0x0010, 0x0030, "19700101").Implicit(0x0010, 0x1001, "Doe^John").ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.Single().IsError, Is.True);
        Assert.That(ds.GetString(DicomTags.PatientBirthDate), Is.EqualTo("19700101"), "the rest of the dataset is read as Implicit VR");
        Assert.That(StrictFails(bytes, Explicit).TagPath, Is.EqualTo(""));
    }

    [TestCase(64, false)]
    [TestCase(65, true)]
    [TestCase(10_000, true)]
    public void DeepNestingBeyondTheLimitIsRejectedWithThePath(int depth, bool rejected)
    {
        var raw = new RawDataset();
        for (var i = 0; i < depth; i++) raw.ExplicitHeader(0x0040, 0xA730, "SQ", 0xFFFFFFFF).Item();
        raw.Explicit(0x0040, 0xA160, "UT", "deep");
        for (var i = 0; i < depth; i++) raw.ItemEnd().SequenceEnd();
        var bytes = raw.ToArray();
        if (!rejected)
        {
            var (_, issues) = Lenient(bytes, Explicit);
            Assert.That(issues, Is.Empty);
            return;
        }
        var e = Assert.Throws<DicomReadException>(() => new DicomDatasetReader(bytes, Explicit).Read(), "even lenient reading stops")!;
        Assert.That(e.Reason, Does.Contain("nested deeper than 64"));
        Assert.That(e.TagPath.Split('/'), Has.Length.EqualTo(65));
        Assert.That(e.Offset, Is.EqualTo(65 * 20 - 8), "offset of the 65th sequence's first item");
    }

    [Test]
    public void TheDeepestNestingThatCanBeAllowedIsReadWrittenAndSerialised()
    {
        const int depth = DicomReadOptions.DeepestAllowedNesting;
        var raw = new RawDataset();
        for (var i = 0; i < depth; i++) raw.ExplicitHeader(0x0040, 0xA730, "SQ", 0xFFFFFFFF).Item();
        for (var i = 0; i < depth; i++) raw.ItemEnd().SequenceEnd();
        var bytes = raw.ToArray();
        var reader = new DicomDatasetReader(bytes, Explicit, new DicomReadOptions { MaxSequenceDepth = depth });
        var ds = reader.Read();
        Assert.That(reader.Issues, Is.Empty);
        Assert.That(DicomWriter.Encode(ds, Explicit), Is.EqualTo(bytes));
        var json = DicomJsonWriter.Serialize(ds, indented: false);
        Assert.That(System.Text.RegularExpressions.Regex.Count(json, "\"0040A730\""), Is.EqualTo(depth), "every level in the JSON model");
        Assert.DoesNotThrow(() => new DicomTreeWriter(TextWriter.Null).Write(ds));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DicomReadOptions { MaxSequenceDepth = depth + 1 }, "the stack is finite");
    }

    [Test]
    public void DelimiterAtTheTopLevelIsAnError()
    {
        var bytes = Patient().ItemEnd().Explicit(0x0020, 0x000D, "UI", "9.8\0").ToArray();
        var (_, issues) = Lenient(bytes, Explicit);
        Assert.That(issues.First().IsError && issues.First().Message.Contains("unexpected (FFFE,E00D)"), Is.True);
    }

    [Test]
    public void GarbageIsNotDicom()
    {
        var random = new Random(20240101);
        for (var n = 0; n < 200; n++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            try
            {
                var file = DicomFileReader.Read(bytes);
                Assert.That(file.Issues.Any(i => i.IsError) || file.Dataset.Count > 0, Is.True, "garbage read without an error");
            }
            catch (DicomReadException e) { Assert.That(e.Offset, Is.InRange(0, bytes.Length)); }
        }
        var text = "This is a README, not a DICOM file.\n"u8.ToArray();
        Assert.That(Assert.Throws<DicomReadException>(() => DicomFileReader.Read(text))!.Reason, Does.StartWith("not DICOM"));
        Assert.Throws<DicomReadException>(() => DicomFileReader.Read(Array.Empty<byte>()));
    }

    [Test]
    public void GarbageAfterAValidHeaderIsAnError()
    {
        var garbage = new byte[600];
        new Random(7).NextBytes(garbage);
        var bytes = Patient().Bytes(garbage).ToPart10(Explicit.Uid);
        try
        {
            var file = DicomFileReader.Read(bytes);
            Assert.That(file.Issues.Any(i => i.IsError), Is.True);
            Assert.That(file.Dataset.GetString(DicomTags.AccessionNumber), Is.EqualTo("ID-1"));
        }
        catch (DicomReadException e) { Assert.Fail($"a valid start is kept, not rejected: {e.Message}"); }
    }

    [Test]
    public void HugeLengthAllocatesNothingOfThatSize()
    {
        var bytes = Patient().ExplicitHeader(0x7FE0, 0x0010, "OB", 0xFFFFFFF0).Bytes(new byte[64]).ToPart10(Explicit.Uid);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFileReader.Read(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(file.Dataset.GetBytes(DicomTags.PixelData).Length, Is.EqualTo(64));
        Assert.That(file.Issues.Single(i => i.IsError).Message, Does.Contain("4294967280"));
        Assert.That(allocated, Is.LessThan(256 * 1024), "allocations follow the input size, not the length field");
    }

    [Test]
    public void HugeItemAndFragmentLengthsAreClampedToTheData()
    {
        var bytes = Patient().ExplicitHeader(0x7FE0, 0x0010, "OB", 0xFFFFFFFF).Item(0).Item(0xFFFFFFF0).Bytes(1, 2, 3, 4).ToArray();
        var (ds, issues) = Lenient(bytes, Explicit);
        var fragments = (DicomFragmentSequence)ds[DicomTags.PixelData]!;
        Assert.That(fragments.Fragments.Single().Length, Is.EqualTo(4));
        Assert.That(issues.Where(i => i.IsError).Select(i => i.TagPath), Has.All.EqualTo("(7FE0,0010)"));
    }

    [Test]
    public void DeflateBombStopsAtTheLimit()
    {
        var zeros = new byte[4 * 1024 * 1024];
        using var ms = new MemoryStream();
        using (var deflate = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(zeros);
        var bytes = new RawDataset().Bytes(ms.ToArray()).ToPart10(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid);
        var e = Assert.Throws<DicomReadException>(() => DicomFileReader.Read(bytes, new DicomReadOptions { MaxInflatedBytes = 1024 * 1024 }))!;
        Assert.That(e.Reason, Does.Contain("limit"));
    }

    [Test]
    public void CorruptDeflatedDataIsRejected()
    {
        var bytes = new RawDataset().Bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x13).ToPart10(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid);
        Assert.That(Assert.Throws<DicomReadException>(() => DicomFileReader.Read(bytes))!.Reason, Does.Contain("deflate"));
    }

    [Test]
    public void ImplicitPrivateElementUnderAnUnsupportedCharacterSetDoesNotStopTheReader()
    {
        var bytes = new RawDataset()
            .Implicit(0x0008, 0x0005, "ISO_IR 999")
            .Implicit(0x0029, 0x0010, "SIEMENS CSA HEADER")
            .Implicit(0x0029, 0x1008, "IMAGE NUM 4 ")
            .ToArray();
        var (ds, issues) = Lenient(bytes, Implicit);
        Assert.That(issues, Is.Empty);
        Assert.That(ds[new DicomTag(0x0029, 0x1008)]!.VR, Is.EqualTo(DicomVR.CS), "VR from the private dictionary of that creator");
        Assert.Throws<DicomCharacterSetException>(() => ds.GetString(new DicomTag(0x0029, 0x0010)), "the unsupported set is reported, not guessed");
    }

    [Test]
    public void MalformedPixelRepresentationDoesNotStopTheReader()
    {
        var bytes = new RawDataset()
            .Implicit(0x0028, 0x0103, [1]) // one byte: not a US value
            .Implicit(0x0028, 0x0106, [0xFF, 0xFF]) // Smallest Image Pixel Value, US or SS
            .ToArray();
        var (ds, issues) = Lenient(bytes, Implicit);
        Assert.That(issues.Single().Message, Is.EqualTo("odd value length 1"));
        Assert.That(ds[DicomTags.SmallestImagePixelValue]!.VR, Is.EqualTo(DicomVR.US));
    }

    [Test]
    public void MissingFileIsADicomReadException()
    {
        var e = Assert.Throws<DicomReadException>(() => DicomFileReader.Read(Path.Combine(Path.GetTempPath(), $"ck-missing-{Guid.NewGuid():N}.dcm")))!;
        Assert.That(e.Reason, Does.StartWith("cannot open file"));
    }
}

using System.IO.Compression;
using System.Text;

namespace ConformanceKit.Dicom.Tests.Codec;

/// <summary>Reading and writing per transfer syntax (PS3.5 section 10 and Annex A) and the encoding rules around it.</summary>
public class TransferSyntaxTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    private static DicomDataset ReadClean(byte[] bytes, DicomTransferSyntax ts)
    {
        var reader = new DicomDatasetReader(bytes, ts);
        var ds = reader.Read();
        Assert.That(reader.Issues, Is.Empty, string.Join("; ", reader.Issues));
        return ds;
    }

    [Test]
    public void ExplicitVRBigEndianIsReadWithValuesInHostOrder()
    {
        var item = new RawDataset(bigEndian: true).ExplicitHeader(0x0008, 0x1150, "UI", 4).Ascii("1.2\0").ToArray();
        var raw = new RawDataset(bigEndian: true)
            .ExplicitHeader(0x0008, 0x1115, "SQ", (uint)(item.Length + 8)).Item((uint)item.Length).Bytes(item)
            .ExplicitHeader(0x0018, 0x9219, "SS", 2).U16(0xFFFE) // -2
            .ExplicitHeader(0x0020, 0x0013, "IS", 2).Ascii("42")
            .ExplicitHeader(0x0028, 0x0009, "AT", 4).U16(0x0018).U16(0x1063)
            .ExplicitHeader(0x0028, 0x0010, "US", 2).U16(512)
            .ExplicitHeader(0x0028, 0x1052, "DS", 6).Ascii("-1024 ")
            .ExplicitHeader(0x0040, 0x9224, "FD", 8).Bytes(BitConverter.GetBytes(2.5).Reverse().ToArray())
            .ExplicitHeader(0x7FE0, 0x0010, "OW", 4).U16(0x0102).U16(0x0304);
        var file = DicomFileReader.Read(raw.ToPart10(DicomTransferSyntax.ExplicitVRBigEndian.Uid));
        Assert.That(file.Issues, Is.Empty, string.Join("; ", file.Issues));
        var ds = file.Dataset;
        Assert.That(file.TransferSyntax, Is.EqualTo(DicomTransferSyntax.ExplicitVRBigEndian));
        Assert.That(ds.GetInt(DicomTags.Rows), Is.EqualTo(512));
        Assert.That(ds.GetLongs(new DicomTag(0x0018, 0x9219)), Is.EqualTo(new long[] { -2 }));
        Assert.That(ds.GetTags(DicomTags.FrameIncrementPointer), Is.EqualTo(new[] { new DicomTag(0x0018, 0x1063) }));
        Assert.That(ds.GetDouble(new DicomTag(0x0040, 0x9224)), Is.EqualTo(2.5));
        Assert.That(ds.GetDouble(DicomTags.RescaleIntercept), Is.EqualTo(-1024));
        Assert.That(ds.GetInt(DicomTags.InstanceNumber), Is.EqualTo(42), "strings are not swapped");
        Assert.That(ds.GetItem(DicomTags.ReferencedSeriesSequence)!.GetString(DicomTags.ReferencedSOPClassUID), Is.EqualTo("1.2"));
        Assert.That(ds.GetBytes(DicomTags.PixelData).ToArray(), Is.EqualTo(new byte[] { 2, 1, 4, 3 }), "OW words swapped to little endian");
        Assert.Throws<NotSupportedException>(() => DicomWriter.Encode(ds, DicomTransferSyntax.ExplicitVRBigEndian), "Big Endian is read only");
    }

    [Test]
    public void DeflatedExplicitVRLittleEndianIsRead()
    {
        var original = SampleDatasets.RegistrationWithImage();
        var plain = DicomWriter.Encode(original, Explicit);
        using var ms = new MemoryStream();
        using (var deflate = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(plain); // RFC 1951, no zlib header (PS3.5 A.5)
        var file = DicomFileReader.Read(new RawDataset().Bytes(ms.ToArray()).ToPart10(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid));
        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.TransferSyntax.Deflated, Is.True);
        Assert.That(DicomWriter.Encode(file.Dataset, Explicit), Is.EqualTo(plain));
        Assert.That(DicomFileWriter.Encode(file).Length, Is.GreaterThan(plain.Length), "written back inflated, as Explicit VR Little Endian");
        Assert.That(DicomFileReader.Read(DicomFileWriter.Encode(file)).TransferSyntax, Is.EqualTo(Explicit));
    }

    [Test]
    public void EncapsulatedPixelDataKeepsItsOffsetTableAndFragments()
    {
        const string jpegBaseline = "1.2.840.10008.1.2.4.50";
        var raw = new RawDataset()
            .Explicit(0x0028, 0x0010, "US", [4, 0])
            .ExplicitHeader(0x7FE0, 0x0010, "OB", 0xFFFFFFFF)
            .Item(8).U32(0).U32(14) // Basic Offset Table: two frames
            .Item(6).Bytes(0xFF, 0xD8, 1, 2, 0xFF, 0xD9)
            .Item(4).Bytes(0xFF, 0xD8, 0xFF, 0xD9)
            .SequenceEnd();
        var bytes = raw.ToPart10(jpegBaseline);
        var file = DicomFileReader.Read(bytes);
        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.TransferSyntax.Encapsulated, Is.True);
        var pixels = (DicomFragmentSequence)file.Dataset[DicomTags.PixelData]!;
        Assert.That(pixels.OffsetTable.Length, Is.EqualTo(8));
        Assert.That(pixels.Fragments.Select(f => f.Length), Is.EqualTo(new[] { 6, 4 }));
        Assert.That(DicomWriter.Encode(file.Dataset, Explicit), Is.EqualTo(raw.ToArray()), "written back item for item");
        Assert.That(DicomFileWriter.Encode(file)[^raw.Length..], Is.EqualTo(raw.ToArray()));
        Assert.Throws<NotSupportedException>(() => DicomFileWriter.Encode(file, Implicit), "no decompression, so no transcoding");
    }

    [Test]
    public void DefinedAndUndefinedLengthsAreKeptPerSequenceAndItem()
    {
        var itemA = new RawDataset().Explicit(0x0008, 0x1150, "UI", "1.2\0").ToArray();
        var raw = new RawDataset()
            .ExplicitHeader(0x0008, 0x1115, "SQ", 0xFFFFFFFF) // undefined sequence: a defined item, then an undefined one
            .Item((uint)itemA.Length).Bytes(itemA)
            .Item().Explicit(0x0008, 0x1150, "UI", "3.4\0").ItemEnd()
            .SequenceEnd()
            .ExplicitHeader(0x0008, 0x1140, "SQ", 8 + 12 + 8) // defined sequence holding an undefined item
            .Item().Explicit(0x0008, 0x1150, "UI", "5.6\0").ItemEnd();
        var bytes = raw.ToArray();
        var ds = ReadClean(bytes, Explicit);
        var series = ds.GetSequence(DicomTags.ReferencedSeriesSequence)!;
        Assert.That((series.UndefinedLength, series.Items[0].UndefinedLength, series.Items[1].UndefinedLength), Is.EqualTo((true, false, true)));
        var images = ds.GetSequence(DicomTags.ReferencedImageSequence)!;
        Assert.That((images.UndefinedLength, images.Items[0].UndefinedLength), Is.EqualTo((false, true)));
        Assert.That(DicomWriter.Encode(ds, Explicit), Is.EqualTo(bytes));
        images.UndefinedLength = true;
        Assert.That(ReadClean(DicomWriter.Encode(ds, Explicit), Explicit).GetSequence(DicomTags.ReferencedImageSequence)!.UndefinedLength, Is.True);
    }

    [Test]
    public void UNWithUndefinedLengthIsAnImplicitVRSequence()
    {
        // PS3.5 6.2.2: a sequence whose VR is unknown to the writer is UN of undefined length, its items in Implicit VR LE.
        var raw = new RawDataset()
            .ExplicitHeader(0x0009, 0x0010, "LO", 8).Ascii("ACME 1.0")
            .ExplicitHeader(0x0009, 0x1001, "UN", 0xFFFFFFFF)
            .Item().Implicit(0x0010, 0x0010, "Doe^Jane").Implicit(0x0028, 0x0010, [0, 1]).ItemEnd()
            .SequenceEnd()
            .Explicit(0x0010, 0x0020, "LO", "ID");
        var bytes = raw.ToArray();
        var ds = ReadClean(bytes, Explicit);
        var seq = ds.GetSequence(new DicomTag(0x0009, 0x1001))!;
        Assert.That(seq.VR, Is.EqualTo(DicomVR.UN));
        Assert.That(seq.Items[0][DicomTags.Rows]!.VR, Is.EqualTo(DicomVR.US), "VR from the dictionary, as in Implicit VR");
        Assert.That(seq.Items[0].GetInt(DicomTags.Rows), Is.EqualTo(256));
        Assert.That(ds.GetString(DicomTags.PatientID), Is.EqualTo("ID"), "reading goes on in Explicit VR after it");
        Assert.That(DicomWriter.Encode(ds, Explicit), Is.EqualTo(bytes));
        Assert.That(DicomJsonWriter.Serialize(ds, indented: false), Does.Contain("\"00091001\":{\"vr\":\"SQ\""));
    }

    [Test]
    public void ImplicitVRPrivateElementsTakeTheirVRFromTheirCreator()
    {
        var raw = new RawDataset()
            .Implicit(0x0029, 0x0010, "SOMETHING ELSE")
            .Implicit(0x0029, 0x0011, "SIEMENS CSA HEADER")
            .Implicit(0x0029, 0x1008, "IMAGE NUM 4 ") // block 0x10: creator unknown to the dictionary
            .Implicit(0x0029, 0x1108, "IMAGE NUM 4 ") // block 0x11: SIEMENS CSA HEADER, element 08 is CS
            .Implicit(0x0031, 0x1008, "NO CREATOR");
        var ds = ReadClean(raw.ToArray(), Implicit);
        Assert.That(ds[new DicomTag(0x0029, 0x0011)]!.VR, Is.EqualTo(DicomVR.LO), "private creators are LO (PS3.5 7.8.1)");
        Assert.That(ds[new DicomTag(0x0029, 0x1108)]!.VR, Is.EqualTo(DicomVR.CS));
        Assert.That(ds[new DicomTag(0x0029, 0x1008)]!.VR, Is.EqualTo(DicomVR.UN));
        Assert.That(ds[new DicomTag(0x0031, 0x1008)]!.VR, Is.EqualTo(DicomVR.UN));
        Assert.That(ds.GetString(new DicomTag(0x0029, 0x1108)), Is.EqualTo("IMAGE NUM 4"));
        Assert.That(DicomDictionary.FindPrivate("SIEMENS CSA HEADER", new DicomTag(0x0029, 0x1108))!.Keyword, Is.EqualTo("CSAImageHeaderType"));
    }

    [Test]
    public void RepeatingGroupsAreInTheDictionary()
    {
        var raw = new RawDataset()
            .Implicit(0x5002, 0x0005, [3, 0]) // Curve Dimensions (retired, 50xx)
            .Implicit(0x6002, 0x0010, [0, 2]) // Overlay Rows (60xx)
            .Implicit(0x6002, 0x0022, "Overlay of group 6002 ")
            .Implicit(0x6002, 0x3000, [0xFF, 0x00, 0x0F, 0xF0]); // Overlay Data, OB or OW: OW in Implicit VR
        var ds = ReadClean(raw.ToArray(), Implicit);
        Assert.That(ds[new DicomTag(0x5002, 0x0005)]!.VR, Is.EqualTo(DicomVR.US));
        Assert.That(ds.GetInt(new DicomTag(0x6002, 0x0010)), Is.EqualTo(512));
        Assert.That(ds[new DicomTag(0x6002, 0x0022)]!.VR, Is.EqualTo(DicomVR.LO));
        Assert.That(ds[new DicomTag(0x6002, 0x3000)]!.VR, Is.EqualTo(DicomVR.OW));
        Assert.That(DicomDictionary.KeywordOf(new DicomTag(0x6002, 0x0010)), Is.EqualTo("OverlayRows"));
        Assert.That(DicomDictionary.KeywordOf(new DicomTag(0x6003, 0x0010)), Is.Empty, "odd groups are private, not overlays");
    }

    [Test]
    public void UsOrSsFollowsPixelRepresentationInImplicitVR()
    {
        foreach (var (representation, vr) in new[] { (0, DicomVR.US), (1, DicomVR.SS) })
        {
            var raw = new RawDataset().Implicit(0x0028, 0x0103, [(byte)representation, 0]).Implicit(0x0028, 0x0106, [0x18, 0xFC]);
            var ds = ReadClean(raw.ToArray(), Implicit);
            Assert.That(ds[DicomTags.SmallestImagePixelValue]!.VR, Is.EqualTo(vr));
            Assert.That(ds.GetInt(DicomTags.SmallestImagePixelValue), Is.EqualTo(representation == 1 ? -1000 : 64536));
        }
    }

    [Test]
    public void SpecificCharacterSetIsInheritedByItemsAndOverriddenByTheirOwn()
    {
        var raw = new RawDataset()
            .Explicit(0x0008, 0x0005, "CS", "ISO_IR 100")
            .ExplicitHeader(0x0040, 0xA730, "SQ", 0xFFFFFFFF)
            .Item().Explicit(0x0010, 0x0010, "PN", Encoding.Latin1.GetBytes("Buc^Jérôme")).ItemEnd()
            .Item().Explicit(0x0008, 0x0005, "CS", "ISO_IR 192").Explicit(0x0010, 0x0010, "PN", Encoding.UTF8.GetBytes("Wang^XiaoDong=王^小東")).ItemEnd()
            .SequenceEnd();
        var ds = ReadClean(raw.ToArray(), Explicit);
        var items = ds.GetItems(DicomTags.ContentSequence);
        Assert.That(items[0].GetString(DicomTags.PatientName), Is.EqualTo("Buc^Jérôme"), "inherited ISO_IR 100");
        Assert.That(items[1].GetString(DicomTags.PatientName), Is.EqualTo("Wang^XiaoDong=王^小東"), "the item's own ISO_IR 192");
        var json = DicomJsonWriter.Serialize(ds, indented: false);
        Assert.That(json, Does.Contain("\"Alphabetic\":\"Buc^J\\u00E9r\\u00F4me\"").Or.Contain("Buc^Jérôme"));
        Assert.That(json, Does.Contain("\"Ideographic\":\"\\u738B^\\u5C0F\\u6771\"").Or.Contain("王^小東"));

        // Built in code: an item added to a sequence encodes its text with the character set it inherits.
        var built = new DicomDataset().With(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        var item = new DicomDataset();
        built.SetSequence(DicomTags.ContentSequence, item);
        item.With(DicomTags.PatientName, "Jérôme");
        Assert.That(item.GetBytes(DicomTags.PatientName).ToArray(), Is.EqualTo(Encoding.Latin1.GetBytes("Jérôme")));
    }

    [Test]
    public void UnsupportedCharacterSetIsReportedNotGuessed()
    {
        var ds = new DicomDataset().SetBytes(DicomTags.SpecificCharacterSet, DicomVR.CS, Encoding.ASCII.GetBytes("ISO_IR 999"))
            .SetBytes(DicomTags.PatientName, DicomVR.PN, new byte[] { 0xC4, 0xE9 });
        Assert.That(ds.CharacterSet.UnsupportedTerms, Is.EqualTo(new[] { "ISO_IR 999" }));
        Assert.That(Assert.Throws<DicomCharacterSetException>(() => ds.GetString(DicomTags.PatientName))!.Message, Does.Contain("ISO_IR 999"));
        Assert.Throws<DicomCharacterSetException>(() => DicomJsonWriter.Serialize(ds));
        var tree = new StringWriter();
        new DicomTreeWriter(tree).Write(ds);
        Assert.That(tree.ToString(), Does.Contain("not supported").And.Contain("c4 e9"), "the dump shows the bytes and says why");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void RawDatasetsWithoutPreambleOrMetaAreRead(bool explicitVR)
    {
        var ts = explicitVR ? Explicit : Implicit;
        var bytes = DicomWriter.Encode(SampleDatasets.RegistrationWithImage(), ts);
        var file = DicomFileReader.Read(bytes);
        Assert.That((file.HasPart10Header, file.TransferSyntax), Is.EqualTo((false, ts)));
        Assert.That(file.Issues, Is.Empty);
        Assert.That(DicomWriter.Encode(file.Dataset, ts), Is.EqualTo(bytes));
    }

    [Test]
    public void FileMetaInformationIsCompletedWhenWritten()
    {
        var file = DicomFile.Create(SampleDatasets.RegistrationWithImage(), Implicit);
        var bytes = DicomFileWriter.Encode(file);
        Assert.That(Encoding.ASCII.GetString(bytes, 128, 4), Is.EqualTo("DICM"));
        var back = DicomFileReader.Read(bytes);
        Assert.That(back.Issues, Is.Empty, "group length and every Type 1 element present");
        var meta = back.FileMetaInformation;
        Assert.That(meta.GetString(DicomTags.TransferSyntaxUID), Is.EqualTo(Implicit.Uid));
        Assert.That(meta.GetString(DicomTags.MediaStorageSOPClassUID), Is.EqualTo(DicomUids.SpatialRegistrationStorage));
        Assert.That(meta.GetString(DicomTags.ImplementationClassUID), Is.EqualTo(DicomFileMeta.ImplementationClassUid));
        Assert.That(DicomFileWriter.Encode(back, Explicit), Is.Not.EqualTo(bytes), "another transfer syntax is another encoding");
        Assert.That(DicomFileReader.Read(DicomFileWriter.Encode(back, Explicit)).FileMetaInformation.GetString(DicomTags.TransferSyntaxUID), Is.EqualTo(Explicit.Uid));
    }
}

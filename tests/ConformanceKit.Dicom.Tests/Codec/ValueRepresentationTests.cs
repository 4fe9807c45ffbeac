using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Dicom.Tests.Codec;

/// <summary>
/// Every VR of PS3.5 Table 6.2-1 is set through the dataset API, written in Explicit and Implicit VR Little
/// Endian, read back, and compared: same bytes, same VR (from the header in Explicit VR, from the dictionary
/// in Implicit VR), same typed values, and the Explicit VR header of the right form (PS3.5 7.1.2).
/// </summary>
public class ValueRepresentationTests
{
    private static readonly DicomTransferSyntax Explicit = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;

    // A current standard element whose only VR is this one, so that Implicit VR reading must find it too.
    private static DicomTag TagWithVR(string vr) =>
        new(DicomDictionary.All.First(e => e.VRs == vr && !e.Retired && e.Mask == 0xFFFFFFFF && (e.Tag >> 16) is not (0x0000 or 0x0002 or 0xFFFE)).Tag);

    public static IEnumerable<TestCaseData> StringCases()
    {
        yield return new TestCaseData("AE", @"STORESCP\ARCHIVE", new[] { "STORESCP", "ARCHIVE" });
        yield return new TestCaseData("AS", "045Y", new[] { "045Y" });
        yield return new TestCaseData("CS", @"ORIGINAL\PRIMARY\AXIAL", new[] { "ORIGINAL", "PRIMARY", "AXIAL" });
        yield return new TestCaseData("DA", "20240229", new[] { "20240229" });
        yield return new TestCaseData("DS", @"1.5\-2.25E3\ 7", new[] { "1.5", "-2.25E3", "7" });
        yield return new TestCaseData("DT", "20240229123456.123456+0100", new[] { "20240229123456.123456+0100" });
        yield return new TestCaseData("IS", @"-12\34", new[] { "-12", "34" });
        yield return new TestCaseData("LO", @"  Leading kept? no\second", new[] { "Leading kept? no", "second" });
        yield return new TestCaseData("LT", "  line one\r\nline \\ two", new[] { "  line one\r\nline \\ two" });
        yield return new TestCaseData("PN", @"Doe^Jane^^Dr\Roe^Richard", new[] { "Doe^Jane^^Dr", "Roe^Richard" });
        yield return new TestCaseData("SH", "SHORT", new[] { "SHORT" });
        yield return new TestCaseData("ST", "  short text \\ one value", new[] { "  short text \\ one value" });
        yield return new TestCaseData("TM", "235959.999999", new[] { "235959.999999" });
        yield return new TestCaseData("UC", @"unlimited\characters", new[] { "unlimited", "characters" });
        yield return new TestCaseData("UI", "1.2.840.10008.1.2.1", new[] { "1.2.840.10008.1.2.1" });
        yield return new TestCaseData("UR", "http://example.com/a%20b", new[] { "http://example.com/a%20b" });
        yield return new TestCaseData("UT", "unlimited text \\ with a backslash", new[] { "unlimited text \\ with a backslash" });
    }

    [TestCaseSource(nameof(StringCases))]
    public void StringVRRoundTrips(string vrCode, string text, string[] values)
    {
        var vr = DicomVR.FromString(vrCode);
        var tag = TagWithVR(vrCode);
        var ds = new DicomDataset().SetString(tag, text, vr);
        var value = ((DicomValueElement)ds[tag]!).Value;
        Assert.That(value.Length % 2, Is.Zero, "padded to even length (PS3.5 7.1.1)");
        if (text.Length % 2 == 1) Assert.That(value.Span[^1], Is.EqualTo(vr == DicomVR.UI ? (byte)0 : (byte)' '), "UI pads with NUL, other strings with space");
        foreach (var ts in new[] { Explicit, Implicit })
        {
            var back = RoundTrip(ds, ts, tag, vr);
            Assert.That(back.GetStrings(tag), Is.EqualTo(values), ts.Name);
        }
    }

    [Test]
    public void NumbersInDSAndISAreParsedWithTheInvariantCulture()
    {
        var ds = new DicomDataset().SetString(DicomTags.PixelSpacing, @"0.5\ 1.25E-1").SetString(DicomTags.InstanceNumber, " +7 ");
        Assert.That(ds.GetDoubles(DicomTags.PixelSpacing), Is.EqualTo(new[] { 0.5, 0.125 }));
        Assert.That(ds.GetInt(DicomTags.InstanceNumber), Is.EqualTo(7));
        ds.SetString(DicomTags.SliceThickness, "1,5");
        Assert.Throws<FormatException>(() => ds.GetDoubles(DicomTags.SliceThickness), "a decimal comma is not DS");
    }

    [Test]
    public void BinaryNumberVRsRoundTrip()
    {
        var checks = new (string VR, Action<DicomDataset, DicomTag> Set, Action<DicomDataset, DicomTag> Verify)[]
        {
            ("US", (d, t) => d.SetUInt16(t, 1, 65535), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new long[] { 1, 65535 }))),
            ("SS", (d, t) => d.SetInt16(t, -32768, 7), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new long[] { -32768, 7 }))),
            ("UL", (d, t) => d.SetUInt32(t, uint.MaxValue), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new long[] { uint.MaxValue }))),
            ("SL", (d, t) => d.SetInt32(t, int.MinValue, 3), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new long[] { int.MinValue, 3 }))),
            ("FL", (d, t) => d.SetFloat32(t, 1.5f, -0.1f), (d, t) => Assert.That(d.GetDoubles(t), Is.EqualTo(new double[] { 1.5f, -0.1f }))),
            ("FD", (d, t) => d.SetFloat64(t, Math.PI, -1e300), (d, t) => Assert.That(d.GetDoubles(t), Is.EqualTo(new[] { Math.PI, -1e300 }))),
            ("SV", (d, t) => d.SetBinary<long>(t, DicomVR.SV, [long.MinValue, 5]), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new[] { long.MinValue, 5 }))),
            ("UV", (d, t) => d.SetBinary<ulong>(t, DicomVR.UV, [ulong.MaxValue >> 1]), (d, t) => Assert.That(d.GetLongs(t), Is.EqualTo(new[] { long.MaxValue }))),
            ("AT", (d, t) => d.SetTags(t, DicomTags.PatientName, DicomTags.PixelData),
                (d, t) => Assert.That(d.GetTags(t), Is.EqualTo(new[] { DicomTags.PatientName, DicomTags.PixelData }))),
        };
        foreach (var (vrCode, set, verify) in checks)
        {
            var tag = TagWithVR(vrCode);
            var ds = new DicomDataset();
            set(ds, tag);
            Assert.That(ds[tag]!.VR, Is.EqualTo(DicomVR.FromString(vrCode)));
            foreach (var ts in new[] { Explicit, Implicit }) verify(RoundTrip(ds, ts, tag, DicomVR.FromString(vrCode)), tag);
        }
    }

    [TestCase("OB")]
    [TestCase("OD")]
    [TestCase("OF")]
    [TestCase("OL")]
    [TestCase("OV")]
    [TestCase("OW")]
    public void ByteStreamVRsRoundTrip(string vrCode)
    {
        var vr = DicomVR.FromString(vrCode);
        var tag = TagWithVR(vrCode);
        var bytes = Enumerable.Range(0, 48).Select(i => (byte)(i * 37)).ToArray();
        var ds = new DicomDataset().SetBytes(tag, vr, bytes);
        foreach (var ts in new[] { Explicit, Implicit })
            Assert.That(RoundTrip(ds, ts, tag, vr).GetBytes(tag).ToArray(), Is.EqualTo(bytes));
    }

    [Test]
    public void UNRoundTripsAndStaysUNWithoutADictionaryEntry()
    {
        var tag = new DicomTag(0x0009, 0x1001); // private, no creator: nothing can tell its VR
        var ds = new DicomDataset().SetBytes(tag, DicomVR.UN, "raw\0"u8.ToArray());
        foreach (var ts in new[] { Explicit, Implicit })
            Assert.That(RoundTrip(ds, ts, tag, DicomVR.UN).GetBytes(tag).ToArray(), Is.EqualTo("raw\0"u8.ToArray()));
    }

    [Test]
    public void SequencesNestAndKeepTheirItems()
    {
        var inner = new DicomDataset().With(DicomTags.CodeValue, "121322").With(DicomTags.CodingSchemeDesignator, "DCM");
        var ds = new DicomDataset().SetSequence(DicomTags.ConceptNameCodeSequence, inner, new DicomDataset());
        foreach (var ts in new[] { Explicit, Implicit })
        {
            var back = RoundTrip(ds, ts, DicomTags.ConceptNameCodeSequence, DicomVR.SQ);
            Assert.That(back.GetItems(DicomTags.ConceptNameCodeSequence), Has.Count.EqualTo(2));
            Assert.That(back.GetItem(DicomTags.ConceptNameCodeSequence)!.GetString(DicomTags.CodeValue), Is.EqualTo("121322"));
            Assert.That(back.GetItems(DicomTags.ConceptNameCodeSequence)[1].Count, Is.Zero, "an empty item stays");
        }
    }

    [Test]
    public void ExplicitHeadersUseTheLengthFieldOfTheirVR()
    {
        foreach (var code in new[] { "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US" })
            Assert.That(HeaderLength(code), Is.EqualTo(8), $"{code}: 16-bit length (PS3.5 Table 7.1-2)");
        foreach (var code in new[] { "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" })
            Assert.That(HeaderLength(code), Is.EqualTo(12), $"{code}: reserved bytes and 32-bit length (PS3.5 Table 7.1-1)");

        static int HeaderLength(string code)
        {
            var vr = DicomVR.FromString(code);
            var ds = new DicomDataset().SetBytes(new DicomTag(0x0011, 0x1001), vr, new byte[4]);
            return DicomWriter.Encode(ds, Explicit).Length - 4;
        }
    }

    [Test]
    public void ValueTooLongForA16BitLengthIsWrittenAsUN()
    {
        var tag = DicomTags.ReferencedFrameNumber; // IS
        var ds = new DicomDataset().SetBytes(tag, DicomVR.IS, Encoding.ASCII.GetBytes(string.Join('\\', Enumerable.Repeat("1234567", 9000))));
        var bytes = DicomWriter.Encode(ds, Explicit);
        Assert.That(Encoding.ASCII.GetString(bytes, 4, 2), Is.EqualTo("UN"), "PS3.5 6.2.2 note: only UN can carry it");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), Is.EqualTo(71999));
    }

    private static DicomDataset RoundTrip(DicomDataset ds, DicomTransferSyntax ts, DicomTag tag, DicomVR expectedVR)
    {
        var bytes = DicomWriter.Encode(ds, ts);
        var reader = new DicomDatasetReader(bytes, ts);
        var back = reader.Read();
        Assert.That(reader.Issues, Is.Empty, $"{ts.Name}: {string.Join("; ", reader.Issues)}");
        Assert.That(back[tag]!.VR, Is.EqualTo(expectedVR), $"{ts.Name}: VR of {tag}");
        Assert.That(DicomWriter.Encode(back, ts), Is.EqualTo(bytes), $"{ts.Name}: same bytes again");
        return back;
    }
}

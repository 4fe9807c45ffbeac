using System.Globalization;
using CsCheck;

namespace ConformanceKit.Dicom.Tests.Codec;

/// <summary>DS formatting, DA/TM/DT and PN parsing (PS3.5 Table 6.2-1 and 6.2.1).</summary>
public class ValueCodecTests
{
    [Test]
    public void AnyFiniteDoubleFitsInSixteenCharactersOfDS()
    {
        Gen.Double.Where(double.IsFinite).Sample(v =>
        {
            var s = DicomValueCodec.FormatDecimal(v);
            if (s.Length > 16) throw new Exception($"{v:R} -> '{s}' has {s.Length} characters");
            var back = DicomValueCodec.ParseDecimal(s);
            // 16 characters keep at least 10 significant digits for every magnitude (sign, point, exponent included).
            if (Math.Abs(back - v) > Math.Abs(v) * 1e-10 && !(Math.Abs(v) < 1e-300 && Math.Abs(back) < 1e-300))
                throw new Exception($"{v:R} -> '{s}' -> {back:R}");
        }, iter: 20000);
    }

    [TestCase(0.0, "0")]
    [TestCase(-1.0, "-1")]
    [TestCase(0.1, "0.1")]
    [TestCase(-0.0871557427476582, "-0.0871557427477")]
    [TestCase(123456789012345678.0, "1.23456789012E17")]
    [TestCase(1e-20, "1E-20")]
    public void DecimalStringsAreShortAndInvariant(double value, string expected) =>
        Assert.That(DicomValueCodec.FormatDecimal(value), Is.EqualTo(expected));

    [Test]
    public void NonFiniteNumbersCannotBeDS()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DicomValueCodec.FormatDecimal(double.NaN));
        Assert.Throws<FormatException>(() => DicomValueCodec.ParseDecimal("NaN"));
        Assert.Throws<FormatException>(() => DicomValueCodec.ParseDecimal("Infinity"));
    }

    [TestCase("20240229", 2024, 2, 29)]
    [TestCase("2024.02.29", 2024, 2, 29)]
    public void DatesParse(string text, int y, int m, int d) => Assert.That(DicomValueCodec.ParseDate(text), Is.EqualTo(new DateOnly(y, m, d)));

    [TestCase("20230229")]
    [TestCase("2024022")]
    [TestCase("")]
    public void BadDatesAreNull(string text) => Assert.That(DicomValueCodec.ParseDate(text), Is.Null);

    [TestCase("07", "07:00:00")]
    [TestCase("0730", "07:30:00")]
    [TestCase("073015.25", "07:30:15.2500000")]
    [TestCase("07:30:15", "07:30:15")]
    [TestCase("235960", "23:59:59")]
    public void TimesParse(string text, string expected) =>
        Assert.That(DicomValueCodec.ParseTime(text), Is.EqualTo(TimeOnly.Parse(expected, CultureInfo.InvariantCulture)));

    [TestCase("2460")]
    [TestCase("0730.1234567")]
    [TestCase("7")]
    public void BadTimesAreNull(string text) => Assert.That(DicomValueCodec.ParseTime(text), Is.Null);

    [Test]
    public void DateTimesParseWithOffsetAndPrecision()
    {
        Assert.That(DicomValueCodec.ParseDateTime("20240229123456.5-0500"),
            Is.EqualTo(new DateTimeOffset(2024, 2, 29, 12, 34, 56, 500, TimeSpan.FromHours(-5))));
        Assert.That(DicomValueCodec.ParseDateTime("2024"), Is.EqualTo(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(DicomValueCodec.ParseDateTime("202402+01"), Is.Null, "offset must be four digits");
    }

    // Found by fuzzing (part10 target): values shorter than a year, offsets beyond PS3.5's range, and offsets that
    // push the instant outside the representable range must read as malformed, never throw.
    [TestCase("12")]
    [TestCase("-1")]
    [TestCase("20240229+9999")]
    [TestCase("20240229-1260")]
    [TestCase("00010101+1400")]
    [TestCase("99991231235959-1200")]
    public void MalformedDateTimesAreNull(string text) => Assert.That(DicomValueCodec.ParseDateTime(text), Is.Null);

    [Test]
    public void PersonNamesSplitIntoGroupsAndComponents()
    {
        var pn = DicomPersonName.Parse("Yamada^Tarou^^Dr=山田^太郎=やまだ^たろう");
        Assert.That((pn.FamilyName, pn.GivenName, pn.Prefix), Is.EqualTo(("Yamada", "Tarou", "Dr")));
        Assert.That(pn.Ideographic, Is.EqualTo("山田^太郎"));
        Assert.That(pn.Phonetic, Is.EqualTo("やまだ^たろう"));
        Assert.That(DicomPersonName.Parse("Doe^John^^^").Normalized, Is.EqualTo("Doe^John"));
        Assert.That(DicomJsonWriter.NormalizePersonName("Doe^John^^=^^"), Is.EqualTo("Doe^John"));
    }
}

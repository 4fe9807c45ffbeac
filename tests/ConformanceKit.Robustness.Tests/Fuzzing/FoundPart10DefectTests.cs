using ConformanceKit.Fuzz.Targets;
using ConformanceKit.Robustness.Tests.Support;

namespace ConformanceKit.Robustness.Tests.Fuzzing;

/// <summary>The Part 10 fuzz target's findings, each kept as the smallest input that showed it.</summary>
public class FoundPart10DefectTests
{
    private static byte[] CtWith(DicomTag tag, string value)
    {
        var ds = SyntheticCt.Series(1, 8, 8, seed: "dt")[0];
        ds.SetString(tag, value);
        return DicomFileWriter.Encode(DicomFile.Create(ds));
    }

    [TestCase("12")]
    [TestCase("20240229+9999")]
    [TestCase("00010101+1400")]
    public void AMalformedDateTimeIsAFindingNotAnException(string value)
    {
        // Before the fix the value checks threw ArgumentOutOfRangeException (IndexOfAny past the end, an offset
        // DateTimeOffset cannot hold): ck validate reported the object as unreadable, the fuzz target as a crash.
        var outcome = new Part10Target().Run(CtWith(DicomTags.AcquisitionDateTime, value));
        Assert.That(outcome, Does.StartWith("read"));
        RobustnessFigures.Record("defect-part10-dt", new
        {
            Defect = "a DT value shorter than a year, or with an offset beyond -1200..+1400, made the value checks throw " +
                     "(ck validate called the object unreadable); now it is a malformed value",
        });
    }

    [Test]
    public void ADeflatedInputPastTheTargetsInflateBudgetIsRefused()
    {
        // 100 MiB of zeros deflates to about 100 KiB: without a budget one input would hold 100 MiB and more while
        // the smoke run's host is capped at 768 MiB.
        var ds = SyntheticCt.Series(1, 8, 8, seed: "budget")[0];
        ds.SetBytes(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[100 << 20]);
        Assert.That(new Part10Target().Run(DeflatedFiles.Encode(ds)), Does.StartWith("rejected").And.Contain("inflates beyond"));
    }
}

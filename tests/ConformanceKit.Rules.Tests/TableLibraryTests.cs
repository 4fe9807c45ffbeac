using ConformanceKit.Dicom;
using ConformanceKit.Rules.Iod;
using ConformanceKit.Rules.Tables;

namespace ConformanceKit.Rules.Tests;

/// <summary>The table format: loading errors name the document and line; conditions evaluate; module VM narrowing is checked.</summary>
public class TableLibraryTests
{
    [Test]
    public void BuiltInTablesLoadAndCoverTheRegIods()
    {
        var t = TableLibrary.Default;
        foreach (var uid in new[] { DicomUids.SpatialRegistrationStorage, DicomUids.CTImageStorage, DicomUids.MRImageStorage,
                     DicomUids.PositronEmissionTomographyImageStorage, DicomUids.RTStructureSetStorage, DicomUids.RTDoseStorage })
            Assert.That(t.ForSopClass(uid), Is.Not.Null, uid);
        var registration = t.Modules["SpatialRegistration"].Attributes.Single(a => a.Keyword == "RegistrationSequence");
        var matrix = registration.Children.Single(a => a.Keyword == "MatrixRegistrationSequence").Children.Single(a => a.Keyword == "MatrixSequence")
            .Children.Single(a => a.Keyword == "FrameOfReferenceTransformationMatrix");
        Assert.That(matrix.VR, Is.EqualTo(DicomVR.DS));
        Assert.That(matrix.VM.ToString(), Is.EqualTo("16"));
    }

    [TestCase("modules:\n  M:\n    name: M\n    source: s\n    attrs:\n      - {kw: NoSuchKeyword, type: \"1\"}\n", "line 6", "not a PS3.6 keyword")]
    [TestCase("modules:\n  M:\n    name: M\n    source: s\n    attrs:\n      - {kw: PatientName, type: \"4\"}\n", "line 6", "not an attribute type")]
    [TestCase("modules:\n  M:\n    name: M\n    source: s\n    attrs:\n      - {kw: PatientName, type: 1C, if: \"present(Nope)\"}\n", "line 6", "unknown keyword 'Nope'")]
    [TestCase("modules:\n  M:\n    name: M\n    source: s\n    attrs:\n      - {include: Missing}\n", "line 6", "unknown macro")]
    [TestCase("modules:\n  M: [1, 2\n", "line", "")]
    [TestCase("iods:\n  I:\n    name: I\n    source: s\n    modules:\n      - {module: Nope, usage: M}\n", "line 6", "unknown module")]
    public void WrongYamlFailsWithDocumentAndLine(string yaml, string where, string what)
    {
        var e = Assert.Throws<FormatException>(() => TableLibrary.Load([("test.yaml", yaml)]))!;
        Assert.That(e.Message, Does.StartWith("test.yaml: " + where));
        Assert.That(e.Message, Does.Contain(what));
    }

    [Test]
    public void ModuleVmNarrowingIsReported()
    {
        const string yaml = "modules:\n  M:\n    name: M\n    source: s\n    attrs:\n      - {kw: ImageType, type: \"1\", vm: \"4\"}\n" +
                            "iods:\n  I:\n    name: I\n    source: s\n    sop_classes: [1.2.3]\n    modules:\n      - {module: M, usage: M}\n";
        var tables = TableLibrary.Load([("vm.yaml", yaml)]);
        var ds = new DicomDataset().With(DicomTags.SOPClassUID, "1.2.3").With(DicomTags.ImageType, "ORIGINAL\\PRIMARY");
        var sink = new FindingSink(ProfileMode.Gen);
        new IodChecker(tables).Check(ds, new ObjectFindings(sink, new ObjectRef(null, null, "t")));
        Assert.That(sink.Findings.Single().Rule.Id, Is.EqualTo("DCM-VR-006"));
        Assert.That(sink.Findings.Single().Expected, Is.EqualTo("VM 4"));
    }

    [TestCase("present(PatientName) and not absent(PatientID)", true)]
    [TestCase("value(ImageType, 2) == \"PRIMARY\"", true)]
    [TestCase("value(ImageType) in [\"DERIVED\", \"X\"]", false)]
    [TestCase("contains(ImageType, \"AXIAL\")", true)]
    [TestCase("number(Rows) > 100 or count(ImageType) == 3", true)]
    [TestCase("has(PatientID)", false)]
    [TestCase("count(ReferencedImageSequence) >= 1", false)]
    public void ConditionsEvaluate(string condition, bool expected)
    {
        var ds = new DicomDataset().With(DicomTags.PatientName, "A^B").SetEmpty(DicomTags.PatientID)
            .SetStrings(DicomTags.ImageType, ["ORIGINAL", "PRIMARY", "AXIAL"]).SetUInt16(DicomTags.Rows, 64);
        Assert.That(Condition.Parse(condition).Evaluate(ds), Is.EqualTo(expected));
    }

    [Test]
    public void ConditionsReachTheEnclosingDataset()
    {
        var item = new DicomDataset();
        var ds = new DicomDataset().With(DicomTags.DoseSummationType, "BEAM").SetSequence(DicomTags.ReferencedRTPlanSequence, item);
        Assert.That(Condition.Parse("value(../DoseSummationType) == \"BEAM\"").Evaluate(ds.GetItem(DicomTags.ReferencedRTPlanSequence)!), Is.True);
        Assert.That(Condition.Parse("present(ReferencedRTPlanSequence/ReferencedSOPClassUID)").Evaluate(ds), Is.False);
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Comparison;

namespace ConformanceKit.Scenarios.Tests;

public class DatasetComparisonTests
{
    private static DicomDataset Sro() => TestObjects.Sro("P", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5.1");

    [Test]
    public void Identical_datasets_have_no_difference_in_either_mode()
    {
        var a = Sro();
        Assert.That(DatasetComparison.Compare(a, a.Clone(), ComparisonMode.Bytes), Is.Empty);
        Assert.That(DatasetComparison.Compare(a, a.Clone(), ComparisonMode.Attributes), Is.Empty);
    }

    [Test]
    public void A_reformatted_matrix_value_is_found_with_its_path()
    {
        var sent = Sro();
        var back = sent.Clone();
        var matrix = back.GetItems(DicomTags.RegistrationSequence)[1].GetItem(DicomTags.MatrixRegistrationSequence)!.GetItem(DicomTags.MatrixSequence)!;
        matrix.SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, 0.99619, 0.08716, 0, 0, -0.08716, 0.99619, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
        var d = DatasetComparison.Compare(sent, back, ComparisonMode.Attributes).Single();
        Assert.That(d.Kind, Is.EqualTo(DifferenceKind.ValueChanged));
        Assert.That(d.Path, Is.EqualTo("RegistrationSequence(0070,0308)[2]/MatrixRegistrationSequence(0070,0309)[1]/MatrixSequence(0070,030A)[1]/FrameOfReferenceTransformationMatrix(3006,00C6)"));
        Assert.That(d.Expected, Does.StartWith("\"0.996195\\0.087156"));
        Assert.That(d.Found, Does.StartWith("\"0.99619\\0.08716"));
    }

    [Test]
    public void Padding_differs_only_in_byte_mode()
    {
        var sent = new DicomDataset().SetBytes(DicomTags.ContentLabel, DicomVR.CS, "REG "u8.ToArray());
        var back = new DicomDataset().SetBytes(DicomTags.ContentLabel, DicomVR.CS, "REG\0"u8.ToArray());
        Assert.That(DatasetComparison.Compare(sent, back, ComparisonMode.Attributes), Is.Empty);
        var d = DatasetComparison.Compare(sent, back, ComparisonMode.Bytes).Single();
        Assert.That(d.Expected, Does.Contain("[space-padded]"));
        Assert.That(d.Found, Does.Contain("[NUL-padded]"));
    }

    [Test]
    public void Missing_added_and_vr_changes_are_told_apart()
    {
        var sent = new DicomDataset().With(DicomTags.Manufacturer, "ACME").With(DicomTags.ContentDescription, "x");
        sent.SetEmpty(DicomTags.ContentCreatorName);
        var back = new DicomDataset().With(DicomTags.Manufacturer, "ACME").With(DicomTags.StationName, "S1");
        back.SetBytes(DicomTags.ContentDescription, DicomVR.UN, "x "u8.ToArray());
        var diffs = DatasetComparison.Compare(sent, back, ComparisonMode.Attributes);
        Assert.That(diffs.Select(x => (x.Kind, x.Path)), Is.EqualTo(new[]
        {
            (DifferenceKind.Added, "StationName(0008,1010)"),
            (DifferenceKind.VrChanged, "ContentDescription(0070,0081)"),
            (DifferenceKind.Missing, "ContentCreatorName(0070,0084)"),
        }));
    }

    [Test]
    public void Dropped_sequence_item_changes_the_count_and_keeps_comparing_the_rest()
    {
        var sent = Sro();
        var back = sent.Clone();
        back.GetSequence(DicomTags.RegistrationSequence)!.Items.RemoveAt(1);
        var d = DatasetComparison.Compare(sent, back, ComparisonMode.Bytes);
        Assert.That(d.Single().Kind, Is.EqualTo(DifferenceKind.ItemCountChanged));
        Assert.That((d[0].Expected, d[0].Found), Is.EqualTo(("2", "1")));
    }

    [Test]
    public void Ignored_attributes_and_group_lengths_are_not_compared()
    {
        var sent = new DicomDataset().With(DicomTags.StationName, "A");
        sent.SetUInt32(new DicomTag(0x0008, 0x0000), 10);
        var back = new DicomDataset().With(DicomTags.StationName, "B");
        Assert.That(DatasetComparison.Compare(sent, back, ComparisonMode.Bytes, new HashSet<DicomTag> { DicomTags.StationName }), Is.Empty);
    }

    [Test]
    public void Pixel_data_bytes_are_compared()
    {
        var sent = TestObjects.Ct("P", "1", "2", "3", 1);
        var back = sent.Clone();
        back.SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 3, 0, 9, 0 });
        Assert.That(DatasetComparison.Compare(sent, back, ComparisonMode.Attributes).Single().Path, Does.StartWith("PixelData"));
    }
}

namespace ConformanceKit.Network.Tests.Associations;

/// <summary>Identifying files to send: the quick meta-group walk agrees with the full reader, and raw datasets still work.</summary>
public class StoreItemTests
{
    [TestCase("1.2.840.10008.1.2.1")]
    [TestCase("1.2.840.10008.1.2")]
    public async Task APart10FileIsIdentifiedFromItsMetaGroupAndSentAsStored(string syntax)
    {
        using var dir = new TempDirectory();
        var ds = SyntheticCt.Series(1, 16, 16, seed: "store-item")[0];
        var path = dir.Combine("a.dcm");
        DicomFileWriter.Write(path, DicomFile.Create(ds, DicomTransferSyntax.FromUid(syntax)));
        var item = StoreItem.FromFile(path);
        var file = DicomFileReader.Read(path);
        Assert.That((item.SopClassUid, item.SopInstanceUid, item.TransferSyntax.Uid),
            Is.EqualTo((DicomUids.CTImageStorage, ds.GetString(DicomTags.SOPInstanceUID), syntax)));
        Assert.That((await item.Dataset.ReadAllAsync(default)).ToArray(), Is.EqualTo(File.ReadAllBytes(path)[(int)file.DatasetOffset..]));
    }

    [Test]
    public void ARawDatasetWithoutMetaGroupFallsBackToTheFullReader()
    {
        using var dir = new TempDirectory();
        var ds = SyntheticCt.Series(1, 16, 16, seed: "raw")[0];
        var path = dir.Combine("raw.dcm");
        File.WriteAllBytes(path, DicomWriter.Encode(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        var item = StoreItem.FromFile(path);
        Assert.That(item.SopInstanceUid, Is.EqualTo(ds.GetString(DicomTags.SOPInstanceUID)));
        Assert.That(item.Dataset.Length, Is.EqualTo(new FileInfo(path).Length));
    }

    [Test]
    public void AFileThatIsNotDicomIsRefusedWithAReason()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("notes.txt");
        File.WriteAllText(path, "these are not the pixels you are looking for");
        Assert.Throws<DicomReadException>(() => StoreItem.FromFile(path));
    }
}

using ConformanceKit.Dicom;

namespace ConformanceKit.Testing;

/// <summary>Helpers to compare what a peer stored with what was sent: the dataset part of Part 10 files, byte for byte.</summary>
public static class PeerFiles
{
    /// <summary>The dataset part (everything after the File Meta Information) of a Part 10 file, and its SOP Instance UID.</summary>
    public static (string SopInstanceUid, byte[] Dataset, string TransferSyntax) DatasetOf(byte[] fileBytes)
    {
        var file = DicomFileReader.Read(fileBytes, new DicomReadOptions { StopAfter = DicomTags.SOPInstanceUID });
        return (file.Dataset.GetString(DicomTags.SOPInstanceUID)!, fileBytes[(int)file.DatasetOffset..], file.TransferSyntax.Uid);
    }

    /// <summary>Every Part 10 file under a folder, by SOP Instance UID.</summary>
    public static Dictionary<string, byte[]> DatasetsIn(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Select(p => DatasetOf(File.ReadAllBytes(p)))
            .ToDictionary(d => d.SopInstanceUid, d => d.Dataset);

    /// <summary>Asserts that each sent file arrived with the same dataset bytes.</summary>
    public static void AssertSameDatasets(IEnumerable<string> sentFiles, IReadOnlyDictionary<string, byte[]> received)
    {
        foreach (var path in sentFiles)
        {
            var (uid, sent, _) = DatasetOf(File.ReadAllBytes(path));
            Assert.That(received.ContainsKey(uid), Is.True, $"{Path.GetFileName(path)} ({uid}) did not arrive");
            Assert.That(received[uid].Length, Is.EqualTo(sent.Length), $"{uid}: dataset length");
            Assert.That(received[uid].AsSpan().SequenceEqual(sent), Is.True, $"{uid}: dataset bytes differ");
        }
    }

    /// <summary>A small CT series written as Part 10 files in a folder.</summary>
    public static IReadOnlyList<string> SmallSeries(TempDirectory dir, string seed, int count = 3) =>
        SyntheticCt.WriteFiles(SyntheticCt.Series(count, 64, 64, seed: seed), dir.Combine("sent"));

    public static string[] Args(params object[] parts) => parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)!).ToArray();
}

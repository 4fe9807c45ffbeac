using ConformanceKit.Dicom;
using ConformanceKit.Testing;

namespace ConformanceKit.Scenarios.Tests;

/// <summary>Small DICOM objects made by code for the scenario tests.</summary>
internal static class TestObjects
{
    public static DicomDataset Ct(string patientId, string study, string series, string frame, int number) =>
        TinyObjects.Ct(patientId, study, series, frame, number);

    public static DicomDataset Sro(string patientId, string study, string series, string baseFrame, string movingFrame, string referencedImage) =>
        TinyObjects.Sro(patientId, study, series, baseFrame, movingFrame, referencedImage);

    /// <summary>Writes a folder with 3 CT slices and one SRO; returns its path.</summary>
    public static string WriteFolder(string root)
    {
        Directory.CreateDirectory(root);
        const string study = "1.2.3.4.100", series = "1.2.3.4.101", frame = "1.2.3.4.102";
        for (var i = 1; i <= 3; i++)
            DicomFileWriter.Write(Path.Combine(root, $"ct{i}.dcm"), DicomFile.Create(Ct("PAT1", study, series, frame, i)));
        DicomFileWriter.Write(Path.Combine(root, "reg.dcm"), DicomFile.Create(Sro("PAT1", study, "1.2.3.4.200", frame, "1.2.3.4.300", series + ".1")));
        File.WriteAllText(Path.Combine(root, "notes.txt"), "not DICOM");
        return root;
    }

    public static string TempDirectory()
    {
        var d = Path.Combine(Path.GetTempPath(), "ck-scn-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}

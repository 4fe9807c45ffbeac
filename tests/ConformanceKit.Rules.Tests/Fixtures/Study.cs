using ConformanceKit.Dicom;
using ConformanceKit.Geometry.Phantoms;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>
/// A correct REG data set from the geometry layer's phantom generator ("mmro2-small": CT base, MR and PET
/// in their own Frames of Reference with the MMRO-II transforms, two SROs, an RT Structure Set with contours
/// and an RT Dose on the CT). Each call returns fresh copies, so a fixture can edit its objects freely.
/// </summary>
public sealed record Study(
    List<DicomDataset> Ct, List<DicomDataset> Mr, List<DicomDataset> Pet,
    DicomDataset SroMr, DicomDataset SroPet, DicomDataset StructureSet, DicomDataset Dose)
{
    /// <summary>Six slices per series: enough for contours on several CT slices, small enough for a fast test.</summary>
    public const int Slices = 6;

    private static readonly Lazy<PhantomSet> Generated = new(() =>
        PhantomGenerator.Generate(PhantomPresets.Get("mmro2-small", new PhantomOptions(Slices: Slices))));

    /// <summary>The phantom set as generated (shared, read-only by convention).</summary>
    public static PhantomSet Set => Generated.Value;

    public static Study Phantom()
    {
        var set = Generated.Value;
        List<DicomDataset> Images(string modality) => set[modality].Datasets.Select(d => d.Clone()).ToList();
        DicomDataset Sro(string modality) => set.Registrations.Single(r => r.MovingModality == modality).Dataset.Clone();
        return new Study(Images("CT"), Images("MR"), Images("PT"), Sro("MR"), Sro("PT"),
            set.StructureSet!.Clone(), set.Dose!.Clone());
    }

    public IEnumerable<DicomDataset> Images => Ct.Concat(Mr).Concat(Pet);

    /// <summary>Every object with a file name that says what it is.</summary>
    public IEnumerable<(string Name, DicomDataset Dataset)> Objects()
    {
        for (var i = 0; i < Ct.Count; i++) yield return ($"CT{i + 1}.dcm", Ct[i]);
        for (var i = 0; i < Mr.Count; i++) yield return ($"MR{i + 1}.dcm", Mr[i]);
        for (var i = 0; i < Pet.Count; i++) yield return ($"PT{i + 1}.dcm", Pet[i]);
        yield return ("SRO_MR.dcm", SroMr);
        yield return ("SRO_PET.dcm", SroPet);
        yield return ("RTSS.dcm", StructureSet);
        yield return ("RTDOSE.dcm", Dose);
    }

    public IEnumerable<DicomFile> Files() =>
        Objects().Select(o => new DicomFile(DicomFileMeta.Build(o.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian), o.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian)
        {
            Path = o.Name, HasPart10Header = true,
        }).ToList();

    /// <summary>Writes every object as a Part 10 file under <paramref name="folder"/>; returns the paths.</summary>
    public IReadOnlyList<string> WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var (name, ds) in Objects())
        {
            var path = Path.Combine(folder, name);
            DicomFileWriter.Write(path, DicomFile.Create(ds));
            paths.Add(path);
        }
        return paths;
    }
}

using System.Security.Cryptography;
using System.Text;
using ConformanceKit.Dicom;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// Makes a scenario run's objects its own, so runs never collide on a shared archive: every instance UID
/// (study, series, SOP instance, Frame of Reference, and every reference to them) is replaced by a UID
/// derived from the run and scenario (consistently, so references still resolve), and each Patient ID
/// gets a short suffix. Class UIDs (SOP class, transfer syntax, coding scheme) and registered UIDs are kept.
/// </summary>
public sealed class RunIdentity
{
    private readonly string _seed;
    private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);

    public RunIdentity(string runId, string scenarioId)
    {
        _seed = runId + "/" + scenarioId;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(_seed));
        // 8 characters of Crockford base 32: 40 bits, so two runs share a suffix about once in 10^12.
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var bits = BitConverter.ToUInt64(hash, 0);
        var tag = new StringBuilder(8);
        for (var i = 0; i < 8; i++) { tag.Append(alphabet[(int)(bits & 31)]); bits >>= 5; }
        Tag = tag.ToString();
    }

    /// <summary>The suffix added to Patient IDs in this scenario run.</summary>
    public string Tag { get; }

    public string MapUid(string original)
    {
        if (original.Length == 0 || DicomUidRegistry.Find(original) is not null) return original;
        if (!_uids.TryGetValue(original, out var mapped))
            _uids[original] = mapped = DicomUidGenerator.FromSeed(_seed + "/" + original);
        return mapped;
    }

    /// <summary>Patient ID with the run suffix; LO holds at most 64 characters (PS3.5 Table 6.2-1).</summary>
    public string MapPatientId(string original)
    {
        var suffix = "-" + Tag;
        var head = original.Length + suffix.Length > 64 ? original[..(64 - suffix.Length)] : original;
        return head + suffix;
    }

    /// <summary>A copy of a file whose dataset (and meta SOP Instance UID) carry this run's identity.</summary>
    public DicomFile Apply(DicomFile file)
    {
        var dataset = file.Dataset.Clone();
        Rewrite(dataset);
        var meta = file.FileMetaInformation.Clone();
        if (meta.GetString(DicomTags.MediaStorageSOPInstanceUID) is { Length: > 0 } m)
            meta.SetString(DicomTags.MediaStorageSOPInstanceUID, MapUid(m));
        return new DicomFile(meta, dataset, file.TransferSyntax) { Preamble = file.Preamble, HasPart10Header = file.HasPart10Header, Path = file.Path };
    }

    private void Rewrite(DicomDataset ds)
    {
        foreach (var e in ds.ToList())
        {
            switch (e)
            {
                case DicomSequence sq:
                    foreach (var item in sq.Items) Rewrite(item);
                    break;
                case DicomValueElement v when v.VR == DicomVR.UI && v.Length > 0 && IsInstanceUid(v.Tag):
                    ds.SetStrings(v.Tag, ds.GetStrings(v.Tag).Select(MapUid), DicomVR.UI);
                    break;
                case DicomValueElement v when v.Tag == DicomTags.PatientID && v.Length > 0:
                    ds.SetString(v.Tag, MapPatientId(ds.GetString(v.Tag) ?? ""), v.VR);
                    break;
            }
        }
    }

    // Class-like UIDs name a kind of thing, not an instance, and must survive unchanged.
    private static bool IsInstanceUid(DicomTag tag)
    {
        var keyword = DicomDictionary.KeywordOf(tag);
        return !(keyword.EndsWith("ClassUID", StringComparison.Ordinal) ||
                 keyword.EndsWith("TransferSyntaxUID", StringComparison.Ordinal) ||
                 keyword is "CodingSchemeUID" or "ContextUID" or "MappingResourceUID" or "ContextGroupExtensionCreatorUID" or "PrivateInformationCreatorUID");
    }
}

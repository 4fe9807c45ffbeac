using System.Security.Cryptography;
using System.Text;

namespace ConformanceKit.Dicom;

/// <summary>
/// Replaces the patient attributes of datasets kept as evidence, consistently for one run: the same Patient ID (or
/// name) gets the same pseudonym in every object of the run, so that evidence still shows which objects belong
/// together, and another run gets other pseudonyms (the key is random and never written anywhere). Identifying
/// patient attributes that no check needs are removed, the birth date is emptied (Type 2). Only patient attributes
/// are touched, in every nested item too: UIDs, dates and geometry stay, since the evidence must still prove what
/// was checked; this is therefore not the full PS3.15 Annex E Basic Profile, and Patient Identity Removed is not set.
/// </summary>
public sealed class DicomDeidentifier
{
    /// <summary>Replaced by a pseudonym derived from the original value.</summary>
    private static readonly DicomTag PatientName = new(0x0010, 0x0010), PatientId = new(0x0010, 0x0020);

    /// <summary>Kept present but emptied (Type 2 in the Patient Module, PS3.3 C.7.1.1).</summary>
    private static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);

    /// <summary>
    /// Removed: the other patient identification and demographic attributes of PS3.15 Table E.1-1 that name or locate
    /// a person (issuer, birth time, other IDs and names, birth name, address, mother's birth name, telephone numbers,
    /// medical record locator, ethnic group, comments, additional history).
    /// </summary>
    public static readonly IReadOnlyList<DicomTag> RemovedAttributes =
    [
        new(0x0010, 0x0021), new(0x0010, 0x0032), new(0x0010, 0x1000), new(0x0010, 0x1001), new(0x0010, 0x1002),
        new(0x0010, 0x1005), new(0x0010, 0x1040), new(0x0010, 0x1060), new(0x0010, 0x1090), new(0x0010, 0x2154),
        new(0x0010, 0x2160), new(0x0010, 0x21B0), new(0x0010, 0x4000),
    ];

    private readonly byte[] _key;

    /// <param name="key">the run's secret; the same key gives the same pseudonyms</param>
    public DicomDeidentifier(byte[] key) => _key = key.ToArray();

    /// <summary>A de-identifier with a fresh random key: pseudonyms hold within its run only.</summary>
    public static DicomDeidentifier ForNewRun() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>A de-identified copy of <paramref name="dataset"/>; the original is not changed.</summary>
    public DicomDataset Apply(DicomDataset dataset)
    {
        var copy = dataset.Clone();
        Replace(copy);
        return copy;
    }

    /// <summary>The pseudonym of a value: stable for this de-identifier, unrelated across keys.</summary>
    public string Pseudonym(string value)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value.Trim()));
        return Convert.ToHexString(mac, 0, 5); // 40 bits: collisions are negligible among the patients of one run
    }

    private void Replace(DicomDataset ds)
    {
        foreach (var sequence in ds.OfType<DicomSequence>())
            foreach (var item in sequence.Items) Replace(item);
        if (Text(ds, PatientId) is { } id) ds.SetString(PatientId, "ANON" + Pseudonym("ID\\" + id), DicomVR.LO);
        if (Text(ds, PatientName) is { } name) ds.SetString(PatientName, "ANON^" + Pseudonym("PN\\" + name), DicomVR.PN);
        if (ds.Contains(PatientBirthDate)) ds.SetBytes(PatientBirthDate, DicomVR.DA, ReadOnlyMemory<byte>.Empty);
        foreach (var tag in RemovedAttributes) ds.Remove(tag);
    }

    // The value's text when it has one; an undecodable value is pseudonymised from its bytes (never kept as it is).
    private static string? Text(DicomDataset ds, DicomTag tag)
    {
        if (ds[tag] is not DicomValueElement e || e.Length == 0) return null;
        try { return ds.GetString(tag) ?? ""; }
        catch (Exception x) when (x is DicomCharacterSetException or FormatException or DecoderFallbackException)
        {
            return Convert.ToHexString(e.Value.Span);
        }
    }
}

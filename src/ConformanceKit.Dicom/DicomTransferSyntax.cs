namespace ConformanceKit.Dicom;

/// <summary>A transfer syntax (PS3.5 section 10) with the properties the codec needs.</summary>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVR, bool LittleEndian, bool Deflated, bool Encapsulated)
{
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false, false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (Retired)", true, false, false, false);

    private static readonly Dictionary<string, DicomTransferSyntax> Native = new()
    {
        [ImplicitVRLittleEndian.Uid] = ImplicitVRLittleEndian,
        [ExplicitVRLittleEndian.Uid] = ExplicitVRLittleEndian,
        [DeflatedExplicitVRLittleEndian.Uid] = DeflatedExplicitVRLittleEndian,
        [ExplicitVRBigEndian.Uid] = ExplicitVRBigEndian,
    };

    /// <summary>
    /// Looks up a transfer syntax. Every other registered transfer syntax UID is an encapsulated
    /// (compressed) Explicit VR Little Endian syntax per PS3.5 A.4, whose pixel data stays as fragments.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        if (Native.TryGetValue(uid, out var ts)) return ts;
        var name = DicomUidRegistry.Find(uid)?.Name ?? "Unknown transfer syntax";
        return new DicomTransferSyntax(uid, name, true, true, false, true);
    }

    public bool IsKnown => Native.ContainsKey(Uid) || DicomUidRegistry.Find(Uid)?.Type == "Transfer Syntax";

    public override string ToString() => $"{Name} ({Uid})";
}

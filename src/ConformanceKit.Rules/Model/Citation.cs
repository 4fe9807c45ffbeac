namespace ConformanceKit.Rules;

/// <summary>
/// Where a rule comes from: a DICOM part and section ("PS3.3", "C.20.2"), or an IHE-RO source
/// ("IHE-RO MMRO-II test tool", "SpatialRegistrationFrameOfReferenceRule"). Source keys in brackets
/// refer to reg-profile.md section 10.
/// </summary>
public sealed record Citation(string Source, string Reference)
{
    public static Citation Dicom(string part, string section) => new($"DICOM {part}", section);
    public static Citation IheRo(string reference) => new("IHE-RO", reference);
    public static Citation Inferred(string reasoning) => new("ConformanceKit", reasoning);

    public override string ToString() => $"{Source} {Reference}";
}

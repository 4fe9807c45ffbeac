namespace ConformanceKit.Dicom;

/// <summary>Value Representation (PS3.5 section 6.2). Stored as its two ASCII characters.</summary>
public readonly record struct DicomVR(ushort Code)
{
    public static DicomVR FromString(string code)
    {
        if (code.Length != 2) throw new ArgumentException($"VR '{code}' is not two characters", nameof(code));
        return new DicomVR((ushort)((code[0] << 8) | code[1]));
    }

    public static DicomVR FromBytes(byte first, byte second) => new((ushort)((first << 8) | second));

    public byte First => (byte)(Code >> 8);
    public byte Second => (byte)Code;

    public override string ToString() => new([(char)First, (char)Second]);

    public static readonly DicomVR AE = FromString("AE"), AS = FromString("AS"), AT = FromString("AT"),
        CS = FromString("CS"), DA = FromString("DA"), DS = FromString("DS"), DT = FromString("DT"),
        FL = FromString("FL"), FD = FromString("FD"), IS = FromString("IS"), LO = FromString("LO"),
        LT = FromString("LT"), OB = FromString("OB"), OD = FromString("OD"), OF = FromString("OF"),
        OL = FromString("OL"), OV = FromString("OV"), OW = FromString("OW"), PN = FromString("PN"),
        SH = FromString("SH"), SL = FromString("SL"), SQ = FromString("SQ"), SS = FromString("SS"),
        ST = FromString("ST"), SV = FromString("SV"), TM = FromString("TM"), UC = FromString("UC"),
        UI = FromString("UI"), UL = FromString("UL"), UN = FromString("UN"), UR = FromString("UR"),
        US = FromString("US"), UT = FromString("UT"), UV = FromString("UV");

    /// <summary>Placeholder for dictionary entries whose VR depends on context (for example "US or SS").</summary>
    public static readonly DicomVR None = new(0);

    private static readonly HashSet<DicomVR> Known =
    [
        AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV,
        TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    public bool IsKnown => Known.Contains(this);

    /// <summary>VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</summary>
    public bool HasLongLength =>
        this == OB || this == OD || this == OF || this == OL || this == OV || this == OW || this == SQ ||
        this == UC || this == UR || this == UT || this == UN || this == SV || this == UV;

    /// <summary>Character string VRs (their value is text in the default or specific character set).</summary>
    public bool IsString =>
        this == AE || this == AS || this == CS || this == DA || this == DS || this == DT || this == IS ||
        this == LO || this == LT || this == PN || this == SH || this == ST || this == TM || this == UC ||
        this == UI || this == UR || this == UT;

    /// <summary>String VRs affected by Specific Character Set (PS3.5 6.1.2.3); the others are default repertoire.</summary>
    public bool UsesSpecificCharacterSet =>
        this == LO || this == LT || this == PN || this == SH || this == ST || this == UC || this == UT;

    /// <summary>Text VRs that hold one value (backslash is not a delimiter) per PS3.5 6.2.</summary>
    public bool IsSingleValueText => this == LT || this == ST || this == UT || this == UR;

    /// <summary>Binary numbers with a value multiplicity (US, SS, UL, SL, SV, UV, FL, FD); the O* VRs are byte streams instead.</summary>
    public bool IsBinaryNumber =>
        this == US || this == SS || this == UL || this == SL || this == SV || this == UV || this == FL || this == FD;

    /// <summary>Size in bytes of one binary value, or 0 for strings and byte streams.</summary>
    public int BinaryValueSize =>
        this == US || this == SS ? 2 :
        this == UL || this == SL || this == FL || this == AT || this == OF || this == OL ? 4 :
        this == FD || this == OD || this == SV || this == UV || this == OV ? 8 :
        this == OW ? 2 : 0;

    /// <summary>Padding byte for odd-length values: NUL for UI and binary, space for other strings (PS3.5 6.2).</summary>
    public byte PaddingByte => IsString && this != UI ? (byte)' ' : (byte)0;

    /// <summary>Maximum length in bytes (or characters for PN components) per PS3.5 Table 6.2-1; 0 when unbounded here.</summary>
    public int MaxLength =>
        this == AE ? 16 : this == AS ? 4 : this == CS ? 16 : this == DA ? 8 : this == DS ? 16 :
        this == DT ? 26 : this == IS ? 12 : this == LO ? 64 : this == LT ? 10240 : this == PN ? 64 :
        this == SH ? 16 : this == ST ? 1024 : this == TM ? 14 : this == UI ? 64 : 0;
}

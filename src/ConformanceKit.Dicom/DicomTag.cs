using System.Globalization;

namespace ConformanceKit.Dicom;

/// <summary>A data element tag (group, element) as defined in PS3.5 section 7.1.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Private tags have an odd group number (PS3.5 7.8.1); groups 1, 3, 5, 7 and FFFF are not allowed.</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>A private creator element reserves a block: (gggg,0010-00FF) in an odd group (PS3.5 7.8.1).</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>For a private data element (gggg,xxyy) with xx >= 0x10, the tag of the creator that reserved block xx.</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    public bool IsGroupLength => Element == 0;

    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hexadecimal).</summary>
    public static bool TryParse(string text, out DicomTag tag)
    {
        tag = default;
        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal);
        if (s.Length != 8) return false;
        if (!uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)) return false;
        tag = new DicomTag(v);
        return true;
    }

    public static DicomTag Parse(string text) =>
        TryParse(text, out var t) ? t : throw new FormatException($"'{text}' is not a DICOM tag (expected gggg,eeee)");

    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;
}

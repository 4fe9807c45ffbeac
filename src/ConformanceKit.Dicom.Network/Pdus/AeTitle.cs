namespace ConformanceKit.Dicom.Network.Pdus;

/// <summary>Application Entity titles (PS3.5 Table 6.2-1, VR AE): 1 to 16 characters, no backslash or control characters, not all spaces.</summary>
public static class AeTitle
{
    public const int MaxLength = 16;

    /// <summary>Null when the title is valid, else the reason in words.</summary>
    public static string? Validate(string? aeTitle)
    {
        if (aeTitle is null || aeTitle.Trim().Length == 0) return "an AE title must not be empty or all spaces (PS3.5 AE)";
        if (aeTitle.Trim().Length > MaxLength) return $"AE title '{aeTitle}' is longer than {MaxLength} characters (PS3.5 AE)";
        foreach (var c in aeTitle)
            if (c < 0x20 || c > 0x7E || c == '\\') return $"AE title '{aeTitle}' holds a character not allowed in an AE (backslash, control or non-ASCII)";
        return null;
    }

    /// <summary>Compares two titles as PS3.5 says: leading and trailing spaces are not significant.</summary>
    public static bool Matches(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);
}

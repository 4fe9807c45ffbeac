using System.Text;

namespace ConformanceKit.Dicom;

/// <summary>Raised when text is in a character set this library cannot decode or encode.</summary>
public sealed class DicomCharacterSetException(string message) : Exception(message);

/// <summary>
/// Specific Character Set (0008,0005) handling per PS3.3 C.12.1.1.2 and PS3.5 section 6.1:
/// single-byte sets, ISO 2022 code extensions with escape sequences, UTF-8, GB18030 and GBK.
/// </summary>
public sealed class DicomCharacterSet
{
    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly DicomCharacterSet Default = new([""]);

    private readonly Encoding _initial;
    private readonly bool _codeExtensions;

    public IReadOnlyList<string> Terms { get; }

    /// <summary>Terms this library does not know; text in them is reported, never guessed.</summary>
    public IReadOnlyList<string> UnsupportedTerms { get; }

    public bool IsUnicode => _initial.CodePage == 65001 && !_codeExtensions;

    private DicomCharacterSet(string[] terms)
    {
        Terms = terms;
        var unsupported = new List<string>();
        foreach (var t in terms)
            if (Defined(t) is null && !IsDefaultTerm(t)) unsupported.Add(t);
        UnsupportedTerms = unsupported;
        _codeExtensions = terms.Any(t => t.StartsWith("ISO 2022", StringComparison.Ordinal));
        var first = terms.Length > 0 ? terms[0] : "";
        _initial = IsDefaultTerm(first) ? Latin1Lenient : Defined(first) ?? Latin1Lenient;
    }

    /// <summary>The character set named by the values of Specific Character Set (empty means the default repertoire).</summary>
    public static DicomCharacterSet FromTerms(IEnumerable<string> values)
    {
        var terms = values.Select(v => v.Trim()).ToArray();
        if (terms.Length == 0 || (terms.Length == 1 && IsDefaultTerm(terms[0]))) return Default;
        return new DicomCharacterSet(terms);
    }

    // The default repertoire is ASCII; bytes above 0x7F are not allowed there but are decoded as
    // ISO 8859-1 rather than dropped, the common reading of non-conformant files.
    private static readonly Encoding Latin1Lenient = Encoding.Latin1;

    private static bool IsDefaultTerm(string t) => t is "" or "ISO_IR 6" or "ISO 2022 IR 6";

    private static Encoding? Defined(string term) => term switch
    {
        "ISO_IR 100" or "ISO 2022 IR 100" => Encoding.Latin1,
        "ISO_IR 101" or "ISO 2022 IR 101" => Encoding.GetEncoding(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => Encoding.GetEncoding(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => Encoding.GetEncoding(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => Encoding.GetEncoding(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => Encoding.GetEncoding(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => Encoding.GetEncoding(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => Encoding.GetEncoding(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => Encoding.GetEncoding(28599),
        "ISO_IR 203" or "ISO 2022 IR 203" => Encoding.GetEncoding(28605),
        "ISO_IR 166" or "ISO 2022 IR 166" => Encoding.GetEncoding(874),
        "ISO_IR 13" or "ISO 2022 IR 13" => Encoding.GetEncoding(932),
        "ISO_IR 192" => Encoding.UTF8,
        "GB18030" => Encoding.GetEncoding(54936),
        "GBK" => Encoding.GetEncoding(936),
        "ISO 2022 IR 87" or "ISO 2022 IR 159" => Encoding.GetEncoding(50220),
        "ISO 2022 IR 149" => Encoding.GetEncoding(51949),
        "ISO 2022 IR 58" => Encoding.GetEncoding(936),
        _ => null,
    };

    /// <summary>Decodes a text value; VRs outside PS3.5 6.1.2.3 use the default repertoire only.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, bool specific = true)
    {
        if (!specific || ReferenceEquals(this, Default)) return Latin1Lenient.GetString(bytes);
        if (UnsupportedTerms.Count > 0)
            throw new DicomCharacterSetException($"Specific Character Set '{string.Join('\\', UnsupportedTerms)}' is not supported");
        if (!_codeExtensions || bytes.IndexOf((byte)0x1B) < 0) return _initial.GetString(bytes);
        return DecodeIso2022(bytes);
    }

    /// <summary>Encodes text for a value; only sets without code extensions can be written.</summary>
    public byte[] Encode(string text, bool specific = true)
    {
        if (!specific || ReferenceEquals(this, Default))
        {
            foreach (var c in text)
                if (c > 0x7F) throw new DicomCharacterSetException($"'{text}' has characters outside the default repertoire; set Specific Character Set (for example ISO_IR 192)");
            return Encoding.ASCII.GetBytes(text);
        }
        if (_codeExtensions || UnsupportedTerms.Count > 0)
            throw new DicomCharacterSetException($"writing text in '{string.Join('\\', Terms)}' is not supported; use ISO_IR 192");
        return _initial.GetBytes(text);
    }

    // ISO 2022 (PS3.5 6.1.2.5): escape sequences switch G0/G1; decode each run with its set.
    private string DecodeIso2022(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var current = _initial;
        var multiByteG0 = false;
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] == 0x1B)
            {
                var (len, enc, g0Multi) = Escape(bytes[i..]);
                if (len == 0) throw new DicomCharacterSetException($"unknown ISO 2022 escape sequence at byte {i}");
                current = enc;
                multiByteG0 = g0Multi;
                i += len;
                continue;
            }
            var end = bytes[i..].IndexOf((byte)0x1B);
            var run = end < 0 ? bytes[i..] : bytes.Slice(i, end);
            if (multiByteG0)
            {
                // JIS X 0208 / 0212 in G0: let the ISO-2022-JP decoder see its own escapes.
                var buf = new byte[run.Length + 6];
                buf[0] = 0x1B; buf[1] = (byte)'$'; buf[2] = (byte)'B';
                run.CopyTo(buf.AsSpan(3));
                buf[^3] = 0x1B; buf[^2] = (byte)'('; buf[^1] = (byte)'B';
                sb.Append(current.GetString(buf));
            }
            else sb.Append(current.GetString(run));
            i += run.Length;
        }
        return sb.ToString();
    }

    private static (int Length, Encoding Encoding, bool MultiByteG0) Escape(ReadOnlySpan<byte> s)
    {
        if (s.Length >= 3)
        {
            var key = $"{(char)s[1]}{(char)s[2]}";
            switch (key)
            {
                case "(B": return (3, Latin1Lenient, false);
                case "(J": return (3, Encoding.GetEncoding(932), false);
                case ")I": return (3, Encoding.GetEncoding(932), false);
                case "$B": return (3, Encoding.GetEncoding(50220), true);
                case "-A": return (3, Encoding.Latin1, false);
                case "-B": return (3, Encoding.GetEncoding(28592), false);
                case "-C": return (3, Encoding.GetEncoding(28593), false);
                case "-D": return (3, Encoding.GetEncoding(28594), false);
                case "-L": return (3, Encoding.GetEncoding(28595), false);
                case "-G": return (3, Encoding.GetEncoding(28596), false);
                case "-F": return (3, Encoding.GetEncoding(28597), false);
                case "-H": return (3, Encoding.GetEncoding(28598), false);
                case "-M": return (3, Encoding.GetEncoding(28599), false);
                case "-b": return (3, Encoding.GetEncoding(28605), false);
                case "-T": return (3, Encoding.GetEncoding(874), false);
            }
        }
        if (s.Length >= 4)
        {
            var key = $"{(char)s[1]}{(char)s[2]}{(char)s[3]}";
            switch (key)
            {
                case "$)C": return (4, Encoding.GetEncoding(51949), false);
                case "$)A": return (4, Encoding.GetEncoding(936), false);
            }
        }
        return (0, Latin1Lenient, false);
    }
}

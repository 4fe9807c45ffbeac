using System.Globalization;
using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Tables;

namespace ConformanceKit.Rules.Values;

/// <summary>
/// PS3.5 checks on every element of a dataset, sequences included: VR against PS3.6, value length,
/// character repertoire and form per VR (Table 6.2-1), UID syntax (9.1), VM against PS3.6 and binary
/// value sizes. Findings are DCM-VR-*.
/// </summary>
public sealed class ValueChecker
{
    public void Check(DicomDataset dataset, ObjectFindings findings) =>
        Walk(dataset, AttributePath.Root, findings, CharacterSetOf(dataset, DicomCharacterSet.Default));

    private static DicomCharacterSet CharacterSetOf(DicomDataset ds, DicomCharacterSet inherited)
    {
        if (ds[DicomTags.SpecificCharacterSet] is not DicomValueElement cs) return inherited;
        var text = System.Text.Encoding.ASCII.GetString(cs.Value.Span);
        return DicomCharacterSet.FromTerms(text.Split('\\'));
    }

    private void Walk(DicomDataset ds, AttributePath path, ObjectFindings findings, DicomCharacterSet charset)
    {
        foreach (var element in ds)
        {
            var p = path.Child(element.Tag);
            var entry = element.Tag.IsPrivate || element.Tag.IsGroupLength ? null : DicomDictionary.Find(element.Tag);
            if (entry is not null && element.VR != DicomVR.UN && entry.VRs is not ("" or "NONE") && !entry.AllVRs.Contains(element.VR))
                findings.Report(DicomRules.WrongVR, p, "VR differs from the data dictionary", found: element.VR.ToString(), expected: entry.VRs);
            switch (element)
            {
                case DicomSequence sq:
                    for (var i = 0; i < sq.Items.Count; i++)
                    {
                        var item = sq.Items[i];
                        Walk(item, p.Item(i + 1), findings, CharacterSetOf(item, charset));
                    }
                    break;
                case DicomValueElement v when v.Length > 0:
                    CheckValue(v, entry, p, findings, charset);
                    break;
            }
        }
    }

    private static void CheckValue(DicomValueElement e, DicomDictionaryEntry? entry, AttributePath p, ObjectFindings findings, DicomCharacterSet charset)
    {
        var vr = e.VR;
        if (vr.BinaryValueSize > 0)
        {
            if (e.Length % vr.BinaryValueSize != 0)
                findings.Report(DicomRules.BinaryLength, p, $"{vr} value of {e.Length} bytes", found: $"{e.Length} bytes", expected: $"a multiple of {vr.BinaryValueSize}");
            else if (entry is not null && !IsBulk(vr)) CheckMultiplicity(e.Length / vr.BinaryValueSize, entry, p, findings);
            return;
        }
        if (!vr.IsString) return;

        string text;
        try
        {
            text = vr.UsesSpecificCharacterSet ? charset.Decode(e.Value.Span) : DicomCharacterSet.Default.Decode(e.Value.Span, specific: false);
        }
        catch (DicomCharacterSetException ex)
        {
            findings.Report(DicomRules.BadCharacter, p, ex.Message);
            return;
        }
        if (!vr.UsesSpecificCharacterSet)
        {
            foreach (var b in e.Value.Span)
                if (b >= 0x80)
                {
                    findings.Report(DicomRules.BadCharacter, p, $"{vr} allows only the default repertoire", found: $"byte 0x{b:X2}");
                    return;
                }
        }
        text = vr == DicomVR.UI ? text.TrimEnd('\0') : text.TrimEnd(' ', '\0');
        if (vr.IsSingleValueText)
        {
            CheckText(text, vr, p, findings);
            return;
        }
        var values = text.Split('\\');
        if (entry is not null && !(values.Length == 1 && values[0].Trim().Length == 0)) CheckMultiplicity(values.Length, entry, p, findings);
        for (var i = 0; i < values.Length; i++)
        {
            var where = values.Length > 1 ? $"value {i + 1}: " : "";
            CheckSingle(values[i], vr, p, findings, where);
        }
    }

    private static bool IsBulk(DicomVR vr) => vr == DicomVR.OW || vr == DicomVR.OF || vr == DicomVR.OD || vr == DicomVR.OL || vr == DicomVR.OV;

    private static void CheckMultiplicity(int count, DicomDictionaryEntry entry, AttributePath p, ObjectFindings findings)
    {
        Multiplicity vm;
        try { vm = Multiplicity.Parse(entry.VM); }
        catch (FormatException) { return; }
        if (!vm.Allows(count))
            findings.Report(DicomRules.DictionaryMultiplicity, p, $"{count} value(s)", found: $"{count}", expected: $"VM {entry.VM}");
    }

    // Max lengths per PS3.5 Table 6.2-1 (characters for LO, SH, PN groups, LT, ST; bytes otherwise; equal here for the default repertoire).
    private static void CheckSingle(string raw, DicomVR vr, AttributePath p, ObjectFindings findings, string where)
    {
        var max = vr.MaxLength;
        if (vr != DicomVR.PN && max > 0 && raw.Length > max)
            findings.Report(DicomRules.ValueTooLong, p, $"{where}{vr} value of {raw.Length} characters", found: Shorten(raw), expected: $"at most {max} characters");

        if (vr == DicomVR.UI) { CheckUid(raw, p, findings, where); return; }
        if (vr == DicomVR.PN) { CheckPersonName(raw, p, findings, where); return; }
        if (vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.UC)
        {
            if (HasControl(raw, allowFormatting: false)) findings.Report(DicomRules.BadCharacter, p, $"{where}control character in {vr}", found: Shorten(raw));
            return;
        }
        var v = raw.Trim(' ');
        if (v.Length == 0) return;
        if (vr == DicomVR.CS) CheckCodeString(v, raw, p, findings, where);
        else if (vr == DicomVR.AE)
        {
            if (HasControl(v, false)) findings.Report(DicomRules.BadCharacter, p, $"{where}control character in AE", found: Shorten(raw));
        }
        else if (vr == DicomVR.DS)
        {
            if (!v.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or 'E' or 'e' or '.'))
                findings.Report(DicomRules.BadCharacter, p, $"{where}DS allows digits, + - E e . and spaces", found: Shorten(raw));
            else if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                findings.Report(DicomRules.MalformedValue, p, $"{where}not a decimal number", found: Shorten(raw));
        }
        else if (vr == DicomVR.IS)
        {
            if (!v.All(c => char.IsAsciiDigit(c) || c is '+' or '-'))
                findings.Report(DicomRules.BadCharacter, p, $"{where}IS allows digits, + - and spaces", found: Shorten(raw));
            else if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < int.MinValue || n > int.MaxValue)
                findings.Report(DicomRules.MalformedValue, p, $"{where}not an integer in -2^31..2^31-1", found: Shorten(raw));
        }
        else if (vr == DicomVR.DA)
        {
            if (v.Length != 8 || !v.All(char.IsAsciiDigit) || DicomValueCodec.ParseDate(v) is null)
                findings.Report(DicomRules.MalformedValue, p, $"{where}DA must be YYYYMMDD, a valid date", found: Shorten(raw));
        }
        else if (vr == DicomVR.TM)
        {
            if (!v.All(c => char.IsAsciiDigit(c) || c == '.') || DicomValueCodec.ParseTime(v) is null)
                findings.Report(DicomRules.MalformedValue, p, $"{where}TM must be HH[MM[SS[.F{{1-6}}]]]", found: Shorten(raw));
        }
        else if (vr == DicomVR.DT)
        {
            if (!v.All(c => char.IsAsciiDigit(c) || c is '.' or '+' or '-') || DicomValueCodec.ParseDateTime(v) is null)
                findings.Report(DicomRules.MalformedValue, p, $"{where}DT must be YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]", found: Shorten(raw));
        }
        else if (vr == DicomVR.AS)
        {
            if (v.Length != 4 || !v[..3].All(char.IsAsciiDigit) || v[3] is not ('D' or 'W' or 'M' or 'Y'))
                findings.Report(DicomRules.MalformedValue, p, $"{where}AS must be nnnD, nnnW, nnnM or nnnY", found: Shorten(raw));
        }
    }

    private static void CheckText(string text, DicomVR vr, AttributePath p, ObjectFindings findings)
    {
        var max = vr.MaxLength;
        if (max > 0 && text.Length > max)
            findings.Report(DicomRules.ValueTooLong, p, $"{vr} value of {text.Length} characters", found: $"{text.Length} characters", expected: $"at most {max}");
        if (vr != DicomVR.UR && HasControl(text, allowFormatting: true))
            findings.Report(DicomRules.BadCharacter, p, $"control character in {vr} (only CR, LF, FF, TAB and ESC are allowed)");
    }

    private static void CheckCodeString(string v, string raw, AttributePath p, ObjectFindings findings, string where)
    {
        foreach (var c in v)
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9' or ' ' or '_') continue;
            if (c is >= 'a' and <= 'z')
                findings.Report(DicomRules.LowerCaseCodeString, p, $"{where}CS allows upper-case letters only", found: Shorten(raw), expected: v.ToUpperInvariant());
            else
                findings.Report(DicomRules.BadCharacter, p, $"{where}CS allows A-Z, 0-9, space and underscore", found: Shorten(raw));
            return;
        }
    }

    /// <summary>PS3.5 9.1: components of digits separated by '.', no empty component, no leading zero (except "0"), at most 64 characters.</summary>
    public static string? UidProblem(string uid)
    {
        if (uid.Length == 0) return "empty UID";
        if (uid.Length > 64) return "longer than 64 characters";
        foreach (var c in uid)
            if (!char.IsAsciiDigit(c) && c != '.') return $"character '{(c < ' ' ? $"0x{(int)c:X2}" : c.ToString())}' (only digits and '.')";
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0) return "empty component";
            if (component.Length > 1 && component[0] == '0') return $"component '{component}' has a leading zero";
        }
        return null;
    }

    private static void CheckUid(string raw, AttributePath p, ObjectFindings findings, string where)
    {
        if (raw.Length == 0) return;
        if (UidProblem(raw) is { } problem)
            findings.Report(DicomRules.BadUid, p, $"{where}{problem}", found: Shorten(raw));
    }

    private static void CheckPersonName(string raw, AttributePath p, ObjectFindings findings, string where)
    {
        var groups = raw.TrimEnd(' ').Split('=');
        if (groups.Length > 3)
            findings.Report(DicomRules.MalformedValue, p, $"{where}more than three component groups", found: Shorten(raw));
        foreach (var g in groups)
        {
            if (g.Length > 64)
                findings.Report(DicomRules.ValueTooLong, p, $"{where}component group of {g.Length} characters", found: Shorten(g), expected: "at most 64 characters");
            if (g.Split('^').Length > 5)
                findings.Report(DicomRules.MalformedValue, p, $"{where}more than five components", found: Shorten(g));
        }
        if (HasControl(raw, allowFormatting: false))
            findings.Report(DicomRules.BadCharacter, p, $"{where}control character in PN", found: Shorten(raw));
    }

    private static bool HasControl(string s, bool allowFormatting)
    {
        foreach (var c in s)
        {
            if (c >= ' ' || c == '\x1B') continue;
            if (allowFormatting && c is '\r' or '\n' or '\f' or '\t') continue;
            return true;
        }
        return false;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";
}

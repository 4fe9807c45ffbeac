using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConformanceKit.Dicom;

/// <summary>
/// Writes the DICOM JSON Model (PS3.18 Annex F.2): one member per element keyed by its 8-digit
/// hexadecimal tag, with "vr" and either "Value" (strings, numbers, person names, items) or
/// "InlineBinary" (Base64 of the value bytes, F.2.7). Text is decoded with the Specific Character Set
/// in force for each dataset or item (inherited into items, PS3.3 C.12.1.1.2); a set this library
/// cannot decode raises <see cref="DicomCharacterSetException"/> rather than writing garbled text.
/// </summary>
public static class DicomJsonWriter
{
    /// <summary>The JSON model of a dataset as text.</summary>
    public static string Serialize(DicomDataset dataset, bool indented = true)
    {
        using var ms = new MemoryStream();
        Write(ms, dataset, indented);
        return Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
    }

    public static void Write(Stream stream, DicomDataset dataset, bool indented = true)
    {
        // Each sequence level is three JSON levels (element, "Value" array, item); allow the deepest nesting a reader accepts.
        var options = new JsonWriterOptions { Indented = indented, MaxDepth = 3 * DicomReadOptions.DeepestAllowedNesting + 8 };
        using var w = new Utf8JsonWriter(stream, options);
        Write(w, dataset);
    }

    /// <summary>Writes the dataset as one JSON object.</summary>
    public static void Write(Utf8JsonWriter w, DicomDataset dataset) => WriteObject(w, dataset, dataset.CharacterSet);

    private static void WriteObject(Utf8JsonWriter w, DicomDataset ds, DicomCharacterSet inherited)
    {
        // An item's own Specific Character Set replaces the enclosing one (PS3.3 C.12.1.1.2).
        var cs = ds[DicomTags.SpecificCharacterSet] is DicomValueElement ? ds.CharacterSet : inherited;
        w.WriteStartObject();
        foreach (var e in ds)
        {
            if (e.Tag.IsGroupLength) continue; // PS3.18 F.2.2: Group Length attributes are not included
            w.WritePropertyName(e.Tag.Value.ToString("X8", CultureInfo.InvariantCulture));
            WriteElement(w, e, cs);
        }
        w.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter w, DicomElement e, DicomCharacterSet cs)
    {
        w.WriteStartObject();
        // A UN element of undefined length holds a sequence (PS3.5 6.2.2); its items can only be shown as SQ.
        w.WriteString("vr", e is DicomSequence ? "SQ" : e.VR.ToString());
        switch (e)
        {
            case DicomSequence sq:
                if (sq.Items.Count > 0)
                {
                    w.WriteStartArray("Value");
                    foreach (var item in sq.Items) WriteObject(w, item, cs);
                    w.WriteEndArray();
                }
                break;
            case DicomFragmentSequence f:
                // PS3.18 F.2.7 leaves encapsulated data to the transfer syntax: the value as encoded (PS3.5 A.4).
                w.WriteBase64String("InlineBinary", f.EncodeItems());
                break;
            case DicomValueElement v when v.Length > 0:
                WriteValue(w, v, cs);
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, DicomValueElement v, DicomCharacterSet cs)
    {
        var vr = v.VR;
        var span = v.Value.Span;
        if (vr.IsString)
        {
            var values = DicomValueText.Split(cs.Decode(span, vr.UsesSpecificCharacterSet), vr);
            if (vr == DicomVR.PN)
                for (var i = 0; i < values.Length; i++) values[i] = NormalizePersonName(values[i]);
            // A value of padding only is no value (F.2.5): when no value is left, "Value" is left out.
            if (values.All(v => v.Length == 0)) return;
            w.WriteStartArray("Value");
            foreach (var value in values)
            {
                if (value.Length == 0) w.WriteNullValue();
                else if (vr == DicomVR.PN) WritePersonName(w, value);
                else if (vr == DicomVR.DS || vr == DicomVR.IS) WriteNumberText(w, value, vr);
                else w.WriteStringValue(value);
            }
            w.WriteEndArray();
        }
        else if (vr == DicomVR.AT)
        {
            w.WriteStartArray("Value");
            for (var i = 0; i + 4 <= span.Length; i += 4)
            {
                var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[i..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 2)..]));
                w.WriteStringValue(tag.Value.ToString("X8", CultureInfo.InvariantCulture));
            }
            w.WriteEndArray();
        }
        else if (vr.IsBinaryNumber)
        {
            w.WriteStartArray("Value");
            WriteBinaryNumbers(w, span, vr);
            w.WriteEndArray();
        }
        else
        {
            // OB, OD, OF, OL, OV, OW, UN and anything unknown: bytes (F.2.7).
            w.WriteBase64String("InlineBinary", span);
        }
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter w, ReadOnlySpan<byte> s, DicomVR vr)
    {
        var size = vr.BinaryValueSize;
        for (var i = 0; i + size <= s.Length; i += size)
        {
            var x = s[i..];
            if (vr == DicomVR.US) w.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(x));
            else if (vr == DicomVR.SS) w.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(x));
            else if (vr == DicomVR.UL) w.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(x));
            else if (vr == DicomVR.SL) w.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(x));
            else if (vr == DicomVR.SV) w.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(x));
            else if (vr == DicomVR.UV) w.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(x));
            else if (vr == DicomVR.FL) WriteFloat(w, BinaryPrimitives.ReadSingleLittleEndian(x));
            else WriteFloat(w, BinaryPrimitives.ReadDoubleLittleEndian(x));
        }
    }

    // JSON has no NaN or infinity (RFC 8259 section 6); such values are written as strings, as dcmtk's -ee does.
    private static void WriteFloat(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (float.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
    }

    // DS and IS are JSON numbers (PS3.18 F.2.3). Fixed-point text keeps its digits (as a decimal, "1.50" stays
    // "1.50"); exponent forms go through double; text that is no number at all cannot be a JSON number and is
    // kept as a string so that nothing is lost.
    private static void WriteNumberText(Utf8JsonWriter w, string text, DicomVR vr)
    {
        const NumberStyles Fixed = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (text.Length == 0) w.WriteNullValue();
        else if (vr == DicomVR.IS && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            w.WriteNumberValue(l);
        else if (decimal.TryParse(text, Fixed, CultureInfo.InvariantCulture, out var m)) w.WriteNumberValue(m);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            w.WriteNumberValue(d);
        else w.WriteStringValue(text);
    }

    private static readonly string[] GroupNames = ["Alphabetic", "Ideographic", "Phonetic"];

    /// <summary>
    /// A PN value without its insignificant trailing delimiters: trailing empty components may be left out
    /// (PS3.5 6.2.1.1), so "Doe^John^^" is "Doe^John", and a name of delimiters only is empty.
    /// </summary>
    public static string NormalizePersonName(string value)
    {
        var groups = value.Split('=');
        for (var i = 0; i < groups.Length; i++) groups[i] = groups[i].TrimEnd('^', ' ');
        return string.Join('=', groups).TrimEnd('=');
    }

    // PN (PS3.18 F.2.2): an object with the non-empty component groups.
    private static void WritePersonName(Utf8JsonWriter w, string value)
    {
        var groups = value.Split('=');
        w.WriteStartObject();
        for (var i = 0; i < groups.Length && i < GroupNames.Length; i++)
            if (groups[i].Length > 0) w.WriteString(GroupNames[i], groups[i]);
        w.WriteEndObject();
    }
}

using System.Globalization;
using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Tables;

/// <summary>
/// An evaluable form of a PS3.3 condition ("Required if ...") over the dataset (or sequence item)
/// that holds the attribute. Grammar, small on purpose:
/// <code>
/// expr    := or ;  or := and ('or' and)* ;  and := unary ('and' unary)* ;  unary := 'not' unary | primary
/// primary := '(' expr ')' | call [op literal | 'in' '[' literal (',' literal)* ']']
/// call    := present(K) | absent(K) | has(K) | value(K[,n]) | number(K[,n]) | count(K) | contains(K, "X") | references_instances()
/// K       := Keyword | ../Keyword (the enclosing dataset) | Sequence/Keyword (first item)
/// </code>
/// has(K) means present with a value (a sequence with at least one item); value/number take the
/// 1-based value index n (default 1).
/// </summary>
public sealed class Condition
{
    private readonly Func<DicomDataset, object?> _eval;

    private Condition(string text, Func<DicomDataset, object?> eval)
    {
        Text = text;
        _eval = eval;
    }

    public string Text { get; }

    public bool Evaluate(DicomDataset dataset) => _eval(dataset) is true;

    public override string ToString() => Text;

    public static Condition Parse(string text)
    {
        var p = new Parser(text);
        var e = p.ParseExpression();
        p.ExpectEnd();
        return new Condition(text, e);
    }

    // ---- evaluation helpers ----

    private static DicomDataset? Resolve(DicomDataset ds, string[] path, out DicomTag tag)
    {
        tag = default;
        var current = ds;
        var i = 0;
        while (i < path.Length && path[i] == "..")
        {
            current = current.Parent;
            if (current is null) return null;
            i++;
        }
        for (; i < path.Length - 1; i++)
        {
            current = current.GetItem(Keyword(path[i]));
            if (current is null) return null;
        }
        tag = Keyword(path[^1]);
        return current;
    }

    private static DicomTag Keyword(string keyword) =>
        DicomDictionary.FindByKeyword(keyword) is { } e ? new DicomTag(e.Tag) : throw new FormatException($"unknown keyword '{keyword}'");

    internal static bool HasValue(DicomElement? e) => e switch
    {
        null => false,
        DicomSequence s => s.Items.Count > 0,
        DicomValueElement v => v.VR.IsString ? !IsBlank(v.Value.Span) : v.Length > 0, // a binary 0 is a value
        _ => true,
    };

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) if (b != ' ' && b != 0) return false;
        return true;
    }

    private static string? ValueAt(DicomDataset ds, DicomTag tag, int index)
    {
        if (ds[tag] is not DicomValueElement) return null;
        var values = SafeStrings(ds, tag);
        return values.Length >= index ? values[index - 1] : null;
    }

    private static string[] SafeStrings(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetStrings(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException) { return []; }
    }

    private static double? NumberAt(DicomDataset ds, DicomTag tag, int index)
    {
        var s = ValueAt(ds, tag, index);
        return s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>True when the dataset references SOP Instances outside the Common Instance Reference module (PS3.3 C.12.2).</summary>
    internal static bool ReferencesInstances(DicomDataset ds)
    {
        foreach (var e in ds)
        {
            if (e is not DicomSequence sq) continue;
            // The CIR module itself and references to Study / Patient / procedure step SOP Instances do not count.
            if (e.Tag == DicomTags.ReferencedSeriesSequence || e.Tag == DicomTags.StudiesContainingOtherReferencedInstancesSequence ||
                e.Tag == DicomTags.ReferencedStudySequence || e.Tag == DicomTags.ReferencedPatientSequence ||
                e.Tag == DicomTags.ReferencedPerformedProcedureStepSequence)
                continue;
            // RT Referenced Study Sequence items reference the Study itself; the images are deeper (C.8.8.5).
            var studyLevel = e.Tag == DicomTags.RTReferencedStudySequence;
            foreach (var item in sq.Items)
                if (!studyLevel && item.Contains(DicomTags.ReferencedSOPInstanceUID) || ReferencesInstancesDeep(item)) return true;
        }
        return false;
    }

    private static bool ReferencesInstancesDeep(DicomDataset item)
    {
        foreach (var e in item)
            if (e is DicomSequence sq)
                foreach (var i in sq.Items)
                    if (i.Contains(DicomTags.ReferencedSOPInstanceUID) || ReferencesInstancesDeep(i)) return true;
        return false;
    }

    // ---- parser ----

    private sealed class Parser(string text)
    {
        private int _pos;

        public Func<DicomDataset, object?> ParseExpression() => ParseOr();

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length) throw Error($"unexpected '{text[_pos..]}'");
        }

        private Func<DicomDataset, object?> ParseOr()
        {
            var left = ParseAnd();
            while (TryWord("or"))
            {
                var l = left; var r = ParseAnd();
                left = ds => l(ds) is true || r(ds) is true;
            }
            return left;
        }

        private Func<DicomDataset, object?> ParseAnd()
        {
            var left = ParseUnary();
            while (TryWord("and"))
            {
                var l = left; var r = ParseUnary();
                left = ds => l(ds) is true && r(ds) is true;
            }
            return left;
        }

        private Func<DicomDataset, object?> ParseUnary()
        {
            if (TryWord("not"))
            {
                var inner = ParseUnary();
                return ds => inner(ds) is not true;
            }
            return ParsePrimary();
        }

        private Func<DicomDataset, object?> ParsePrimary()
        {
            SkipSpace();
            if (TryChar('('))
            {
                var e = ParseOr();
                Expect(')');
                return e;
            }
            var call = ParseCall();
            SkipSpace();
            if (TryWord("in"))
            {
                Expect('[');
                var set = new List<object>();
                do set.Add(ParseLiteral()); while (TryChar(','));
                Expect(']');
                return ds => call(ds) is { } v && set.Any(s => Same(v, s));
            }
            foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
            {
                if (!TryToken(op)) continue;
                var lit = ParseLiteral();
                return ds => Compare(call(ds), op, lit);
            }
            return call;
        }

        private Func<DicomDataset, object?> ParseCall()
        {
            var name = ParseIdentifier();
            Expect('(');
            if (name == "references_instances")
            {
                Expect(')');
                return ds => ReferencesInstances(ds);
            }
            var path = ParsePath();
            if (name == "contains")
            {
                Expect(',');
                var wanted = ParseLiteral() as string ?? throw Error("contains() compares with a string");
                Expect(')');
                return ds => Resolve(ds, path, out var t) is { } d && d[t] is DicomValueElement && SafeStrings(d, t).Contains(wanted, StringComparer.Ordinal);
            }
            var index = 1;
            if (TryChar(','))
            {
                index = (int)ParseNumber();
                if (index < 1) throw Error("value index is 1-based");
            }
            Expect(')');
            var n = index;
            return name switch
            {
                "present" => ds => Resolve(ds, path, out var t) is { } d && d.Contains(t),
                "absent" => ds => !(Resolve(ds, path, out var t) is { } d && d.Contains(t)),
                "has" => ds => Resolve(ds, path, out var t) is { } d && HasValue(d[t]),
                "value" => ds => Resolve(ds, path, out var t) is { } d ? ValueAt(d, t, n) : null,
                "number" => ds => Resolve(ds, path, out var t) is { } d ? NumberAt(d, t, n) : null,
                "count" => ds => Resolve(ds, path, out var t) is { } d ? d[t] switch
                {
                    DicomSequence s => (double)s.Items.Count,
                    DicomValueElement v when v.Length > 0 => (double)d.GetStrings(t).Length,
                    _ => 0.0,
                } : 0.0,
                _ => throw Error($"unknown function '{name}'"),
            };
        }

        private string[] ParsePath()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '/' or '.' or '_')) _pos++;
            var raw = text[start.._pos];
            if (raw.Length == 0) throw Error("expected an attribute keyword");
            var parts = raw.Split('/');
            foreach (var part in parts)
                if (part != ".." && DicomDictionary.FindByKeyword(part) is null) throw Error($"unknown keyword '{part}'");
            return parts;
        }

        private object ParseLiteral()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '"')
            {
                var end = text.IndexOf('"', _pos + 1);
                if (end < 0) throw Error("unterminated string");
                var s = text[(_pos + 1)..end];
                _pos = end + 1;
                return s;
            }
            return ParseNumber();
        }

        private double ParseNumber()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '-' or '+' or '.')) _pos++;
            if (!double.TryParse(text[start.._pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) throw Error("expected a number");
            return d;
        }

        private string ParseIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            if (start == _pos) throw Error("expected a function name");
            return text[start.._pos];
        }

        private static bool Same(object v, object lit) => v switch
        {
            string s when lit is string l => string.Equals(s, l, StringComparison.Ordinal),
            double d when lit is double l => d == l,
            _ => false,
        };

        private static bool Compare(object? v, string op, object lit)
        {
            if (v is null) return op == "!=";
            if (op == "==") return Same(v, lit);
            if (op == "!=") return !Same(v, lit);
            if (v is not double d || lit is not double l) return false;
            return op switch { "<" => d < l, "<=" => d <= l, ">" => d > l, _ => d >= l };
        }

        private void SkipSpace() { while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++; }

        private bool TryChar(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        private bool TryToken(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, token, 0, token.Length) != 0) return false;
            _pos += token.Length;
            return true;
        }

        private bool TryWord(string word)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            var end = _pos + word.Length;
            if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) return false;
            _pos = end;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryChar(c)) throw Error($"expected '{c}'");
        }

        private FormatException Error(string message) => new($"condition \"{text}\", column {_pos + 1}: {message}");
    }
}

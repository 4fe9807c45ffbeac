using System.Globalization;

namespace ConformanceKit.Rules.Tables;

/// <summary>
/// A value multiplicity (PS3.5 6.4) or a sequence item count: "1", "16", "1-3", "1-n", "2-2n", "0-1".
/// </summary>
public readonly record struct Multiplicity(int Min, int? Max, int Step)
{
    public static Multiplicity Parse(string text)
    {
        var t = text.Trim().Replace(':', '-');
        var dash = t.IndexOf('-');
        if (dash < 0) { var n = Int(t); return new Multiplicity(n, n, 1); }
        var min = Int(t[..dash]);
        var hi = t[(dash + 1)..];
        if (hi == "n") return new Multiplicity(min, null, 1);
        if (hi.EndsWith('n'))
        {
            // "2-2n", "3-3n": a multiple of the step, at least min.
            var step = Int(hi[..^1]);
            return new Multiplicity(min, null, step);
        }
        return new Multiplicity(min, Int(hi), 1);
    }

    public bool Allows(int count) =>
        count >= Min && (Max is not { } max || count <= max) && (Step <= 1 || count % Step == 0);

    public override string ToString() =>
        Max == Min ? Min.ToString(CultureInfo.InvariantCulture) :
        Max is { } m ? $"{Min}-{m}" :
        Step > 1 ? $"{Min}-{Step}n" : $"{Min}-n";

    private static int Int(string s) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"'{s}' is not a multiplicity");
}

using System.Text.RegularExpressions;

namespace ConformanceKit.Fuzz;

/// <summary>
/// Something the harness reads from untrusted peers or files. <see cref="Run"/> feeds it one input and says how
/// the input ended in words: a clear rejection (with the parser's reason), a finding, an A-ABORT or an
/// A-ASSOCIATE-RJ, or acceptance. Any other exception is a crash; a run longer than <see cref="HangLimit"/> is a hang.
/// </summary>
public abstract partial class FuzzTarget : IDisposable
{
    public abstract string Name { get; }

    /// <summary>What is fuzzed, in a line (for the figures table).</summary>
    public abstract string Description { get; }

    /// <summary>The starting corpus: real objects, captured PDUs, library scenarios.</summary>
    public abstract IReadOnlyList<byte[]> Seeds();

    /// <summary>Tokens of the input's syntax the mutator may insert (empty for binary targets).</summary>
    public virtual IReadOnlyList<byte[]> Dictionary => [];

    /// <summary>Longer than this for one input counts as a hang (well above every configured timeout the input can meet).</summary>
    public virtual TimeSpan HangLimit => TimeSpan.FromSeconds(10);

    /// <summary>Runs one input; returns the outcome in words. Throws only for a defect (that is what a crash is).</summary>
    public abstract string Run(byte[] input);

    /// <summary>Checks after the campaign (for example: every association was released); null when all is well.</summary>
    public virtual string? AfterCampaign() => null;

    public virtual void Dispose() { }

    /// <summary>
    /// The outcome's kind with numbers, quoted values and UIDs taken out, so that inputs that fail the same way
    /// share one signature (a new signature is new behaviour, and keeps its input in the corpus).
    /// </summary>
    public static string Signature(string outcome)
    {
        var s = Quoted().Replace(outcome, "'…'");
        s = Numbers().Replace(s, "#");
        return s.Length > 160 ? s[..160] : s;
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(0x)?[0-9A-Fa-f]*[0-9][0-9A-Fa-f.]*")]
    private static partial Regex Numbers();
}

/// <summary>The harness's own invariant broke while handling an input (a defect even though nothing threw).</summary>
public sealed class FuzzDefectException(string message) : Exception(message);

namespace ConformanceKit.Scenarios.Steps;

/// <summary>The form of answer an attestation step wants.</summary>
public enum AnswerForm
{
    /// <summary>yes or no.</summary>
    YesNo,
    /// <summary>free text, recorded as given.</summary>
    Text,
    /// <summary>a patient coordinate x, y, z in mm read off the SUT's screen.</summary>
    Point,
}

/// <summary>A question for the human operating the SUT, keyed by scenario and step ID for answers files.</summary>
public sealed record AttestationQuestion(string ScenarioId, string StepId, string Question, AnswerForm Form);

/// <summary>An answer and where it came from ("terminal", "answers file PATH").</summary>
public sealed record AttestationAnswer(string Text, string Source);

/// <summary>Where attestation answers come from: the terminal, an answers file (CI), or nowhere.</summary>
public interface IAttestationSource
{
    /// <summary>The answer, or null when this source has none (the step is then INCONCLUSIVE).</summary>
    Task<AttestationAnswer?> AskAsync(AttestationQuestion question, CancellationToken cancel);
}

/// <summary>No human available and no answers file: every attestation stays unanswered.</summary>
public sealed class NoAttestation : IAttestationSource
{
    public static readonly NoAttestation Instance = new();
    public Task<AttestationAnswer?> AskAsync(AttestationQuestion question, CancellationToken cancel) => Task.FromResult<AttestationAnswer?>(null);
}

/// <summary>Asks each source in turn (answers file first, then the terminal) until one answers.</summary>
public sealed class AttestationChain(params IAttestationSource[] sources) : IAttestationSource
{
    public async Task<AttestationAnswer?> AskAsync(AttestationQuestion question, CancellationToken cancel)
    {
        foreach (var s in sources)
            if (await s.AskAsync(question, cancel) is { } a) return a;
        return null;
    }
}

/// <summary>
/// Asks at the terminal. Used only when standard input is a terminal, so CI never hangs waiting for a
/// human; reading is cancellable (Ctrl-C).
/// </summary>
public sealed class TerminalAttestation(TextReader input, TextWriter output) : IAttestationSource
{
    public async Task<AttestationAnswer?> AskAsync(AttestationQuestion question, CancellationToken cancel)
    {
        var hint = question.Form switch
        {
            AnswerForm.YesNo => "[yes/no]",
            AnswerForm.Point => "[x, y, z in mm]",
            _ => "[text]",
        };
        await output.WriteLineAsync();
        await output.WriteLineAsync($"  ATTEST {question.ScenarioId} / {question.StepId}");
        await output.WriteLineAsync($"  {question.Question} {hint}");
        await output.WriteAsync("  > ");
        await output.FlushAsync(cancel);
        var line = await input.ReadLineAsync(cancel);
        return line is null ? null : new AttestationAnswer(line.Trim(), "terminal");
    }
}

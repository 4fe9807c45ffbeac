using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// Attestation answers from a YAML file, for CI: scenario ID, then step ID, then the answer text.
/// <code>
/// DSP-001:
///   fusion-aligned: "yes"
///   marker-1: "12.5, -30, 40"
/// </code>
/// </summary>
public sealed class AnswersFileAttestation : IAttestationSource
{
    private const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

    public static readonly Shape FileShape = new MapShape(IdPattern, "a scenario ID",
        new MapShape(IdPattern, "a step ID", new TextShape { MinLength = 0 }))
    {
        Description = "Attestation answers: scenario ID -> step ID -> answer.",
    };

    private readonly Dictionary<(string, string), string> _answers = [];
    private readonly string _path;

    private AnswersFileAttestation(string path) => _path = path;

    public static AnswersFileAttestation Load(string path)
    {
        var node = YamlDocumentReader.ReadFile(path);
        var cx = new BindContext();
        var bound = FileShape.Bind(node, cx) as IReadOnlyList<KeyValuePair<string, Bound>>;
        cx.ThrowIfErrors();
        var result = new AnswersFileAttestation(YamlDocumentReader.DisplayPath(path));
        foreach (var (scenario, steps) in bound!)
            foreach (var (step, answer) in (IReadOnlyList<KeyValuePair<string, Bound>>)steps.Value!)
                result._answers[(scenario, step)] = (string)answer.Value!;
        return result;
    }

    public int Count => _answers.Count;

    public Task<AttestationAnswer?> AskAsync(AttestationQuestion question, CancellationToken cancel) =>
        Task.FromResult(_answers.TryGetValue((question.ScenarioId, question.StepId), out var a)
            ? new AttestationAnswer(a, $"answers file {_path}") : null);
}

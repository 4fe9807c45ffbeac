using System.Text;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// The scenario loader: bounded YAML reading (no anchors, aliases or tags, limits on size, depth, nodes and
/// scalar length), then the shape and meaning checks. A document ends as a ScenarioFormatException naming file,
/// line and column, or as a loaded scenario.
/// </summary>
public sealed class ScenarioYamlTarget : FuzzTarget
{
    private readonly string _library = ScenarioLibrary.FindDefaultFolder() ?? Path.GetTempPath();

    public override string Name => "yaml";
    public override string Description => "scenario YAML loader (reader, shape and meaning checks)";

    public override IReadOnlyList<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        if (Directory.Exists(_library))
            foreach (var path in Directory.EnumerateFiles(_library, "*.yaml*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                seeds.Add(File.ReadAllBytes(path));
        // Hostile documents: type instantiation, alias expansion, deep nesting, several documents.
        seeds.Add(Encoding.UTF8.GetBytes("id: !!python/object/apply:os.system ['true']\n"));
        seeds.Add(Encoding.UTF8.GetBytes("id: !<tag:yaml.org,2002:System.Diagnostics.Process> {StartInfo: {FileName: /bin/sh}}\n"));
        seeds.Add(Encoding.UTF8.GetBytes("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"));
        seeds.Add(Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        seeds.Add(Encoding.UTF8.GetBytes("id: one\n---\nid: two\n"));
        return seeds;
    }

    public override IReadOnlyList<byte[]> Dictionary { get; } = Mutator.Tokens(
        "&a ", "*a", "!!str ", "!!binary ", "!!python/object:x ", "!<tag:x> ", "!x ", "<<: *a\n", "{", "}", "[", "]", ", ", ": ",
        "- ", "? ", "\n", "\n  ", "\n    - ", "|\n  ", ">-\n  ", "'", "\"", "\\u0000", "\t", "# c\n", "%YAML 1.2\n", "---\n", "...\n",
        "~", "null", "true", "1e309", "-0", "0x1F", "steps:\n  - ", "id: ", "actor: ", "profile: ", "data:\n  phantom: ", "send: ",
        "receive: ", "timeout: ", "verifies: [", "\uFEFF", "\u2028", "\U0001F600");

    public override string Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        try
        {
            var scenario = ScenarioLoader.Default.Load(text, "fuzz.yaml", _library);
            return $"loaded: {scenario.Steps.Count} steps";
        }
        catch (ScenarioFormatException e)
        {
            var first = e.Errors[0];
            if (first.Location.Line < 1 || first.Location.Column < 1) throw new FuzzDefectException($"error without a location: {first}");
            return $"rejected: {first.Message}";
        }
    }
}

using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Loading;

/// <summary>Reads a product preset (<c>ck run --sut FILE</c>); errors name file, line and column.</summary>
public static class SutPresetLoader
{
    private static readonly ObjectShape Shape = ScenarioShapes.Preset();

    public static SutPreset LoadFile(string path)
    {
        var node = YamlDocumentReader.ReadFile(path);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var cx = new BindContext();
        var o = Shape.BindObject(node, cx);
        cx.ThrowIfErrors();
        var inputs = InputsBinding.Bind(o, baseDirectory, cx);
        cx.ThrowIfErrors();
        return new SutPreset(
            o!.Text("product")!,
            o.Texts("actors").Distinct().Select(ScenarioNames.ParseActor).ToList(),
            o.Texts("profiles").Distinct().Select(ScenarioNames.ParseProfile).ToList(),
            inputs,
            o.Text("answers") is { } a ? Path.GetFullPath(Path.Combine(baseDirectory, a)) : null,
            o.Number("window-scale") ?? 1.0,
            YamlDocumentReader.DisplayPath(path));
    }
}

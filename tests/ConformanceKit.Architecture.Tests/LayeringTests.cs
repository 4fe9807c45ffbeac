using System.Xml.Linq;

namespace ConformanceKit.Architecture.Tests;

/// <summary>
/// The one-way layers of the design (design-notes section 2): a project under src/ may reference only
/// projects of lower layers. Read from the csproj files, so a violating reference fails here even
/// before it could form a cycle.
/// </summary>
public class LayeringTests
{
    // Lowest first; the Cli sits on top of everything.
    private static readonly string[] Layers =
    [
        "ConformanceKit.Dicom",
        "ConformanceKit.Dicom.Network",
        "ConformanceKit.Geometry",
        "ConformanceKit.Rules",
        "ConformanceKit.Actors",
        "ConformanceKit.Scenarios",
        "ConformanceKit.Reports",
        "ConformanceKit.Cli",
    ];

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConformanceKit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ConformanceKit.sln not found above the test directory");
    }

    private static IEnumerable<string> ReferencesOf(string project)
    {
        var path = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
        return XDocument.Load(path).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')));
    }

    [Test]
    public void EveryLayerHasItsProject()
    {
        foreach (var layer in Layers)
            Assert.That(File.Exists(Path.Combine(RepositoryRoot(), "src", layer, layer + ".csproj")), Is.True, layer);
    }

    [Test]
    public void ProjectsReferenceOnlyLowerLayers()
    {
        var violations = new List<string>();
        for (var i = 0; i < Layers.Length; i++)
            foreach (var reference in ReferencesOf(Layers[i]))
            {
                var j = Array.IndexOf(Layers, reference);
                if (j < 0) violations.Add($"{Layers[i]} references {reference}, which is not a layer");
                else if (j >= i) violations.Add($"{Layers[i]} references {reference}, a layer at or above it");
            }
        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void NoSourceProjectOutsideTheLayersExceptTools()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var projects = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.Combine("src", "Tools"), StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension);
        Assert.That(projects, Is.SubsetOf(Layers));
    }
}

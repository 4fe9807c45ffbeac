using ConformanceKit.Rules.Tests.Fixtures;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Rules.Tests;

/// <summary>
/// The real IHE-RO MMRO-II transparency objects (shared/data, written by another team's tools) validate under
/// MMRO-II with no gating error the profile does not require: every gating finding is either an error dciodvfy
/// reports on the same attribute too, or a requirement the profile states. The report is kept as an artefact.
/// </summary>
public class IheRoDataTests
{
    private static string? DataFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "ihe-ro-mmro2-transparency");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Directory.Exists("/work/shared/data/ihe-ro-mmro2-transparency") ? "/work/shared/data/ihe-ro-mmro2-transparency" : null;
    }

    /// <summary>Gating findings the profile itself requires of these objects (rule, file name, why).</summary>
    private static readonly (string Rule, string File, string Why)[] ProfileRequirements =
    [
        ("REG-SRO-016", "CTMR.dcm", "MMRO-II items list the images used to create the matrix (ReferencedImageSequenceRule); the transparency SRO has Frame of Reference UIDs only, as MMRO-I did"),
    ];

    [Test]
    public void TransparencyObjectsHaveNoGatingErrorTheProfileDoesNotRequire()
    {
        var folder = DataFolder();
        if (folder is null) Assert.Ignore("shared/data/ihe-ro-mmro2-transparency is not present (it is never copied into the repository)");
        Dciodvfy.RequireOrIgnore();

        var report = new FileSetValidator(new ValidationOptions { Mode = ProfileMode.MmroII, Parallelism = 1 }).Validate([folder]);
        var artefact = Path.Combine(TestContext.CurrentContext.WorkDirectory, "ihe-ro-transparency-mmro2.txt");
        using (var w = new StreamWriter(artefact)) ValidationReportWriter.WriteText(report, w);
        TestContext.AddTestAttachment(artefact, "ck validate --profile MMRO-II on the IHE-RO transparency objects");
        TestContext.Out.WriteLine(File.ReadAllText(artefact));

        Assert.That(report.ObjectsValidated, Is.EqualTo(6));
        var unexplained = new List<string>();
        foreach (var group in report.Findings.Where(f => f.Gates).GroupBy(f => f.Object.File!))
        {
            var name = Path.GetFileName(group.Key);
            var confirmed = Dciodvfy.Errors(Dciodvfy.Run(group.Key) ?? []).Select(m => m.Keyword).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var f in group)
            {
                var attribute = f.Path.Split('/')[^1].Split('[')[0];
                if (confirmed.Contains(attribute)) continue;
                if (ProfileRequirements.Any(r => r.Rule == f.Rule.Id && r.File == name)) continue;
                unexplained.Add($"{name}: {f}");
            }
        }
        Assert.That(unexplained, Is.Empty, "gating findings neither dciodvfy nor the profile back up");
        Assert.That(report.Findings.Where(f => f.Rule.Id == "REG-SRO-016").Select(f => Path.GetFileName(f.Object.File)), Has.All.EqualTo("CTMR.dcm"));
    }
}

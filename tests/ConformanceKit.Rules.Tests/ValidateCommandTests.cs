using System.Text.Json;
using ConformanceKit.Cli.Commands;
using ConformanceKit.Rules.Tests.Fixtures;

namespace ConformanceKit.Rules.Tests;

/// <summary>`ck validate` end to end on files: exit codes 0/1/2, text and JSON carrying the same findings, unreadable files as findings.</summary>
[NonParallelizable]
public class ValidateCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var previous = Console.Out;
        using var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            var exit = new ValidateCommand().RunAsync(args, CancellationToken.None).GetAwaiter().GetResult();
            return (exit, capture.ToString());
        }
        finally { Console.SetOut(previous); }
    }

    private static string Folder(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "validate-command", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Test]
    public void CorrectSetExitsZero()
    {
        var folder = Folder("correct");
        Study.Phantom().WriteTo(folder);
        var (exit, output) = Run(folder, "--profile", "MMRO-II");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("verdict: PASS"));
    }

    [Test]
    public void GatingFindingExitsOneAndTextAndJsonAgree()
    {
        var folder = Folder("broken");
        var study = Study.Phantom();
        study.SroMr.SetMatrix(2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1); // reflection: REG-SRO-026
        study.WriteTo(folder);
        var (exit, text) = Run(folder, "--profile", "MMRO-II");
        Assert.That(exit, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("REG-SRO-026 [gating]  RegistrationSequence[2]/MatrixRegistrationSequence[1]/MatrixSequence[1]/FrameOfReferenceTransformationMatrix"));
        Assert.That(text, Does.Contain("DICOM PS3.3 C.20.2.1.2"));

        var (jsonExit, json) = Run(folder, "--profile", "MMRO-II", "--format", "json");
        Assert.That(jsonExit, Is.EqualTo(1));
        using var doc = JsonDocument.Parse(json);
        var findings = doc.RootElement.GetProperty("objects").EnumerateArray().SelectMany(o => o.GetProperty("findings").EnumerateArray()).ToList();
        var reflection = findings.Single(f => f.GetProperty("rule").GetString() == "REG-SRO-026");
        Assert.That(reflection.GetProperty("severity").GetString(), Is.EqualTo("error"));
        Assert.That(reflection.GetProperty("gating").GetBoolean(), Is.True);
        Assert.That(reflection.GetProperty("found").GetString(), Does.StartWith("-1"));
        Assert.That(doc.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
        Assert.That(findings.Count, Is.EqualTo(text.Split('\n').Count(l => l.StartsWith("     ", StringComparison.Ordinal) && !l.StartsWith("      ", StringComparison.Ordinal))));
    }

    [Test]
    public void NothingReadableExitsTwoWithTheUnreadableFileAsFinding()
    {
        var folder = Folder("garbage");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "these are not DICOM bytes at all");
        var (exit, output) = Run(folder);
        Assert.That(exit, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("DCM-FILE-001"));
        Assert.That(output, Does.Contain("notes.txt"));
    }

    [Test]
    public void BadArgumentsAreUsageErrors()
    {
        Assert.Throws<ConformanceKit.Cli.UsageException>(() => Run("x", "--profile", "MMRO-IV"));
        Assert.Throws<ConformanceKit.Cli.UsageException>(() => Run("x", "--format", "xml"));
        Assert.Throws<ConformanceKit.Cli.UsageException>(() => Run("--profile", "GEN"));
    }
}

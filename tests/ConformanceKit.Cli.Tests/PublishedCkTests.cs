using System.Globalization;
using System.Text.RegularExpressions;
using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Results;
using ConformanceKit.Testing;

namespace ConformanceKit.Cli.Tests;

/// <summary>
/// `ck` as shipped: the program ./run.sh publishes (native, ahead-of-time compiled, on x64 Linux with a C toolchain;
/// ck.dll elsewhere), named by CK_EXE, which `./run.sh test` sets. Native compilation keeps only the code it can
/// see, so each kind of command runs here with the published program and is compared with the same command run
/// in-process (JIT): the scenario library and its report, file commands, and the network commands over loopback.
/// </summary>
[NonParallelizable]
public sealed partial class PublishedCkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static string Exe()
    {
        var exe = Environment.GetEnvironmentVariable("CK_EXE");
        if (string.IsNullOrEmpty(exe)) Assert.Ignore("CK_EXE is not set: `./run.sh test` publishes ck and names it there");
        Assert.That(File.Exists(exe), $"CK_EXE names {exe}, which does not exist");
        return exe!;
    }

    private static (string Executable, string[] Arguments) Command(string[] args) =>
        Exe() is var exe && exe.EndsWith(".dll", StringComparison.Ordinal) ? ("dotnet", [exe, .. args]) : (exe, args);

    private static async Task<PeerRun> RunAsync(string? workingDirectory, params string[] args)
    {
        var (exe, arguments) = Command(args);
        return await PeerProcess.RunAsync(exe, arguments, Patience, workingDirectory);
    }

    private static Task<PeerProcess> StartListeningAsync(int port, params string[] args)
    {
        var (exe, arguments) = Command(args);
        return PeerProcess.StartListeningAsync(port, TimeSpan.FromSeconds(60), exe, arguments);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scenarios", "schema.json"))) return dir.FullName;
        throw new DirectoryNotFoundException("no scenarios/schema.json above the test folder");
    }

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Generated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")]
    private static partial Regex GeneratedStamp();

    [Test]
    public async Task The_scenario_library_passes_and_its_report_is_the_one_the_in_process_ck_renders()
    {
        using var temp = new TempDirectory("ck-published-run");
        var run = await RunAsync(RepositoryRoot(), "run", "--out", temp.Path);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.Output + run.Error);

        var runDir = Directory.GetDirectories(temp.Path).Single(d => Path.GetFileName(d) != "latest");
        var results = ResultsJson.Read(Path.Combine(runDir, ResultsJson.FileName));
        var listed = await Ck.RunAsync("list", Path.Combine(RepositoryRoot(), "scenarios"), "--format", "json");
        var library = System.Text.Json.JsonDocument.Parse(listed.Out).RootElement.GetProperty("scenarios").GetArrayLength();
        Assert.That(results.Summary.Total, Is.EqualTo(library), "every scenario of the library ran");
        Assert.That(results.Summary.Pass, Is.EqualTo(library), "and passed against the reference SUTs");

        // The same results rendered in-process: the native report must be the same page (but for its time stamp).
        var copy = Directory.CreateDirectory(temp.Combine("in-process")).FullName;
        File.Copy(Path.Combine(runDir, ResultsJson.FileName), Path.Combine(copy, ResultsJson.FileName));
        foreach (var sub in new[] { "scenarios", "actors" }.Where(s => Directory.Exists(Path.Combine(runDir, s))))
            CopyTree(Path.Combine(runDir, sub), Path.Combine(copy, sub));
        var render = await Ck.RunAsync("report", copy, "--no-index");
        Assert.That(render.ExitCode, Is.EqualTo(ExitCodes.Success), render.Error);
        string Page(string dir) => GeneratedStamp().Replace(File.ReadAllText(Path.Combine(dir, "index.html")), "Generated (time)");
        Assert.That(Page(runDir), Is.EqualTo(Page(copy)), "the published ck's report differs from the in-process render");
    }

    [Test]
    public async Task File_commands_write_and_print_what_the_in_process_commands_do()
    {
        using var temp = new TempDirectory("ck-published-files");
        var (native, jit) = (temp.Combine("native"), temp.Combine("jit"));
        Assert.That((await RunAsync(null, "phantom", "--preset", "tiny", "--out", native, "--seed", "11")).ExitCode, Is.EqualTo(0));
        Assert.That((await Ck.RunAsync("phantom", "--preset", "tiny", "--out", jit, "--seed", "11")).ExitCode, Is.EqualTo(0));
        var files = Directory.GetFiles(jit, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(jit, f)).Order(StringComparer.Ordinal).ToList();
        Assert.That(Directory.GetFiles(native, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(native, f)).Order(StringComparer.Ordinal),
            Is.EqualTo(files));
        foreach (var f in files)
            Assert.That(File.ReadAllBytes(Path.Combine(native, f)), Is.EqualTo(File.ReadAllBytes(Path.Combine(jit, f))), f);

        var dicom = files.Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).Select(f => Path.Combine(jit, f)).ToList();
        foreach (var args in new[] { new[] { "dump", dicom[0], "--json" }, ["dump", dicom[^1]], ["validate", jit, "--format", "json"] })
        {
            var (n, j) = (await RunAsync(null, args), await Ck.RunAsync(args));
            Assert.That((n.ExitCode, n.Output), Is.EqualTo((j.ExitCode, j.Out)), string.Join(' ', args));
        }
    }

    [Test]
    public async Task Network_commands_store_query_and_retrieve_through_the_archive()
    {
        using var temp = new TempDirectory("ck-published-net");
        Assert.That((await RunAsync(null, "phantom", "--preset", "tiny", "--out", temp.Combine("set"), "--seed", "5")).ExitCode, Is.EqualTo(0));
        var sent = Directory.GetFiles(temp.Combine("set"), "*.dcm", SearchOption.AllDirectories);
        var study = DicomFileReader.Read(sent[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!;
        var uids = sent.Select(f => DicomFileReader.Read(f).Dataset.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal).ToList();

        var port = FreePort.Pick();
        await using var archive = await StartListeningAsync(port, "archive", "--aet", "CK_ARCHIVE", "--port", P(port), "--dir", temp.Combine("archive"),
            "--bind", "127.0.0.1", "--no-fsync", "--quiet");
        string[] peer = ["--aec", "CK_ARCHIVE", "--host", "127.0.0.1", "--port", P(port)];

        var echo = await RunAsync(null, ["echo", .. peer]);
        Assert.That(echo.ExitCode, Is.EqualTo(0), echo.Output + echo.Error);
        var store = await RunAsync(null, ["store", temp.Combine("set"), .. peer]);
        Assert.That(store.ExitCode, Is.EqualTo(0), store.Output + store.Error);
        Assert.That(store.Output, Does.Contain($"stored {sent.Length} of {sent.Length}"));

        var find = await RunAsync(null, ["find", "--level", "STUDY", "-k", "StudyInstanceUID=", .. peer]);
        Assert.That(find.ExitCode, Is.EqualTo(0), find.Output + find.Error);
        Assert.That(find.Output, Does.Contain(study).And.Contain("1 match(es) at STUDY level"));

        var get = await RunAsync(null, ["get", "--out", temp.Combine("got"), "--level", "STUDY", "-k", $"StudyInstanceUID={study}", .. peer]);
        Assert.That(get.ExitCode, Is.EqualTo(0), get.Output + get.Error);
        var got = Directory.GetFiles(temp.Combine("got"), "*", SearchOption.AllDirectories)
            .Select(f => DicomFileReader.Read(f).Dataset.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal);
        Assert.That(got, Is.EqualTo(uids), "C-GET brings back every object stored");

        var scpPort = FreePort.Pick();
        await using (var scp = await StartListeningAsync(scpPort, "storescp", "--aet", "CK_SCP", "--port", P(scpPort), "--dir", temp.Combine("scp"),
                         "--bind", "127.0.0.1", "--quiet"))
        {
            var toScp = await RunAsync(null, "store", temp.Combine("got"), "--aec", "CK_SCP", "--host", "127.0.0.1", "--port", P(scpPort));
            Assert.That(toScp.ExitCode, Is.EqualTo(0), toScp.Output + toScp.Error + scp.Output);
        }
        Assert.That(Directory.GetFiles(temp.Combine("scp"), "*.dcm"), Has.Length.EqualTo(sent.Length), "ck storescp stored every object");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Model;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>Everything a running step may use. One context per scenario run, shared by its steps in order.</summary>
public sealed class StepContext
{
    public required Scenario Scenario { get; init; }
    /// <summary>Inputs after defaults, the scenario's own and the product preset were merged.</summary>
    public required ScenarioInputs Inputs { get; init; }
    public required ObjectSets Sets { get; init; }
    public required ActorInstances Actors { get; init; }
    public required RunIdentity Identity { get; init; }
    public required HarnessServices Services { get; init; }
    /// <summary>Absolute path of the run folder (reports/RUN_ID).</summary>
    public required string RunDirectory { get; init; }
    /// <summary>This scenario's folder, relative to the run folder (captured objects and transcripts go here).</summary>
    public required string ScenarioDirectory { get; init; }
    /// <summary>The built-in reference SUT of this scenario run, or null when a product is under test.</summary>
    public IReferenceSut? ReferenceSut { get; init; }

    /// <summary>Multiplies every wait window (a product preset may slow all of them down).</summary>
    public double WindowScale { get; init; } = 1.0;

    /// <summary>The phantom's true transforms and marker positions (empty for folder data).</summary>
    public PhantomData Truth { get; internal set; } = new(new Dictionary<string, IReadOnlyList<DicomFile>>(), new Dictionary<string, double[]>(), new Dictionary<string, Geometry.Vector3>());

    /// <summary>The step now running (set by the engine).</summary>
    public ScenarioStep? Step { get; internal set; }

    public TimeSpan Scale(TimeSpan window) => TimeSpan.FromMilliseconds(window.TotalMilliseconds * WindowScale);

    /// <summary>
    /// Keeps a copy of an object in the run folder (objects/SET/SOPInstanceUID.dcm, written to a
    /// temporary name then renamed so a crash never leaves half a file) and returns it with the path set.
    /// With a de-identifier in the services, the copy has its patient attributes replaced; checks keep using the original.
    /// Flushed, not synced: evidence of a test run need not survive a power loss, and an fsync per object
    /// (about 10 ms on a busy disk) would dominate a retrieval of a few hundred objects.
    /// </summary>
    public ScenarioObject Keep(string set, ScenarioObject o)
    {
        var uid = o.SopInstanceUid;
        var safeUid = uid.Length > 0 && uid.All(c => char.IsAsciiDigit(c) || c == '.') ? uid : DicomUidGenerator.FromSeed(uid + Guid.NewGuid());
        var safeSet = string.Concat(set.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
        var relative = Path.Combine(ScenarioDirectory, "objects", safeSet, safeUid + ".dcm");
        var full = Path.Combine(RunDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var file = Services.Deidentifier is { } d ? new DicomFile(o.File.FileMetaInformation, d.Apply(o.File.Dataset), o.File.TransferSyntax) : o.File;
            DicomFileWriter.Write(fs, file);
            fs.Flush();
        }
        File.Move(temp, full, overwrite: true);
        return o with { StoredFile = relative.Replace('\\', '/') };
    }
}

/// <summary>The simulated actors running in one scenario run, by the name the scenario gave them.</summary>
public sealed class ActorInstances : IAsyncDisposable
{
    private readonly Dictionary<string, IActorInstance> _running = new(StringComparer.Ordinal);

    public IActorInstance this[string name] =>
        _running.TryGetValue(name, out var a) ? a : throw new InvalidOperationException($"actor '{name}' is not running");

    public bool TryGet(string name, out IActorInstance actor) => _running.TryGetValue(name, out actor!);

    public void Add(IActorInstance actor) => _running.Add(actor.Name, actor);

    public async Task StopAsync(string name)
    {
        if (_running.Remove(name, out var a)) await a.DisposeAsync();
    }

    /// <summary>Stops whatever is still running (the engine calls this when a scenario ends, however it ends).</summary>
    public async ValueTask DisposeAsync()
    {
        var all = _running.Values.ToList();
        _running.Clear();
        foreach (var a in all)
        {
            try { await a.DisposeAsync(); }
            catch (Exception) { /* stopping is best effort; the step verdicts are already recorded */ }
        }
    }
}

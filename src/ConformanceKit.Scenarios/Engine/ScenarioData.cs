using ConformanceKit.Dicom;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Steps;

namespace ConformanceKit.Scenarios.Engine;

/// <summary>
/// Prepares a scenario's object sets: reads a folder (split by the selectors) or generates a phantom,
/// then gives every object the run's identity (<see cref="RunIdentity"/>).
/// </summary>
public static class ScenarioData
{
    /// <summary>Largest data folder read (a data set is a few series; this stops a wrong path such as "/").</summary>
    public const int MaxFolderFiles = 20_000;

    public sealed record Prepared(string? UnavailableReason, string Summary, IReadOnlyList<string> Notes)
    {
        public PhantomData? Phantom { get; init; }
    }

    public static async Task<Prepared> PrepareAsync(DataSpec data, ObjectSets sets, RunIdentity identity, HarnessServices services, CancellationToken cancel)
    {
        if (data.Phantom is { } preset)
        {
            if (services.Phantoms is null)
                return new Prepared("phantom generator (geometry layer, issue 4)", "", []);
            if (services.Phantoms.UnavailableReason(preset) is { } why)
                return new Prepared($"phantom preset {preset} needs {why}", "", []);
            var phantom = await services.Phantoms.GenerateAsync(preset, data.Size, cancel);
            foreach (var (name, files) in phantom.Sets)
                sets.Put(name, files.Select(f => new ScenarioObject(identity.Apply(f), "data")));
            return new Prepared(null, $"phantom {preset} ({data.Size}): {Describe(sets)}", []) { Phantom = phantom };
        }
        if (data.Folder is { } folder)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"data folder {folder} does not exist");
            var notes = new List<string>();
            var objects = new List<DicomFile>();
            var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 8 })
                .Order(StringComparer.Ordinal).Take(MaxFolderFiles + 1).ToList();
            if (files.Count > MaxFolderFiles) throw new InvalidOperationException($"data folder {folder} holds more than {MaxFolderFiles} files");
            foreach (var f in files)
            {
                cancel.ThrowIfCancellationRequested();
                try { objects.Add(DicomFileReader.Read(f)); }
                catch (DicomReadException e) { notes.Add($"{Path.GetRelativePath(folder, f)} skipped: {e.Message}"); }
            }
            foreach (var selector in data.Sets)
                sets.Put(selector.Name, objects.Where(o => Matches(selector, o.Dataset)).Select(o => new ScenarioObject(identity.Apply(o), "data")));
            return new Prepared(null, $"folder {folder}: {Describe(sets)}", notes);
        }
        return new Prepared(null, "no data", []);
    }

    private static bool Matches(DataSetSelector s, DicomDataset ds) =>
        (s.Modalities.Count == 0 || s.Modalities.Contains(ds.GetString(DicomTags.Modality) ?? "")) &&
        (s.SopClassUids.Count == 0 || s.SopClassUids.Contains(ds.GetString(DicomTags.SOPClassUID) ?? "")) &&
        (s.SeriesDescription is null || ds.GetString(DicomTags.SeriesDescription) == s.SeriesDescription) &&
        (s.SeriesNumber is null || SafeInt(ds, DicomTags.SeriesNumber) == s.SeriesNumber);

    private static long? SafeInt(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetLongs(tag) is [var v, ..] ? v : null; }
        catch (FormatException) { return null; }
    }

    private static string Describe(ObjectSets sets) =>
        string.Join(", ", sets.Names.Order(StringComparer.Ordinal).Select(n => $"{n} ({sets[n].Count})"));
}

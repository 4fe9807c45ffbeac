using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConformanceKit.Scenarios.Results;

/// <summary>Reads and writes results.json (camelCase, indented, nulls omitted, UTF-8).</summary>
public static class ResultsJson
{
    public const string FileName = "results.json";

    /// <summary>Largest results.json `ck merge` reads (a full library run writes well under 10 MB).</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    public static string Serialize(RunResult run) => JsonSerializer.Serialize(run, ResultsJsonContext.Default.RunResult);

    /// <summary>Writes results.json atomically (temporary file, flush, rename), so a reader never sees half a file.</summary>
    public static void Write(string runDirectory, RunResult run) =>
        RunFolder.WriteAtomically(Path.Combine(runDirectory, FileName), Serialize(run));

    public static RunResult Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path} does not exist");
        if (info.Length > MaxBytes) throw new InvalidDataException($"{path} is larger than {MaxBytes} bytes");
        RunResult? run;
        try { run = JsonSerializer.Deserialize(File.ReadAllText(path), ResultsJsonContext.Default.RunResult); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a results.json: {e.Message}"); }
        if (run is null) throw new InvalidDataException($"{path} is empty");
        if (run.Schema != RunResult.SchemaId) throw new InvalidDataException($"{path} has schema '{run.Schema}', expected '{RunResult.SchemaId}'");
        return run;
    }
}

/// <summary>results.json's serializer, generated at build time so that no reflection is needed.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 32)]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;

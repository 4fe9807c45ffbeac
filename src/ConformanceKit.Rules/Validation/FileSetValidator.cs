using System.Collections.Concurrent;
using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Sets;

namespace ConformanceKit.Rules.Validation;

/// <summary>
/// Validates files and folders as one set. Files stream through a few workers: each is read, checked and
/// reduced to its <see cref="ObjectSummary"/>, and its dataset (pixel data included) is dropped before
/// the next file, so memory grows with the number of objects, not their size. Set rules run last.
/// </summary>
public sealed class FileSetValidator(ValidationOptions options)
{
    public ValidationOptions Options { get; } = options;

    /// <summary>The files under the given paths: files as given, folders recursively in ordinal path order.</summary>
    public static IEnumerable<string> EnumerateFiles(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                             .Order(StringComparer.Ordinal))
                    yield return file;
            }
            else yield return path;
        }
    }

    /// <summary>Validates the files under <paramref name="paths"/> (files, or folders recursively) as one set.</summary>
    public ValidationReport Validate(IEnumerable<string> paths, CancellationToken cancel = default) =>
        Validate(EnumerateFiles(paths).Select(path => new ObjectSource(path, () => ReadReusingBuffer(path))), cancel);

    /// <summary>Files up to this size are read into a per-worker buffer that is reused for the next file.</summary>
    public const int ReusableBufferLimit = 256 * 1024 * 1024;

    private static readonly ThreadLocal<byte[]> Buffers = new(() => new byte[1 << 20]);

    /// <summary>
    /// Reads a file into the calling worker's reusable buffer: no large allocation per file. The dataset's values
    /// are slices of that buffer, so they are valid only until the worker reads its next file; the validator
    /// keeps nothing of a dataset beyond its summary and findings (strings and numbers), so this is safe here.
    /// </summary>
    private static DicomFile ReadReusingBuffer(string path)
    {
        int length;
        byte[] buffer;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > ReusableBufferLimit) return DicomFileReader.Read(path);
            length = (int)stream.Length;
            buffer = Buffers.Value!;
            if (buffer.Length < length) Buffers.Value = buffer = new byte[Math.Max(length, buffer.Length * 2)];
            stream.ReadExactly(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomReadException($"cannot open file: {e.Message}", 0, "");
        }
        var file = DicomFileReader.Read(buffer.AsMemory(0, length));
        return new DicomFile(file.FileMetaInformation, file.Dataset, file.TransferSyntax)
        {
            Preamble = file.Preamble, Path = path, HasPart10Header = file.HasPart10Header, DatasetOffset = file.DatasetOffset, Issues = file.Issues,
        };
    }

    /// <summary>Validates objects already in memory (captured over the network, or built by a test) as one set.</summary>
    public ValidationReport Validate(IEnumerable<DicomFile> files, CancellationToken cancel = default) =>
        Validate(files.Select((f, i) => new ObjectSource(f.Path ?? $"object {i + 1}", () => f)), cancel);

    /// <summary>Validates objects loaded on demand, one at a time per worker.</summary>
    public ValidationReport Validate(IEnumerable<ObjectSource> sources, CancellationToken cancel = default)
    {
        var validator = new ObjectValidator(Options);
        var results = new ConcurrentBag<(long Index, ObjectRef Ref, ObjectSummary? Summary, IReadOnlyList<Finding> Findings)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.Parallelism), CancellationToken = cancel };
        Parallel.ForEach(sources, parallel, (source, _, index) =>
        {
            var sink = new FindingSink(Options.Mode);
            var (reference, summary) = ValidateOne(validator, source, sink);
            results.Add((index, reference, summary, sink.Findings));
        });
        var ordered = results.OrderBy(r => r.Index).ToList();
        var summaries = ordered.Select(r => r.Summary).OfType<ObjectSummary>().ToList();
        var setSink = new FindingSink(Options.Mode);
        SetValidator.Validate(summaries, Options, setSink);
        return ValidationReport.Build(Options.Mode, ordered.Select(r => r.Ref).ToList(),
            ordered.SelectMany(r => r.Findings).Concat(setSink.Findings), summaries.Count, ordered.Count - summaries.Count);
    }

    /// <summary>Reads and summarises files without reporting findings (the objects a scenario sent, for REG-IMG-009 and REG-RT-006).</summary>
    public static IReadOnlyList<ObjectSummary> Summarize(IEnumerable<string> paths)
    {
        var list = new List<ObjectSummary>();
        foreach (var path in EnumerateFiles(paths))
        {
            try
            {
                var file = DicomFileReader.Read(path);
                list.Add(ObjectSummarizer.Summarize(file.Dataset, ObjectValidator.RefOf(file.Dataset, path)));
            }
            catch (DicomReadException) { }
        }
        return list;
    }

    private static (ObjectRef, ObjectSummary?) ValidateOne(ObjectValidator validator, ObjectSource source, FindingSink sink)
    {
        var path = source.Name;
        DicomFile file;
        try { file = source.Load(); }
        catch (Exception e) when (e is DicomReadException or IOException or UnauthorizedAccessException or DicomCharacterSetException)
        {
            var reference = new ObjectRef(null, null, path);
            sink.Report(DicomRules.Unreadable, reference, "", e is DicomReadException r ? r.Reason : e.Message,
                found: e is DicomReadException d ? $"offset {d.Offset}{(d.TagPath.Length > 0 ? ", " + d.TagPath : "")}" : null, expected: "a DICOM file");
            return (reference, null);
        }
        try
        {
            var summary = validator.Validate(file.Path is null ? new DicomFile(file.FileMetaInformation, file.Dataset, file.TransferSyntax)
            {
                Path = path, Preamble = file.Preamble, HasPart10Header = file.HasPart10Header, DatasetOffset = file.DatasetOffset, Issues = file.Issues,
            } : file, sink);
            return (summary.Ref, summary);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect in a check must not hide the other files' verdicts; it is reported against the file.
            var reference = ObjectValidator.RefOf(file.Dataset, path);
            sink.Report(DicomRules.Unreadable, reference, "", $"validation stopped on this object: {e.GetType().Name}: {e.Message}", expected: "a checkable object");
            return (reference, null);
        }
    }
}

/// <summary>An object to validate: a name for reports (usually the file path) and how to load it.</summary>
public sealed record ObjectSource(string Name, Func<DicomFile> Load);

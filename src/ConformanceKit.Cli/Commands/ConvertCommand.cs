using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Dicom;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck convert IN OUT [--ts explicit|implicit]`: reads DICOM files (one file, or a folder recursively) and
/// writes them again, in their own transfer syntax or the one asked for. A folder keeps its layout under OUT.
/// Exit 0 when every file was written, 1 when any could not be read or written (each named on stderr).
/// </summary>
public sealed class ConvertCommand : ICommand
{
    public string Name => "convert";
    public string Summary => "read DICOM files (a file or a folder) and write them again, optionally in another transfer syntax";
    public string Usage => "convert IN OUT [--ts explicit|implicit] [--quiet]";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var p = ParsedArgs.Parse(args, new HashSet<string> { "--quiet" });
        var syntax = p.Get("--ts") switch
        {
            null => null,
            "explicit" => DicomTransferSyntax.ExplicitVRLittleEndian,
            "implicit" => DicomTransferSyntax.ImplicitVRLittleEndian,
            var other => throw new UsageException($"--ts expects explicit or implicit, not '{other}'"),
        };
        var quiet = p.Has("--quiet");
        p.RejectUnknown();
        if (p.Positional.Count != 2) throw new UsageException("expected IN and OUT");
        var (input, output) = (p.Positional[0], p.Positional[1]);

        var jobs = Jobs(input, output);
        if (jobs is null)
        {
            Console.Error.WriteLine($"ck convert: {input}: no such file or folder");
            return Task.FromResult(ExitCodes.Failure);
        }

        var clock = Stopwatch.StartNew();
        int written = 0, failed = 0;
        long bytes = 0;
        foreach (var (source, target) in jobs)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var file = DicomFileReader.Read(source);
                foreach (var issue in file.Issues.Where(i => i.IsError))
                    Console.Error.WriteLine($"ck convert: {source}: {issue}");
                if (Path.GetDirectoryName(target) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
                DicomFileWriter.Write(target, file, syntax);
                bytes += new FileInfo(source).Length;
                written++;
            }
            catch (Exception e) when (e is DicomReadException or NotSupportedException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ck convert: {source}: {e.Message}");
                failed++;
            }
        }
        if (!quiet)
        {
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ck convert: {written} written, {failed} failed, {bytes / 1e6:F1} MB in {seconds:F2} s"));
        }
        return Task.FromResult(failed == 0 ? ExitCodes.Success : ExitCodes.Failure);
    }

    // A file maps to OUT (or OUT/name when OUT is a folder); a folder maps file by file below OUT.
    private static List<(string Source, string Target)>? Jobs(string input, string output)
    {
        if (File.Exists(input))
            return [(input, Directory.Exists(output) ? Path.Combine(output, Path.GetFileName(input)) : output)];
        if (!Directory.Exists(input)) return null;
        return Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (f, Path.Combine(output, Path.GetRelativePath(input, f))))
            .ToList();
    }
}

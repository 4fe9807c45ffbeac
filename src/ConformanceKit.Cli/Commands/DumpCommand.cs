using ConformanceKit.Dicom;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// `ck dump FILE`: the dataset as an indented tree, or with --json as the DICOM JSON Model (PS3.18 F.2).
/// Problems found while reading go to stderr; exit 1 when the file cannot be read or reading met an error
/// (truncation, a length past the end, garbage), 0 otherwise.
/// </summary>
public sealed class DumpCommand : ICommand
{
    public string Name => "dump";
    public string Summary => "print a DICOM file as a tree, or as DICOM JSON (--json)";
    public string Usage => "dump FILE [--json] [--full]   (--full: do not fold long values)";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var p = ParsedArgs.Parse(args, new HashSet<string> { "--json", "--full" });
        var json = p.Has("--json");
        var full = p.Has("--full");
        p.RejectUnknown();
        if (p.Positional.Count != 1) throw new UsageException("expected one FILE");
        var path = p.Positional[0];

        DicomFile file;
        try { file = DicomFileReader.Read(path); }
        catch (DicomReadException e)
        {
            Console.Error.WriteLine($"ck dump: {path}: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }

        // Rendered whole, then written through Console.Out (see ConsoleOutput).
        try
        {
            if (json)
            {
                ConsoleOutput.WriteUtf8Line(stream => DicomJsonWriter.Write(stream, file.Dataset));
            }
            else
            {
                var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                new DicomTreeWriter(text, full).Write(file);
                Console.Out.Write(text.ToString());
            }
            Console.Out.Flush();
        }
        catch (DicomCharacterSetException e)
        {
            Console.Error.WriteLine($"ck dump: {path}: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }

        foreach (var issue in file.Issues) Console.Error.WriteLine($"ck dump: {path}: {issue}");
        return Task.FromResult(file.Issues.Any(i => i.IsError) ? ExitCodes.Failure : ExitCodes.Success);
    }
}

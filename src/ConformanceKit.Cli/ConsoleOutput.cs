using System.Text;

namespace ConformanceKit.Cli;

/// <summary>Standard output for commands whose writers render to a byte stream (DICOM JSON, validation JSON).</summary>
internal static class ConsoleOutput
{
    /// <summary>
    /// Renders into a buffer, then writes it as one line through Console.Out, not the raw stdout stream, so that a
    /// host or a test that redirects the console sees it; one write also keeps the console's per-call flushing cheap.
    /// </summary>
    public static void WriteUtf8Line(Action<Stream> render)
    {
        using var buffer = new MemoryStream();
        render(buffer);
        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}

namespace ConformanceKit.Geometry.Tests;

/// <summary>A scratch folder removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ck-geo-" + Guid.NewGuid().ToString("N"));
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}

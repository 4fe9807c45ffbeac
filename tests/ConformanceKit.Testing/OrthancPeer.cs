using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConformanceKit.Testing;

/// <summary>A DICOM node Orthanc may talk to (an entry of its DicomModalities).</summary>
public sealed record OrthancModality(string Name, string AeTitle, string Host, int Port);

/// <summary>
/// A throw-away Orthanc (the Debian package's /usr/sbin/Orthanc) with a temporary configuration: no plugins, its
/// DICOM and HTTP ports on free ports, storage in a temporary folder, and the calling AEs and move destinations
/// listed in DicomModalities (Orthanc 1.10 refuses others). Started with TCP_NODELAY=1, stopped by PID.
/// </summary>
public sealed class OrthancPeer : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;
    private readonly HttpClient _http;

    private OrthancPeer(TempDirectory directory, PeerProcess process, string aeTitle, int dicomPort, int httpPort)
    {
        _directory = directory;
        _process = process;
        AeTitle = aeTitle;
        DicomPort = dicomPort;
        HttpPort = httpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string AeTitle { get; }
    public int DicomPort { get; }
    public int HttpPort { get; }
    public int Pid => _process.Pid;
    public string Output => _process.Output;

    /// <summary>Builds the configuration file Orthanc is started with (public so a test can show it when Orthanc fails).</summary>
    public static JsonObject BuildConfiguration(string storage, string aeTitle, int dicomPort, int httpPort, IEnumerable<OrthancModality> modalities)
    {
        var known = new JsonObject();
        foreach (var m in modalities) known[m.Name] = new JsonArray(m.AeTitle, m.Host, m.Port);
        return new JsonObject
        {
            ["Name"] = "ck-test",
            ["StorageDirectory"] = Path.Combine(storage, "db"),
            ["IndexDirectory"] = Path.Combine(storage, "db"),
            ["Plugins"] = new JsonArray(),
            ["DicomAet"] = aeTitle,
            ["DicomPort"] = dicomPort,
            ["HttpPort"] = httpPort,
            ["HttpServerEnabled"] = true,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomCheckCalledAet"] = true,
            ["DicomCheckModalityHost"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomModalities"] = known,
            ["StorageCompression"] = false,
            ["OverwriteInstances"] = true,
            ["DicomScpTimeout"] = 30,
            ["ConcurrentJobs"] = 1,
        };
    }

    /// <summary>Starts Orthanc and waits until both its DICOM and HTTP ports answer; ignores the test when Orthanc is missing.</summary>
    public static async Task<OrthancPeer> StartAsync(string aeTitle, IEnumerable<OrthancModality> modalities)
    {
        var executable = PeerTools.Require("Orthanc", "orthanc");
        var directory = new TempDirectory("ck-orthanc");
        var dicomPort = FreePort.Pick();
        var httpPort = FreePort.Pick();
        while (httpPort == dicomPort) httpPort = FreePort.Pick();
        var config = BuildConfiguration(directory.Path, aeTitle, dicomPort, httpPort, modalities);
        var configPath = directory.Combine("orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var process = PeerProcess.Start(executable, [configPath], directory.Path);
        var peer = new OrthancPeer(directory, process, aeTitle, dicomPort, httpPort);
        try
        {
            await process.WaitUntilListeningAsync(dicomPort, TimeSpan.FromSeconds(30));
            await process.WaitUntilListeningAsync(httpPort, TimeSpan.FromSeconds(30));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    /// <summary>The Orthanc IDs of every stored instance (REST /instances).</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync() =>
        await _http.GetFromJsonAsync<List<string>>("instances") ?? [];

    /// <summary>The stored Part 10 file of an instance, found by SOP Instance UID (REST /tools/lookup, /instances/{id}/file).</summary>
    public async Task<byte[]> InstanceFileAsync(string sopInstanceUid)
    {
        using var response = await _http.PostAsync("tools/lookup", new StringContent(sopInstanceUid));
        response.EnsureSuccessStatusCode();
        var found = await response.Content.ReadFromJsonAsync<JsonArray>();
        var id = found?.Select(n => n?["ID"]?.GetValue<string>()).FirstOrDefault(i => i is not null)
                 ?? throw new InvalidOperationException($"Orthanc has no instance {sopInstanceUid}");
        return await _http.GetByteArrayAsync($"instances/{id}/file");
    }

    /// <summary>
    /// Stops Orthanc by PID and waits for it to exit (it takes about 2.6 s after SIGTERM; the storage folder may
    /// not be reused before), then deletes its folder.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}

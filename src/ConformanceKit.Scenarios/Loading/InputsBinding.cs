using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Schema;

namespace ConformanceKit.Scenarios.Loading;

/// <summary>Turns shape-checked <c>sut</c>, <c>harness</c> and <c>tls</c> mappings into <see cref="ScenarioInputs"/>.</summary>
internal static class InputsBinding
{
    public static ScenarioInputs Bind(BoundObject? o, string baseDirectory, BindContext cx)
    {
        if (o is null) return ScenarioInputs.Empty;
        SutEndpoint? sut = null;
        if (o.Object("sut") is { } s)
        {
            // In a scenario every key is optional; a partial endpoint is completed by the preset or the reference SUT.
            if (s.Has("ae-title") && s.Has("host") && s.Has("port"))
                sut = new SutEndpoint(s.Text("ae-title")!, s.Text("host")!, (int)s.Integer("port")!);
            else if (s.Values.Count > 0)
                cx.Error(s.Location, "give the SUT's ae-title, host and port together (or none: the preset supplies them)");
        }
        var harness = new Dictionary<string, HarnessEndpoint>(StringComparer.Ordinal);
        foreach (var (name, b) in o.Map("harness"))
        {
            var h = (BoundObject)b.Value!;
            harness[name] = new HarnessEndpoint(h.Text("ae-title")!, (int)(h.Integer("port") ?? 0));
        }
        TlsSettings? tls = null;
        if (o.Object("tls") is { } t)
        {
            string? PathOf(string key) => t.Text(key) is { } p ? Path.GetFullPath(Path.Combine(baseDirectory, p)) : null;
            tls = new TlsSettings(t.Flag("enabled")!.Value, PathOf("certificate"), PathOf("private-key"), PathOf("trusted"), t.Flag("verify-peer") ?? true);
            if (tls.Enabled && (tls.Certificate is null) != (tls.PrivateKey is null))
                cx.Error(t.Location, "certificate and private-key go together");
        }
        return new ScenarioInputs(sut, harness, tls);
    }
}

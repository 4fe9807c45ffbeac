using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Testing;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// The whole acceptor with the `ck storescp` configuration (Storage and Verification into a temporary folder):
/// see <see cref="AcceptorTarget"/>.
/// </summary>
public sealed class AssociationTarget : AcceptorTarget
{
    private readonly TempDirectory _storage = new("ck-fuzz-scp");
    private readonly DicomServer _server;

    public AssociationTarget()
    {
        _server = new DicomServer(new DicomServerOptions
        {
            AeTitle = "CK_SCP",
            Store = new FileStorageService(_storage.Combine("in")),
            Observer = Defects,
            // Short timers so that a peer that stops half way costs seconds, not minutes.
            Settings = new AssociationSettings { ArtimTimeout = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(2) },
        }).Start();
    }

    public override string Name => "association";
    public override string Description => "state machine, association, DIMSE and storage over loopback";

    protected override int Port => _server.Port;

    public override IReadOnlyList<byte[]> Seeds() => CapturedAssociations.Get().RequestorStreams;

    protected override int LeftoverTemporaryFiles() =>
        Directory.Exists(_storage.Combine("in")) ? Directory.GetFiles(_storage.Combine("in"), "*.part").Length : 0;

    public override void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _storage.Dispose();
    }
}

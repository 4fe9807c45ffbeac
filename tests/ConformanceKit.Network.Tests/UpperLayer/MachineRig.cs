using System.Net;
using System.Net.Sockets;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Network.Tests.UpperLayer;

/// <summary>Records the indications the machine issues to its user, as words, in order.</summary>
internal sealed class RecordingUser : IUpperLayerUser
{
    private readonly List<string> _seen = [];

    public int Count { get { lock (_seen) return _seen.Count; } }

    private ValueTask Add(string what)
    {
        lock (_seen) _seen.Add(what);
        return ValueTask.CompletedTask;
    }

    public AbortPdu? LastAbort { get; private set; }

    public ValueTask OnAssociateIndicationAsync(AssociateRequestPdu request) => Add("A-ASSOCIATE indication");
    public ValueTask OnAssociateAcceptedAsync(AssociateAcceptPdu accept) => Add("A-ASSOCIATE accept confirmation");
    public ValueTask OnAssociateRejectedAsync(AssociateRejectPdu reject) => Add("A-ASSOCIATE reject confirmation");
    public ValueTask OnDataAsync(DataTransferPdu data) => Add("P-DATA indication");
    public ValueTask OnReleaseIndicationAsync(bool collision) => Add(collision ? "A-RELEASE indication (collision)" : "A-RELEASE indication");
    public ValueTask OnReleaseConfirmationAsync(bool collision) => Add("A-RELEASE confirmation");

    public ValueTask OnAbortAsync(AbortPdu? received, string description)
    {
        LastAbort = received;
        return Add(received is null ? "A-P-ABORT indication" : "A-ABORT indication");
    }

    public void OnClosed() => Add("closed");

    /// <summary>Waits until an indication equal to <paramref name="what"/> was seen at or after position <paramref name="from"/>.</summary>
    public async Task<bool> SawAsync(string what, int from = 0, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            lock (_seen)
                if (_seen.Skip(from).Contains(what)) return true;
            await Task.Delay(5);
        }
        return false;
    }

    public override string ToString() { lock (_seen) return string.Join(", ", _seen); }
}

/// <summary>Records state transitions; lets a test wait for the one a given event caused.</summary>
internal sealed class TransitionRecorder : INetworkObserver
{
    private readonly List<NetworkEvent> _events = [];

    public int Count { get { lock (_events) return _events.Count; } }

    public void OnEvent(NetworkEvent networkEvent)
    {
        lock (_events) _events.Add(networkEvent);
    }

    public IReadOnlyList<NetworkEvent> Snapshot() { lock (_events) return _events.ToList(); }

    public async Task<TransitionEvent?> WaitForAsync(UpperLayerEvent evt, int from, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            lock (_events)
                if (_events.Skip(from).OfType<TransitionEvent>().FirstOrDefault(t => t.Event == evt) is { } t) return t;
            await Task.Delay(5);
        }
        return null;
    }
}

/// <summary>
/// An upper-layer machine driven into a chosen state by a scripted raw-byte peer on loopback. States reached on
/// the requestor side: Sta1, Sta4-Sta9, Sta11, Sta13; on the acceptor side: Sta2, Sta3, Sta10, Sta12.
/// </summary>
internal sealed class MachineRig : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener = FreePort.Listen();
    private readonly TaskCompletionSource _connectGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _requestTask;

    public RecordingUser User { get; } = new();
    public TransitionRecorder Events { get; } = new();
    public UpperLayerProtocol Machine { get; }
    public RawPeer? Peer { get; private set; }
    public bool Requestor { get; private set; }

    /// <summary>Port the requestor's transport connect goes to (point it at a closed port to make it fail).</summary>
    public int ConnectPort { get; set; }

    private MachineRig(TimeSpan artim)
    {
        Machine = new UpperLayerProtocol(User, new UpperLayerOptions { ArtimTimeout = artim }, Events);
        ConnectPort = FreePort.PortOf(_listener);
    }

    // ---- sample PDUs (PS3.8 9.3) ----

    public static readonly AssociateRequestPdu Request = new()
    {
        CalledAeTitle = "ACCEPTOR",
        CallingAeTitle = "REQUESTOR",
        PresentationContexts = [new(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3" },
    };

    public static readonly AssociateAcceptPdu Accept = new()
    {
        CalledAeTitle = "ACCEPTOR",
        CallingAeTitle = "REQUESTOR",
        PresentationContexts = [new(1, PresentationContextResultCode.Acceptance, DicomUids.ImplicitVRLittleEndian)],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3" },
    };

    public static readonly AssociateRejectPdu Reject = new(RejectResult.RejectedPermanent, RejectSource.ServiceUser, AssociateRejectPdu.UserCalledAeNotRecognized);
    public static readonly DataTransferPdu Data = new([new PresentationDataValue(1, true, true, new byte[] { 1, 2, 3, 4 })]);

    /// <summary>A PDU of type 0x09, which PS3.8 does not define (Evt19).</summary>
    public static readonly byte[] Unrecognized = [0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    public static byte[] Bytes(Pdu pdu) => PduEncoder.Encode(pdu);

    // ---- reaching states ----

    public static async Task<MachineRig> InStateAsync(UpperLayerState state, TimeSpan? artim = null)
    {
        var rig = new MachineRig(artim ?? TimeSpan.FromSeconds(1.5));
        try
        {
            await rig.ReachAsync(state);
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
        Assert.That(rig.Machine.State, Is.EqualTo(state), $"rig should be in {state}; indications: {rig.User}");
        return rig;
    }

    private async Task ReachAsync(UpperLayerState state)
    {
        switch (state)
        {
            case UpperLayerState.Sta1:
                return;
            case UpperLayerState.Sta2 or UpperLayerState.Sta3 or UpperLayerState.Sta10 or UpperLayerState.Sta12:
                await ReachAcceptorAsync(state);
                return;
            case UpperLayerState.Sta4:
                StartRequest(holdConnect: true);
                await WaitStateAsync(UpperLayerState.Sta4);
                return;
        }
        // Requestor path: Sta5 -> Sta6 -> Sta7/Sta8/Sta13 -> Sta9 -> Sta11.
        StartRequest(holdConnect: false);
        await AcceptPeerAsync();
        await ExpectAsync(PduType.AssociateRequest);
        if (state == UpperLayerState.Sta5) return;
        await Peer!.SendAsync(Bytes(Accept));
        await ExpectUserAsync("A-ASSOCIATE accept confirmation");
        switch (state)
        {
            case UpperLayerState.Sta6:
                return;
            case UpperLayerState.Sta8:
                await Peer.SendAsync(Bytes(ReleaseRequestPdu.Instance));
                await ExpectUserAsync("A-RELEASE indication");
                return;
            case UpperLayerState.Sta13:
                await Machine.AbortAsync("");
                await ExpectAsync(PduType.Abort);
                return;
        }
        await Machine.RequestReleaseAsync();
        await ExpectAsync(PduType.ReleaseRequest);
        if (state == UpperLayerState.Sta7) return;
        await Peer.SendAsync(Bytes(ReleaseRequestPdu.Instance));
        await ExpectUserAsync("A-RELEASE indication (collision)");
        if (state == UpperLayerState.Sta9) return;
        await Machine.RespondReleaseAsync();
        await ExpectAsync(PduType.ReleaseResponse);
        if (state == UpperLayerState.Sta11) return;
        throw new ArgumentException($"no requestor path to {state}");
    }

    private async Task ReachAcceptorAsync(UpperLayerState state)
    {
        Requestor = false;
        var peerTask = RawPeer.ConnectAsync(FreePort.PortOf(_listener));
        var socket = await _listener.AcceptSocketAsync();
        Peer = await peerTask;
        await Machine.AcceptTransportAsync(new DicomConnection(socket, new NetworkStream(socket, ownsSocket: true)));
        if (state == UpperLayerState.Sta2) return;
        await Peer.SendAsync(Bytes(Request));
        await ExpectUserAsync("A-ASSOCIATE indication");
        if (state == UpperLayerState.Sta3) return;
        await Machine.AcceptAssociationAsync(Accept);
        await ExpectAsync(PduType.AssociateAccept);
        await Machine.RequestReleaseAsync();
        await ExpectAsync(PduType.ReleaseRequest);
        await Peer.SendAsync(Bytes(ReleaseRequestPdu.Instance));
        await ExpectUserAsync("A-RELEASE indication (collision)");
        if (state == UpperLayerState.Sta10) return;
        await Peer.SendAsync(Bytes(ReleaseResponsePdu.Instance));
        await ExpectUserAsync("A-RELEASE confirmation");
    }

    private void StartRequest(bool holdConnect)
    {
        Requestor = true;
        _requestTask = Machine.RequestAssociationAsync(Request, async cancel =>
        {
            if (holdConnect) await _connectGate.Task.WaitAsync(cancel);
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ConnectPort), cancel);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            return new DicomConnection(socket, new NetworkStream(socket, ownsSocket: true));
        });
    }

    /// <summary>Evt2 for a machine held in Sta4: lets the transport connect go ahead.</summary>
    public void ReleaseConnect() => _connectGate.TrySetResult();

    public async Task AcceptPeerAsync()
    {
        using var cts = new CancellationTokenSource(Wait);
        var socket = await _listener.AcceptSocketAsync(cts.Token);
        Peer = RawPeer.FromAccepted(socket);
    }

    public async Task<byte[]> ExpectAsync(PduType type)
    {
        var pdu = await Peer!.ReceivePduAsync(Wait);
        Assert.That(pdu, Is.Not.Null, $"peer expected {Pdu.NameOf(type)} but the connection closed; indications: {User}");
        Assert.That(pdu!.Value.Type, Is.EqualTo((byte)type), $"peer expected {Pdu.NameOf(type)}");
        return pdu.Value.Body;
    }

    public async Task ExpectUserAsync(string indication, int from = 0)
    {
        Assert.That(await User.SawAsync(indication, from), Is.True, $"user should see '{indication}'; saw: {User}");
    }

    private async Task WaitStateAsync(UpperLayerState state)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (Machine.State != state && DateTime.UtcNow < deadline) await Task.Delay(5);
    }

    public async ValueTask DisposeAsync()
    {
        _connectGate.TrySetCanceled();
        Peer?.Close();
        _listener.Stop();
        if (Machine.State != UpperLayerState.Sta1) await Machine.AbortAsync("");
        if (_requestTask is not null)
        {
            try { await _requestTask.WaitAsync(Wait); } catch (Exception) { /* the test already judged it */ }
        }
    }
}

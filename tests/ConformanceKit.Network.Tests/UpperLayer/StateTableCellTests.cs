
namespace ConformanceKit.Network.Tests.UpperLayer;

/// <summary>
/// Every cell of PS3.8 Table 9-10 (13 states x 19 events): the machine is driven into the state by a scripted
/// raw-byte peer on loopback, the event is produced (a PDU or a closed connection from the peer, a local primitive,
/// the ARTIM timer), and the test checks the transition the machine reports and what the action did on the wire
/// and to the service user. Cells the standard leaves empty are checked too: a local primitive there is refused,
/// the ARTIM timer does not run, and events that need a transport connection that does not exist in that state
/// (Sta1, Sta4) or a request that was never made (Evt2) cannot be produced at all.
/// </summary>
[NonParallelizable]
public class StateTableCellTests
{
    public static IEnumerable<TestCaseData> Cells() =>
        from UpperLayerState state in Enum.GetValues<UpperLayerState>()
        from UpperLayerEvent evt in Enum.GetValues<UpperLayerEvent>()
        select new TestCaseData(state, evt).SetName($"{state} x {evt}");

    private static readonly TimeSpan ShortArtim = TimeSpan.FromSeconds(0.4);

    [TestCaseSource(nameof(Cells))]
    public async Task Cell(UpperLayerState state, UpperLayerEvent evt)
    {
        var expected = Ps38Table.Expected(evt, state);
        if (expected is null && Unproducible(state, evt) is { } why)
        {
            Assert.That(expected, Is.Null);
            Assert.Pass(why);
        }
        await using var rig = await MachineRig.InStateAsync(state, evt == UpperLayerEvent.Evt18 ? ShortArtim : null);
        var mark = rig.Events.Count;
        var userMark = rig.User.Count;
        var refused = await FireAsync(rig, state, evt);

        if (expected is null)
        {
            await CheckEmptyCellAsync(rig, state, evt, refused, mark);
            return;
        }
        Assert.That(refused, Is.Null, $"the primitive should be allowed: {refused?.Message}");
        var t = await rig.Events.WaitForAsync(evt, mark, evt == UpperLayerEvent.Evt18 ? 5 : 5);
        Assert.That(t, Is.Not.Null, $"no transition recorded for {evt} in {state}; indications: {rig.User}");
        Assert.That(t!.From, Is.EqualTo(state));
        Assert.That(t.Action, Is.EqualTo(expected));
        Assert.That(Ps38Table.Next(expected.Value), Does.Contain(t.To));
        await CheckEffectAsync(rig, state, evt, expected.Value, t.To, userMark);
    }

    /// <summary>Why an empty cell's event cannot be produced, or null when it can.</summary>
    private static string? Unproducible(UpperLayerState state, UpperLayerEvent evt)
    {
        if (evt == UpperLayerEvent.Evt2)
            return $"Evt2 (transport connect confirmation) only follows a connect request, which exists only in Sta4; cell {state} x Evt2 is empty";
        var fromPeer = evt is UpperLayerEvent.Evt3 or UpperLayerEvent.Evt4 or UpperLayerEvent.Evt6 or UpperLayerEvent.Evt10
            or UpperLayerEvent.Evt12 or UpperLayerEvent.Evt13 or UpperLayerEvent.Evt16 or UpperLayerEvent.Evt19 or UpperLayerEvent.Evt17;
        if (fromPeer && state is UpperLayerState.Sta1 or UpperLayerState.Sta4)
            return $"there is no transport connection in {state}, so no peer can produce {evt}; the cell is empty";
        return null;
    }

    /// <summary>Produces the event; returns the exception when a local primitive was refused.</summary>
    private static async Task<Exception?> FireAsync(MachineRig rig, UpperLayerState state, UpperLayerEvent evt)
    {
        var m = rig.Machine;
        try
        {
            switch (evt)
            {
                case UpperLayerEvent.Evt1:
                    await m.RequestAssociationAsync(MachineRig.Request, _ => throw new InvalidOperationException("connect should not be attempted"));
                    break;
                case UpperLayerEvent.Evt2:
                    rig.ReleaseConnect();
                    await rig.AcceptPeerAsync();
                    break;
                case UpperLayerEvent.Evt3: await rig.Peer!.SendAsync(MachineRig.Bytes(MachineRig.Accept)); break;
                case UpperLayerEvent.Evt4: await rig.Peer!.SendAsync(MachineRig.Bytes(MachineRig.Reject)); break;
                case UpperLayerEvent.Evt5:
                {
                    using var listener = ConformanceKit.Testing.FreePort.Listen();
                    var client = new System.Net.Sockets.TcpClient();
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, ConformanceKit.Testing.FreePort.PortOf(listener));
                    var socket = await listener.AcceptSocketAsync();
                    try
                    {
                        await m.AcceptTransportAsync(new Dicom.Network.Transport.DicomConnection(socket, new System.Net.Sockets.NetworkStream(socket, true)));
                    }
                    finally
                    {
                        if (state != UpperLayerState.Sta1) { socket.Dispose(); client.Dispose(); }
                        else _ = KeepOpenUntilDisposed(rig, client);
                    }
                    break;
                }
                case UpperLayerEvent.Evt6: await rig.Peer!.SendAsync(MachineRig.Bytes(MachineRig.Request)); break;
                case UpperLayerEvent.Evt7: await m.AcceptAssociationAsync(MachineRig.Accept); break;
                case UpperLayerEvent.Evt8: await m.RejectAssociationAsync(MachineRig.Reject); break;
                case UpperLayerEvent.Evt9: await m.SendDataAsync(MachineRig.Data); break;
                case UpperLayerEvent.Evt10: await rig.Peer!.SendAsync(MachineRig.Bytes(MachineRig.Data)); break;
                case UpperLayerEvent.Evt11: await m.RequestReleaseAsync(); break;
                case UpperLayerEvent.Evt12: await rig.Peer!.SendAsync(MachineRig.Bytes(ReleaseRequestPdu.Instance)); break;
                case UpperLayerEvent.Evt13: await rig.Peer!.SendAsync(MachineRig.Bytes(ReleaseResponsePdu.Instance)); break;
                case UpperLayerEvent.Evt14: await m.RespondReleaseAsync(); break;
                case UpperLayerEvent.Evt15: await m.AbortAsync("test"); break;
                case UpperLayerEvent.Evt16: await rig.Peer!.SendAsync(MachineRig.Bytes(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified))); break;
                case UpperLayerEvent.Evt17:
                    if (state == UpperLayerState.Sta4)
                    {
                        rig.ConnectPort = ConformanceKit.Testing.FreePort.Pick(); // nobody listens there: connection refused
                        rig.ReleaseConnect();
                    }
                    else rig.Peer!.Close();
                    break;
                case UpperLayerEvent.Evt18:
                    break; // the ARTIM timer (0.4 s in these rigs) runs out by itself where it was started
                case UpperLayerEvent.Evt19: await rig.Peer!.SendAsync(MachineRig.Unrecognized); break;
            }
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private static async Task KeepOpenUntilDisposed(MachineRig rig, System.Net.Sockets.TcpClient client)
    {
        await rig.Machine.Closed.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        client.Dispose();
    }

    private static async Task CheckEmptyCellAsync(MachineRig rig, UpperLayerState state, UpperLayerEvent evt, Exception? refused, int mark)
    {
        switch (evt)
        {
            case UpperLayerEvent.Evt15:
                // A-ABORT where the table has no entry: nothing is sent and no action is recorded.
                Assert.That(refused, Is.Null);
                var t = await rig.Events.WaitForAsync(UpperLayerEvent.Evt15, mark, 0.3);
                Assert.That(t?.Action, Is.Null, "no action for an empty cell");
                if (state == UpperLayerState.Sta2)
                {
                    // Sta2 has no association to abort: the transport is closed instead, which the machine sees as Evt17 (AA-5).
                    var closed = await rig.Events.WaitForAsync(UpperLayerEvent.Evt17, mark);
                    Assert.That(closed?.Action, Is.EqualTo(UpperLayerAction.AA5));
                }
                else Assert.That(rig.Machine.State, Is.EqualTo(state));
                break;
            case UpperLayerEvent.Evt18:
                // The ARTIM timer only runs in Sta2 and Sta13 (AE-5, AE-8, AR-4, AA-1, AA-8 start it; AE-6, AR-5, AA-2, AA-5 stop it).
                await Task.Delay(ShortArtim * 2.5);
                Assert.That(await rig.Events.WaitForAsync(UpperLayerEvent.Evt18, mark, 0.05), Is.Null, "ARTIM must not be running");
                Assert.That(rig.Machine.State, Is.EqualTo(state));
                break;
            default:
                Assert.That(refused, Is.Not.Null, $"{evt} is a local primitive the table does not allow in {state}; it must be refused");
                Assert.That(refused!.Message, Does.Contain(state.ToString()));
                Assert.That(rig.Machine.State, Is.EqualTo(state), "a refused primitive leaves the state alone");
                if (rig.Peer is not null && state is not UpperLayerState.Sta13)
                    Assert.That(await rig.Peer.StaysSilentAsync(TimeSpan.FromMilliseconds(100)), Is.True, "nothing may be sent");
                break;
        }
    }

    /// <summary>Checks that the action did what PS3.8 Tables 9-6 to 9-9 say, as seen by the peer and the user.</summary>
    private static async Task CheckEffectAsync(MachineRig rig, UpperLayerState state, UpperLayerEvent evt, UpperLayerAction action,
        UpperLayerState to, int userMark)
    {
        var peer = rig.Peer;
        switch (action)
        {
            case UpperLayerAction.AE1:
            case UpperLayerAction.AE5:
                Assert.That(to, Is.EqualTo(action == UpperLayerAction.AE1 ? UpperLayerState.Sta4 : UpperLayerState.Sta2));
                break;
            case UpperLayerAction.AE2:
                await rig.ExpectAsync(PduType.AssociateRequest);
                break;
            case UpperLayerAction.AE3:
                await rig.ExpectUserAsync("A-ASSOCIATE accept confirmation", userMark);
                break;
            case UpperLayerAction.AE4:
                await rig.ExpectUserAsync("A-ASSOCIATE reject confirmation", userMark);
                Assert.That(await peer!.ClosedWithinAsync(MachineRig.Wait), Is.True, "AE-4 closes the transport");
                break;
            case UpperLayerAction.AE6:
                Assert.That(to, Is.EqualTo(UpperLayerState.Sta3), "a version-1 request is acceptable to the provider");
                await rig.ExpectUserAsync("A-ASSOCIATE indication", userMark);
                break;
            case UpperLayerAction.AE7:
                await rig.ExpectAsync(PduType.AssociateAccept);
                break;
            case UpperLayerAction.AE8:
                await rig.ExpectAsync(PduType.AssociateReject);
                break;
            case UpperLayerAction.DT1 or UpperLayerAction.AR7:
                await rig.ExpectAsync(PduType.DataTransfer);
                break;
            case UpperLayerAction.DT2 or UpperLayerAction.AR6:
                await rig.ExpectUserAsync("P-DATA indication", userMark);
                break;
            case UpperLayerAction.AR1:
                await rig.ExpectAsync(PduType.ReleaseRequest);
                break;
            case UpperLayerAction.AR2:
                await rig.ExpectUserAsync("A-RELEASE indication", userMark);
                break;
            case UpperLayerAction.AR3:
                await rig.ExpectUserAsync("A-RELEASE confirmation", userMark);
                Assert.That(await peer!.ClosedWithinAsync(MachineRig.Wait), Is.True, "AR-3 closes the transport");
                break;
            case UpperLayerAction.AR4 or UpperLayerAction.AR9:
                await rig.ExpectAsync(PduType.ReleaseResponse);
                break;
            case UpperLayerAction.AR8:
                Assert.That(to, Is.EqualTo(rig.Requestor ? UpperLayerState.Sta9 : UpperLayerState.Sta10));
                await rig.ExpectUserAsync("A-RELEASE indication (collision)", userMark);
                break;
            case UpperLayerAction.AR10:
                await rig.ExpectUserAsync("A-RELEASE confirmation", userMark);
                break;
            case UpperLayerAction.AA1:
            {
                var body = await rig.ExpectAsync(PduType.Abort);
                Assert.That(body[2], Is.EqualTo((byte)AbortSource.ServiceUser), "AA-1 sends an A-ABORT with service-user source");
                break;
            }
            case UpperLayerAction.AA2:
                if (peer is not null) Assert.That(await peer.ClosedWithinAsync(MachineRig.Wait), Is.True, "AA-2 closes the transport");
                await rig.ExpectUserAsync("closed", userMark);
                break;
            case UpperLayerAction.AA3:
                await rig.ExpectUserAsync("A-ABORT indication", userMark);
                Assert.That(await peer!.ClosedWithinAsync(MachineRig.Wait), Is.True, "AA-3 closes the transport");
                break;
            case UpperLayerAction.AA4:
                await rig.ExpectUserAsync("A-P-ABORT indication", userMark);
                await rig.ExpectUserAsync("closed", userMark);
                break;
            case UpperLayerAction.AR5 or UpperLayerAction.AA5:
                await rig.ExpectUserAsync("closed", userMark);
                break;
            case UpperLayerAction.AA6:
                Assert.That(await peer!.StaysSilentAsync(TimeSpan.FromMilliseconds(150)), Is.True, "AA-6 ignores the PDU");
                Assert.That(rig.Machine.State, Is.EqualTo(UpperLayerState.Sta13));
                break;
            case UpperLayerAction.AA7:
            case UpperLayerAction.AA8:
            {
                var body = await rig.ExpectAsync(PduType.Abort);
                Assert.That(body[2], Is.EqualTo((byte)AbortSource.ServiceProvider), $"{UpperLayerText.NameOf(action)} sends a provider abort");
                var reason = evt == UpperLayerEvent.Evt19 ? AbortReason.UnrecognizedPdu : AbortReason.UnexpectedPdu;
                Assert.That(body[3], Is.EqualTo((byte)reason), "abort reason");
                if (action == UpperLayerAction.AA8) await rig.ExpectUserAsync("A-P-ABORT indication", userMark);
                break;
            }
            default:
                Assert.Fail($"no effect check for {action}");
                break;
        }
    }
}

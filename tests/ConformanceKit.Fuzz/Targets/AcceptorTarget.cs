using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// A server of the harness as a peer meets it, on loopback: each input is the bytes of one connection, which then
/// half-closes. The state machine, the association and DIMSE layers and the services all run for real. An input
/// ends as an A-ASSOCIATE-RJ, an A-ABORT, a release, or the connection closing; the connection must close within
/// the hang limit, and the server must never report an internal error or a service that threw. After the campaign
/// no association may be left open.
/// </summary>
public abstract class AcceptorTarget : FuzzTarget
{
    /// <summary>Watches the server: its defects and its open connections. Give it to the server as its observer.</summary>
    protected DefectObserver Defects { get; } = new();

    /// <summary>The port the server under test listens on (127.0.0.1).</summary>
    protected abstract int Port { get; }

    public override TimeSpan HangLimit => TimeSpan.FromSeconds(15);

    private int _inputs;

    public override string Run(byte[] input)
    {
        // The campaign bounds the process working set; a server's garbage (thousands of short associations and, for the
        // Archive, query candidates) is left to grow by the collector until memory is scarce. Collecting now and then
        // keeps the measure to what the server really holds (a run with the heap capped at 384 MiB shows the same).
        if (++_inputs % 500 == 0) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var defectsBefore = Defects.Count;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, Port));
        try
        {
            socket.Send(input);
            socket.Shutdown(SocketShutdown.Send); // the peer has said all it will say
        }
        catch (SocketException)
        {
            // The server aborted and closed before taking every byte: what it answered is read below.
        }
        var answer = ReadUntilClosed(socket);
        if (Defects.Count != defectsBefore) throw new FuzzDefectException(Defects.Last!);
        return Classify(answer);
    }

    /// <summary>Temporary files of abandoned transfers still on disk (none may remain after the campaign).</summary>
    protected abstract int LeftoverTemporaryFiles();

    public override string? AfterCampaign()
    {
        for (var i = 0; i < 500 && Defects.Open > 0; i++) Thread.Sleep(10);
        if (Defects.Open > 0) return $"{Defects.Open} connection(s) still open after the campaign";
        var leftovers = LeftoverTemporaryFiles();
        return leftovers > 0 ? $"{leftovers} temporary file(s) of abandoned transfers left behind" : null;
    }

    private static List<byte> ReadUntilClosed(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = socket.Receive(buffer)) > 0)
                if (received.Count < 1 << 20) received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // Closed with a reset: the server dropped the connection after aborting.
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            throw new FuzzDefectException("the server neither answered nor closed the connection within 10 s");
        }
        return received;
    }

    /// <summary>The PDU types the server answered with, in order (A-ABORT with its source and reason).</summary>
    private static string Classify(List<byte> answer)
    {
        var bytes = answer.ToArray();
        var parts = new List<string>();
        var pos = 0;
        while (bytes.Length - pos >= 6)
        {
            var type = bytes[pos];
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pos + 2)), int.MaxValue - 6);
            var name = PduDecoder.IsKnownType(type) ? ((PduType)type).ToString() : $"type {type}";
            if (type == (byte)PduType.Abort && bytes.Length - pos >= 10) name += $" {(AbortSource)bytes[pos + 8]}/{(AbortReason)bytes[pos + 9]}";
            if (type == (byte)PduType.AssociateReject && bytes.Length - pos >= 10) name += $" reason {bytes[pos + 9]}";
            if (parts.Count == 0 || parts[^1] != name) parts.Add(name);
            pos += 6 + length;
        }
        return parts.Count == 0 ? "closed: without an answer" : $"answered: {string.Join(" ", parts)}";
    }

    /// <summary>
    /// Collects the server's reports that mean a defect (an internal error, or a service that threw), and counts its
    /// open connections from the connection events (opened as acceptor, closed).
    /// </summary>
    protected sealed class DefectObserver : INetworkObserver
    {
        private int _count;
        private int _open;

        public int Count => Volatile.Read(ref _count);
        public int Open => Volatile.Read(ref _open);
        public string? Last { get; private set; }

        public void OnEvent(NetworkEvent e)
        {
            if (e is ConnectionEvent { IsRequestor: false } c) Interlocked.Add(ref _open, c.Opened ? 1 : -1);
            if (e is ProblemEvent p && (p.Description.Contains("internal error", StringComparison.Ordinal)
                                        || p.Description.Contains("failed on", StringComparison.Ordinal)))
            {
                Last = p.Description;
                Interlocked.Increment(ref _count);
            }
        }
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network.Capture;

/// <summary>One step of a replay: what the recorded session had, and what the peer did this time.</summary>
public sealed record ReplayStep(Direction Direction, PduType RecordedType, PduType? ActualType, bool SameBytes, string Note)
{
    public bool Matches => Direction == Direction.Sent || ActualType == RecordedType;

    public override string ToString() => Direction == Direction.Sent
        ? $"sent {Pdu.NameOf(RecordedType)}"
        : $"expected {Pdu.NameOf(RecordedType)}, got {(ActualType is { } t ? Pdu.NameOf(t) : "nothing")}{(SameBytes ? " (same bytes)" : "")}{(Note.Length > 0 ? $": {Note}" : "")}";
}

/// <summary>The outcome of replaying a recorded requestor session against a peer.</summary>
public sealed record ReplayResult(IReadOnlyList<ReplayStep> Steps)
{
    public bool AllMatch => Steps.All(s => s.Matches);
}

/// <summary>
/// Replays the requestor side of a captured association (payload capture on) against a peer, byte for byte:
/// every PDU the requestor sent is sent again in the recorded order, and where the recorded session received a
/// PDU the replay reads one and compares its type and bytes. This turns a Connectathon transcript into a
/// regression test against the same (or a fixed) product.
/// </summary>
public static class TranscriptReplay
{
    public static async Task<ReplayResult> ReplayRequestorAsync(NetworkTranscript transcript, long associationId, string host, int port,
        TimeSpan? stepTimeout = null, CancellationToken cancel = default)
    {
        var timeout = stepTimeout ?? TimeSpan.FromSeconds(10);
        var events = transcript.ForAssociation(associationId).OfType<PduEvent>().ToList();
        if (events.Any(e => e.Bytes is null))
            throw new InvalidOperationException("the transcript has no PDU bytes: record it with payload capture on");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port, cancel).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var steps = new List<ReplayStep>();
        foreach (var e in events)
        {
            if (e.Direction == Direction.Sent)
            {
                await stream.WriteAsync(e.Bytes, cancel).ConfigureAwait(false);
                steps.Add(new ReplayStep(Direction.Sent, e.Type, e.Type, true, ""));
                continue;
            }
            var actual = await ReadPduAsync(stream, timeout, cancel).ConfigureAwait(false);
            steps.Add(actual is null
                ? new ReplayStep(Direction.Received, e.Type, null, false, "the peer sent nothing more")
                : new ReplayStep(Direction.Received, e.Type, (PduType)actual[0], actual.AsSpan().SequenceEqual(e.Bytes), ""));
            if (actual is null) break;
        }
        return new ReplayResult(steps);
    }

    private static async Task<byte[]?> ReadPduAsync(Stream stream, TimeSpan timeout, CancellationToken cancel)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(timeout);
        var header = new byte[PduEncoder.HeaderLength];
        try
        {
            if (!await ReadExactAsync(stream, header, cts.Token).ConfigureAwait(false)) return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
            if (length > 64 << 20) return null;
            var pdu = new byte[PduEncoder.HeaderLength + length];
            header.CopyTo(pdu, 0);
            return await ReadExactAsync(stream, pdu.AsMemory(PduEncoder.HeaderLength), cts.Token).ConfigureAwait(false) ? pdu : null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private static async Task<bool> ReadExactAsync(Stream stream, Memory<byte> buffer, CancellationToken cancel)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[got..], cancel).ConfigureAwait(false);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}

using System.Buffers.Binary;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network.Transport;

/// <summary>
/// Reads PDUs from a connection: the 6-byte header first, so the length can be checked against the limits
/// before anything is allocated for the body (PS3.8 9.3.1). Reads ahead into a fixed buffer so that many small
/// PDUs cost one system call. A body returned by <see cref="ReadBodyAsync"/> is valid until the next read.
/// </summary>
internal sealed class PduReader(DicomConnection connection)
{
    private const int BufferSize = 256 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private byte[]? _large;

    /// <summary>Reads a PDU header; null when the peer closed the connection at a PDU boundary.</summary>
    /// <exception cref="EndOfStreamException">the connection closed in the middle of a header</exception>
    public async ValueTask<(byte Type, uint Length)?> ReadHeaderAsync(CancellationToken cancel)
    {
        if (!await FillAsync(PduEncoder.HeaderLength, cancel).ConfigureAwait(false))
        {
            if (_end == _start) return null;
            throw new EndOfStreamException($"connection closed after {_end - _start} bytes of a PDU header");
        }
        var type = _buffer[_start];
        var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 2));
        _start += PduEncoder.HeaderLength;
        return (type, length);
    }

    /// <summary>Reads a body of a length already checked against the limits.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(int length, CancellationToken cancel)
    {
        if (length <= _buffer.Length)
        {
            if (!await FillAsync(length, cancel).ConfigureAwait(false))
                throw new EndOfStreamException($"connection closed after {_end - _start} of {length} PDU body bytes");
            var body = _buffer.AsMemory(_start, length);
            _start += length;
            return body;
        }
        if (_large is null || _large.Length < length) _large = new byte[Math.Max(length, (_large?.Length ?? 0) * 2)];
        var buffered = _end - _start;
        _buffer.AsSpan(_start, buffered).CopyTo(_large);
        _start = _end = 0;
        var got = buffered;
        while (got < length)
        {
            var n = await connection.ReadAsync(_large.AsMemory(got, length - got), cancel).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException($"connection closed after {got} of {length} PDU body bytes");
            got += n;
        }
        return _large.AsMemory(0, length);
    }

    /// <summary>Reads and throws away everything until the peer closes (used once PDU framing is lost).</summary>
    public async ValueTask DrainAsync(CancellationToken cancel)
    {
        _start = _end = 0;
        while (await connection.ReadAsync(_buffer, cancel).ConfigureAwait(false) > 0) { }
    }

    // Ensures at least `needed` bytes are buffered; false when the connection closed first.
    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancel)
    {
        if (_end - _start >= needed) return true;
        if (_buffer.Length - _start < needed)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < needed)
        {
            var n = await connection.ReadAsync(_buffer.AsMemory(_end), cancel).ConfigureAwait(false);
            if (n == 0) return false;
            _end += n;
        }
        return true;
    }
}

namespace ConformanceKit.Dicom.Network.Services;

/// <summary>
/// The encoded bytes of a dataset to send, read as it is sent so that a large object need not be held in memory:
/// from memory, or from a byte range of a file (the dataset part of a Part 10 file, sent as stored).
/// </summary>
public abstract class DatasetSource
{
    public abstract long Length { get; }

    /// <summary>Copies the next bytes into <paramref name="destination"/> (filling it unless the end is reached).</summary>
    public abstract ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancel);

    /// <summary>The whole dataset in memory (read from disk for a file source).</summary>
    public abstract ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancel);

    public static DatasetSource FromMemory(ReadOnlyMemory<byte> bytes) => new MemorySource(bytes);

    public static DatasetSource FromFile(string path, long offset, long length) => new FileRangeSource(path, offset, length);

    private sealed class MemorySource(ReadOnlyMemory<byte> bytes) : DatasetSource
    {
        public override long Length => bytes.Length;

        public override ValueTask<int> ReadAsync(long offset, Memory<byte> destination, CancellationToken cancel)
        {
            var n = (int)Math.Min(destination.Length, bytes.Length - offset);
            bytes.Slice((int)offset, n).CopyTo(destination);
            return ValueTask.FromResult(n);
        }

        public override ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancel) => ValueTask.FromResult(bytes);
    }

    private sealed class FileRangeSource(string path, long offset, long length) : DatasetSource
    {
        private FileStream? _stream;

        public override long Length => length;

        public override async ValueTask<int> ReadAsync(long position, Memory<byte> destination, CancellationToken cancel)
        {
            _stream ??= new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            _stream.Position = offset + position;
            var want = (int)Math.Min(destination.Length, length - position);
            var got = 0;
            while (got < want)
            {
                var n = await _stream.ReadAsync(destination.Slice(got, want - got), cancel).ConfigureAwait(false);
                if (n == 0) throw new EndOfStreamException($"{path} is shorter than when it was opened");
                got += n;
            }
            if (position + got >= length)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
                _stream = null;
            }
            return got;
        }

        public override async ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancel)
        {
            var buffer = new byte[length];
            var got = 0;
            while (got < length) got += await ReadAsync(got, buffer.AsMemory(got), cancel).ConfigureAwait(false);
            return buffer;
        }
    }
}

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

    // Positional synchronous reads (pread): the file is usually in the page cache, and an asynchronous read on a
    // regular file would only move the copy to another thread, one wake-up per read.
    private sealed class FileRangeSource(string path, long offset, long length) : DatasetSource
    {
        private Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;

        public override long Length => length;

        public override ValueTask<int> ReadAsync(long position, Memory<byte> destination, CancellationToken cancel)
        {
            _handle ??= File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var want = (int)Math.Min(destination.Length, length - position);
            var got = 0;
            while (got < want)
            {
                var n = RandomAccess.Read(_handle, destination.Span.Slice(got, want - got), offset + position + got);
                if (n == 0) throw new EndOfStreamException($"{path} is shorter than when it was opened");
                got += n;
            }
            if (position + got >= length)
            {
                _handle.Dispose();
                _handle = null;
            }
            return ValueTask.FromResult(got);
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

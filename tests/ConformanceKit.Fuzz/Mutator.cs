using System.Buffers.Binary;
using System.Text;

namespace ConformanceKit.Fuzz;

/// <summary>
/// Makes new inputs from corpus entries the way mutational fuzzers do (AFL's havoc stage is the model): bit
/// flips, "interesting" values written over 1/2/4-byte fields in both byte orders (lengths are where parsers
/// break), inserted, deleted and duplicated ranges, truncation, and splicing with another entry. Text targets
/// also get tokens of their syntax. Deterministic for a seed, so a failure can be replayed.
/// </summary>
public sealed class Mutator(int seed, IReadOnlyList<byte[]>? dictionary = null)
{
    /// <summary>Inputs never grow beyond this (the targets' own limits are far above; this keeps a run fast).</summary>
    public const int MaxInputLength = 1 << 20;

    private static readonly uint[] Interesting =
    [
        0, 1, 2, 4, 6, 8, 0x10, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF,
    ];

    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<byte[]> _dictionary = dictionary ?? [];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        var rounds = 1 + _random.Next(_random.Next(2) == 0 ? 2 : 8);
        for (var i = 0; i < rounds; i++) MutateOnce(data, corpus);
        if (data.Count > MaxInputLength) data.RemoveRange(MaxInputLength, data.Count - MaxInputLength);
        return [.. data];
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        if (data.Count == 0)
        {
            data.Add((byte)_random.Next(256));
            return;
        }
        switch (_random.Next(_dictionary.Count > 0 ? 11 : 10))
        {
            case 0: // flip one bit
            {
                var at = _random.Next(data.Count);
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            }
            case 1: // random byte
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 2: // interesting 8-bit value
                data[_random.Next(data.Count)] = (byte)Interesting[_random.Next(10)];
                break;
            case 3: // interesting 16-bit value, either byte order
                WriteField(data, 2);
                break;
            case 4: // interesting 32-bit value, either byte order (lengths)
            case 5:
                WriteField(data, 4);
                break;
            case 6: // delete a range
            {
                var at = _random.Next(data.Count);
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(Math.Min(64, data.Count))));
                break;
            }
            case 7: // duplicate a range somewhere else
            {
                var at = _random.Next(data.Count);
                var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                var chunk = data.GetRange(at, length);
                data.InsertRange(_random.Next(data.Count + 1), chunk);
                break;
            }
            case 8: // truncate
            {
                var keep = 1 + _random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            }
            case 9: // splice: the head of this input with the tail of another
            {
                var other = corpus[_random.Next(corpus.Count)];
                if (other.Length == 0) break;
                var cut = _random.Next(data.Count);
                var from = _random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from, Math.Min(other.Length - from, 4096)).ToArray());
                break;
            }
            default: // a token of the target's syntax
            {
                var token = _dictionary[_random.Next(_dictionary.Count)];
                var at = _random.Next(data.Count + 1);
                if (_random.Next(2) == 0) data.InsertRange(at, token);
                else
                {
                    for (var i = 0; i < token.Length && at + i < data.Count; i++) data[at + i] = token[i];
                }
                break;
            }
        }
    }

    private void WriteField(List<byte> data, int size)
    {
        if (data.Count < size) return;
        var at = _random.Next(data.Count - size + 1);
        var value = Interesting[_random.Next(Interesting.Length)];
        if (_random.Next(4) == 0) value = (uint)(ReadField(data, at, size) + _random.Next(-16, 17)); // near the old value
        Span<byte> bytes = stackalloc byte[4];
        if (_random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        else BinaryPrimitives.WriteUInt32BigEndian(bytes, value << (8 * (4 - size)));
        for (var i = 0; i < size; i++) data[at + i] = bytes[i];
    }

    private static long ReadField(List<byte> data, int at, int size)
    {
        long v = 0;
        for (var i = size - 1; i >= 0; i--) v = (v << 8) | data[at + i];
        return v;
    }

    /// <summary>Dictionary entries from text tokens (UTF-8).</summary>
    public static IReadOnlyList<byte[]> Tokens(params string[] tokens) => tokens.Select(Encoding.UTF8.GetBytes).ToList();
}

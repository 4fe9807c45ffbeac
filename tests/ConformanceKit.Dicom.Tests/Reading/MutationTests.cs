using System.Buffers.Binary;
using System.Text.Json;
using CsCheck;
using ConformanceKit.Dicom.Tests.Parity;

namespace ConformanceKit.Dicom.Tests.Reading;

/// <summary>
/// Randomised mutations of real files (bytes flipped, length fields overwritten with hostile values, cuts,
/// inserted and deleted runs): reading never throws anything but DicomReadException, never hangs, and
/// what it returns can be written, dumped and serialised (only an unsupported character set may refuse).
/// CsCheck prints the seed of a failing case so that it can be replayed.
/// </summary>
public class MutationTests
{
    // Files of different transfer syntaxes and structures, small enough for thousands of reads.
    private static readonly string[] Sources =
    [
        "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "ExplVR_BigEndNoMeta.dcm", "image_dfl.dcm",
        "rtplan.dcm", "rtstruct.dcm", "JPEG2000.dcm", "UN_sequence.dcm", "nested_priv_SQ.dcm", "reportsi.dcm",
        "no_meta_group_length.dcm", "dicomdirtests/DICOMDIR", "SC_rgb_rle_2frame.dcm", "test-SR.dcm",
    ];

    private static readonly uint[] HostileLengths = [0, 1, 2, 3, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(10);

    private static byte[][] LoadSources()
    {
        var root = Path.Combine(ParityCorpus.PydicomData, "test_files");
        if (!Directory.Exists(root)) Assert.Ignore($"{root} is absent (install python3-pydicom)");
        return Sources.Select(s => File.ReadAllBytes(Path.Combine(root, s))).ToArray();
    }

    private enum Mutation { FlipBytes, HostileLength, Cut, Insert, Delete }

    private sealed record Case(int Source, Mutation Kind, int Position, int Count, uint Value, byte[] Noise)
    {
        public byte[] Apply(byte[] original)
        {
            var at = Position % Math.Max(1, original.Length);
            switch (Kind)
            {
                case Mutation.FlipBytes:
                {
                    var b = (byte[])original.Clone();
                    for (var i = 0; i < Noise.Length; i++) b[(at + i * 7919) % b.Length] ^= (byte)(Noise[i] | 1);
                    return b;
                }
                case Mutation.HostileLength:
                {
                    var b = (byte[])original.Clone();
                    if (b.Length >= 4) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(Math.Min(at, b.Length - 4)), Value);
                    return b;
                }
                case Mutation.Cut: return original[..at];
                case Mutation.Insert: return [.. original[..at], .. Noise, .. original[at..]];
                default: return [.. original[..at], .. original[Math.Min(original.Length, at + Count)..]];
            }
        }

        public override string ToString() => $"{Sources[Source]} {Kind} at {Position} count {Count} value 0x{Value:X8} noise {Noise.Length} bytes";
    }

    private static Gen<Case> Cases() =>
        Gen.Select(Gen.Int[0, Sources.Length - 1], Gen.Enum<Mutation>(), Gen.Int[0, 1 << 20], Gen.Int[1, 64],
            Gen.OneOf<uint>(Gen.UInt, Gen.OneOf(HostileLengths)), Gen.Byte.Array[1, 32],
            (s, k, p, c, v, n) => new Case(s, k, p, c, v, n));

    [TestCase(true)]
    [TestCase(false)]
    public void MutatedFilesFailOnlyWithDicomReadException(bool lenient)
    {
        var sources = LoadSources();
        var options = new DicomReadOptions { Lenient = lenient };
        int rejected = 0, withErrors = 0;
        Cases().Sample(c =>
        {
            var bytes = c.Apply(sources[c.Source]);
            var read = Task.Run(() => ReadAndUse(bytes, options));
            if (!read.Wait(ReadLimit)) throw new TimeoutException($"no result after {ReadLimit.TotalSeconds} s: {c}");
            if (read.Result is null) rejected++;
            else if (read.Result.Issues.Any(i => i.IsError)) withErrors++;
        }, iter: 2500, threads: 1, print: c => c.ToString());
        // The mutations must really reach the error paths for the property to say anything.
        Assert.That(rejected, Is.GreaterThan(100));
        if (lenient) Assert.That(withErrors, Is.GreaterThan(100));
    }

    // Reading may refuse with DicomReadException (null); what it returns must encode, dump and serialise.
    private static DicomFile? ReadAndUse(byte[] bytes, DicomReadOptions options)
    {
        DicomFile file;
        try { file = DicomFileReader.Read(bytes, options); }
        catch (DicomReadException) { return null; }
        DicomWriter.Encode(file.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        DicomWriter.Encode(file.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        new DicomTreeWriter(TextWriter.Null).Write(file);
        try { JsonDocument.Parse(DicomJsonWriter.Serialize(file.Dataset)).Dispose(); }
        catch (DicomCharacterSetException) { }
        return file;
    }
}

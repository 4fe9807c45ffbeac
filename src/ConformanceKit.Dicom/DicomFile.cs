using System.IO.Compression;

namespace ConformanceKit.Dicom;

/// <summary>A DICOM Part 10 file (PS3.10 section 7): preamble, File Meta Information and the dataset.</summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>The 128-byte preamble as read, or null for a raw dataset without one.</summary>
    public byte[]? Preamble { get; init; }

    public DicomDataset FileMetaInformation { get; }
    public DicomDataset Dataset { get; }
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Where the file came from, when it was read from disk.</summary>
    public string? Path { get; init; }

    /// <summary>False when the input had no preamble and "DICM" prefix (a raw dataset).</summary>
    public bool HasPart10Header { get; init; }

    /// <summary>Offset of the dataset in the file (after the meta group).</summary>
    public long DatasetOffset { get; init; }

    public IReadOnlyList<DicomReadIssue> Issues { get; init; } = [];

    /// <summary>Builds a file for a dataset, with a File Meta Information group made from its SOP Common attributes.</summary>
    public static DicomFile Create(DicomDataset dataset, DicomTransferSyntax? syntax = null)
    {
        var ts = syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFileMeta.Build(dataset, ts), dataset, ts) { HasPart10Header = true };
    }
}

/// <summary>Reads Part 10 files and raw datasets (PS3.10 7.1, PS3.5 section 10).</summary>
public static class DicomFileReader
{
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    public static DicomFile Read(string path, DicomReadOptions? options = null)
    {
        byte[] bytes;
        try { bytes = ReadWholeFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DicomReadException($"cannot open file: {e.Message}", 0, "");
        }
        var file = Read(bytes, options);
        return new DicomFile(file.FileMetaInformation, file.Dataset, file.TransferSyntax)
        {
            Preamble = file.Preamble, Path = path, HasPart10Header = file.HasPart10Header,
            DatasetOffset = file.DatasetOffset, Issues = file.Issues,
        };
    }

    // One read into an array that is not zeroed first (File.ReadAllBytes clears it, then copies): the file's
    // bytes are the only copy the dataset needs, since values are slices of this array.
    private static byte[] ReadWholeFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength) throw new IOException($"file of {length} bytes is too large to read");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(done), done);
            if (n == 0) return bytes[..done]; // the file shrank while being read
            done += n;
        }
        return bytes;
    }

    /// <summary>Reads a file held in memory; the dataset's values are slices of <paramref name="bytes"/>.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var issues = new List<DicomReadIssue>();
        var span = bytes.Span;
        byte[]? preamble = null;
        int pos;
        var part10 = false;
        if (span.Length >= 132 && span.Slice(128, 4).SequenceEqual(Magic))
        {
            preamble = span[..128].ToArray();
            pos = 132;
            part10 = true;
        }
        else if (span.Length >= 4 && span[..4].SequenceEqual(Magic))
        {
            issues.Add(new DicomReadIssue(0, "", "\"DICM\" without the 128-byte preamble"));
            pos = 4;
            part10 = true;
        }
        else
        {
            if (span.Length < 8) throw new DicomReadException($"not DICOM: only {span.Length} bytes", 0, "");
            pos = 0;
        }

        // File Meta Information: group 0002, Explicit VR Little Endian (PS3.10 7.1); read while the group is 0002.
        var meta = new DicomDataset();
        var metaStart = pos;
        var metaEnd = MetaGroupEnd(span, pos);
        if (metaEnd > pos)
        {
            var metaSyntax = LooksExplicit(span, pos) ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
            if (!metaSyntax.ExplicitVR) issues.Add(new DicomReadIssue(pos, "", "File Meta Information is not Explicit VR Little Endian"));
            meta = new DicomDatasetReader(bytes[pos..metaEnd], metaSyntax, options, pos, issues).Read();
            CheckGroupLength(meta, pos, metaEnd, span.Length, issues, options);
            pos = metaEnd;
        }
        else if (part10)
        {
            issues.Add(new DicomReadIssue(pos, "", "File Meta Information group is missing"));
        }

        var syntax = SyntaxFromMeta(meta, span, metaStart, pos, issues);
        if (pos >= span.Length && meta.Count == 0) throw new DicomReadException("not DICOM: no data elements", pos, "");
        if (pos >= span.Length) Error(issues, options, pos, "", "no data set after the File Meta Information");
        if (!part10 && meta.Count == 0 && !PlausibleFirstElement(span, pos, syntax))
            throw new DicomReadException("not DICOM: no preamble and the first bytes are not a data element", 0, "");

        DicomDataset dataset;
        if (syntax.Deflated)
        {
            var inflated = Inflate(bytes[pos..], options.MaxInflatedBytes, pos);
            dataset = new DicomDatasetReader(inflated, syntax, options, 0, issues).Read();
        }
        else
        {
            dataset = new DicomDatasetReader(bytes[pos..], syntax, options, pos, issues).Read();
        }
        return new DicomFile(meta, dataset, syntax)
        {
            Preamble = preamble, HasPart10Header = part10, DatasetOffset = pos, Issues = issues,
        };
    }

    // (0002,0000) is Type 1 and gives the length of the rest of the group (PS3.10 Table 7.1-1). The group is
    // delimited by its tags here, so a missing or wrong length is reported but does not change the reading.
    private static void CheckGroupLength(DicomDataset meta, int start, int end, int fileLength, List<DicomReadIssue> issues, DicomReadOptions options)
    {
        if (meta[DicomTags.FileMetaInformationGroupLength] is not DicomValueElement { Length: 4 } e)
        {
            issues.Add(new DicomReadIssue(start, "(0002,0000)", "File Meta Information Group Length missing or malformed"));
            return;
        }
        var declared = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(e.Value.Span);
        var actual = end - start - 12; // the group length element itself is 12 bytes in Explicit VR
        if (declared == actual) return;
        var message = $"File Meta Information Group Length is {declared} but the group has {actual} bytes after it";
        if (declared > actual && start + 12L + declared > fileLength)
            Error(issues, options, end, "(0002,0000)", message + "; the file ends inside the group");
        else
            issues.Add(new DicomReadIssue(start, "(0002,0000)", message));
    }

    // A file-level error: recorded when reading leniently, thrown otherwise (as the dataset reader does).
    private static void Error(List<DicomReadIssue> issues, DicomReadOptions options, long offset, string tagPath, string message)
    {
        if (!options.Lenient) throw new DicomReadException(message, offset, tagPath);
        issues.Add(new DicomReadIssue(offset, tagPath, message) { Severity = DicomReadSeverity.Error });
    }

    private static int MetaGroupEnd(ReadOnlySpan<byte> span, int pos)
    {
        // Walk group 0002 elements (always little endian); explicit or, in broken files, implicit.
        var explicitVR = LooksExplicit(span, pos);
        while (span.Length - pos >= 8 && System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]) == 0x0002)
        {
            int next;
            if (explicitVR)
            {
                var vr = DicomVR.FromBytes(span[pos + 4], span[pos + 5]);
                if (vr.HasLongLength)
                {
                    if (span.Length - pos < 12) return pos;
                    next = pos + 12 + (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 8)..]), (uint)(span.Length - pos));
                }
                else next = pos + 8 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 6)..]);
            }
            else next = pos + 8 + (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]), (uint)(span.Length - pos));
            if (next > span.Length) return span.Length;
            pos = next;
        }
        return pos;
    }

    private static bool LooksExplicit(ReadOnlySpan<byte> span, int pos) =>
        span.Length - pos >= 6 && DicomVR.FromBytes(span[pos + 4], span[pos + 5]).IsKnown;

    private static bool PlausibleFirstElement(ReadOnlySpan<byte> span, int pos, DicomTransferSyntax syntax)
    {
        if (span.Length - pos < 8) return false;
        var tag = DicomDatasetReader.ReadTag(span[pos..], syntax.LittleEndian);
        if (tag.Group is 0 or 0xFFFF || tag.Group > 0x7FE0 && tag.Group != 0xFFFE) return false;
        if (syntax.ExplicitVR) return DicomVR.FromBytes(span[pos + 4], span[pos + 5]).IsKnown;
        // Implicit: the dictionary must know the tag, or the length must fit in the file.
        var len = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
        return DicomDictionary.Find(tag) is not null && (len == 0xFFFFFFFF || len <= span.Length - pos - 8);
    }

    private static DicomTransferSyntax SyntaxFromMeta(DicomDataset meta, ReadOnlySpan<byte> span, int metaStart, int pos, List<DicomReadIssue> issues)
    {
        var uid = meta.GetString(DicomTags.TransferSyntaxUID);
        if (!string.IsNullOrEmpty(uid))
        {
            var ts = DicomTransferSyntax.FromUid(uid);
            if (!ts.IsKnown) issues.Add(new DicomReadIssue(metaStart, "(0002,0010)", $"unknown Transfer Syntax UID {uid}; read as encapsulated Explicit VR Little Endian"));
            return ts;
        }
        // No transfer syntax: guess from the first element (PS3.10 leaves raw datasets to agreement).
        if (meta.Count > 0) issues.Add(new DicomReadIssue(metaStart, "(0002,0010)", "Transfer Syntax UID missing; guessed from the dataset"));
        if (span.Length - pos >= 6)
        {
            var bigEndianGroup = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(span[pos..]);
            var littleGroup = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]);
            var explicitVR = DicomVR.FromBytes(span[pos + 4], span[pos + 5]).IsKnown;
            if (explicitVR && littleGroup > 0x00FF && bigEndianGroup <= 0x00FF) return DicomTransferSyntax.ExplicitVRBigEndian;
            return explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        return DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    // Returns the stream's own buffer (no final copy): a large inflated dataset is held once, not twice.
    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated, long limit, long offset)
    {
        try
        {
            using var input = new MemoryStream(deflated.ToArray(), writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + n > limit) throw new DicomReadException($"deflated dataset inflates beyond the {limit}-byte limit", offset, "");
                output.Write(buffer, 0, n);
            }
            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DicomReadException($"deflated dataset is corrupt: {e.Message}", offset, "");
        }
    }
}

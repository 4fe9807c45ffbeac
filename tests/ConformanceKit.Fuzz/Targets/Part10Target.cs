using ConformanceKit.Dicom;
using ConformanceKit.Rules;
using ConformanceKit.Rules.Validation;
using ConformanceKit.Testing;

namespace ConformanceKit.Fuzz.Targets;

/// <summary>
/// The Part 10 parser and everything `ck dump` and `ck validate` then do with what it read: the tree and JSON
/// dumps and the object rules. A file ends as a DicomReadException (offset and tag path), as read issues, or
/// as findings; nothing else may escape.
/// </summary>
public sealed class Part10Target : FuzzTarget
{
    private const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>Seed files larger than this are left out (the mutator works on whole inputs; big ones only slow it down).</summary>
    private const long MaxSeedLength = 256 * 1024;

    /// <summary>
    /// A deflated input may inflate at most this much (the reader's own default, 1 GiB, is for real files): a
    /// mutated deflate stream of zero pixels can expand a thousandfold, and the smoke run's test host has a 768 MiB
    /// heap cap. Past the limit the reader refuses the file, which is the outcome under test.
    /// </summary>
    private static readonly DicomReadOptions ReadOptions = new() { MaxInflatedBytes = 64L << 20 };

    private readonly ObjectValidator _validator = new(new ValidationOptions());

    public override string Name => "part10";
    public override string Description => "Part 10 parser, dumps and object rules";

    public override IReadOnlyList<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        // Phantom objects made by code: a small CT in both little-endian syntaxes (the writer writes no other; pydicom's files bring Big Endian and Deflated).
        var ct = SyntheticCt.Series(2, 16, 16, seed: "fuzz-part10");
        foreach (var ts in new[] { DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian })
            seeds.Add(DicomFileWriter.Encode(DicomFile.Create(ct[0], ts), ts));
        var nested = ct[1].Clone();
        nested.SetSequence(DicomTags.ReferencedImageSequence, new DicomDataset()
            .With(DicomTags.ReferencedSOPClassUID, DicomUids.CTImageStorage)
            .With(DicomTags.ReferencedSOPInstanceUID, ct[0].GetString(DicomTags.SOPInstanceUID)!));
        seeds.Add(DicomFileWriter.Encode(DicomFile.Create(nested)));
        // Real objects: pydicom's test files (many transfer syntaxes, RT objects, deliberately broken files).
        if (Directory.Exists(PydicomFiles))
            foreach (var path in Directory.EnumerateFiles(PydicomFiles, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (new FileInfo(path).Length is > 0 and <= MaxSeedLength && !path.EndsWith(".py", StringComparison.Ordinal))
                    seeds.Add(File.ReadAllBytes(path));
        return seeds;
    }

    public override string Run(byte[] input)
    {
        DicomFile file;
        try
        {
            file = DicomFileReader.Read(input, ReadOptions);
        }
        catch (DicomReadException e)
        {
            return $"rejected: {e.Reason}";
        }
        try
        {
            new DicomTreeWriter(TextWriter.Null).Write(file);
            DicomJsonWriter.Serialize(file.Dataset);
        }
        catch (DicomCharacterSetException e)
        {
            return $"character set refused: {e.Message}"; // what ck dump reports
        }
        var sink = new FindingSink(ProfileMode.Gen);
        _validator.Validate(file, sink);
        var firstError = file.Issues.FirstOrDefault(i => i.IsError)?.Message;
        var rules = string.Join(",", sink.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).Take(6));
        return firstError is null ? $"read: findings {rules}" : $"read with errors: {firstError}";
    }
}

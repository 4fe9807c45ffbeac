using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Images;
using ConformanceKit.Rules.Iod;
using ConformanceKit.Rules.Registration;
using ConformanceKit.Rules.RtObjects;
using ConformanceKit.Rules.Sets;
using ConformanceKit.Rules.Values;

namespace ConformanceKit.Rules.Validation;

/// <summary>
/// Everything one object decides alone: file encoding, IOD tables, PS3.5 values and the object-level
/// REG rules. Returns the object's summary for the set rules.
/// </summary>
public sealed class ObjectValidator(ValidationOptions options)
{
    /// <summary>Encoding issues reported per file before they are summarised in one line (a broken writer repeats itself).</summary>
    public const int MaxReadIssuesReported = 20;

    private readonly IodChecker _iod = new(options.Tables);
    private readonly ValueChecker _values = new();

    public ValidationOptions Options { get; } = options;

    public static ObjectRef RefOf(DicomDataset ds, string? file) =>
        new(SafeRead.NonEmpty(ds, DicomTags.SOPInstanceUID), SafeRead.NonEmpty(ds, DicomTags.SOPClassUID), file);

    /// <summary>Validates a file read from disk or captured from the network (its File Meta Information and read issues included).</summary>
    public ObjectSummary Validate(DicomFile file, FindingSink sink)
    {
        var reference = RefOf(file.Dataset, file.Path);
        var f = new ObjectFindings(sink, reference);
        CheckFile(file, f);
        UnknownVrResolver.Resolve(file.Dataset, f, file.TransferSyntax.LittleEndian);
        return Validate(file.Dataset, f);
    }

    /// <summary>Validates a dataset (for example one received over DIMSE, without File Meta Information).</summary>
    public ObjectSummary Validate(DicomDataset dataset, ObjectFindings f)
    {
        _iod.Check(dataset, f);
        _values.Check(dataset, f);
        var summary = ObjectSummarizer.Summarize(dataset, f.Object);
        switch (summary.Kind)
        {
            case ObjectKind.Registration: SroObjectRules.Check(dataset, f); break;
            case ObjectKind.Image: ImageObjectRules.Check(summary, f); break;
            case ObjectKind.Dose: RtObjectRules.CheckDose(dataset, f); break;
            case ObjectKind.StructureSet: RtObjectRules.CheckContourCounts(dataset, f); break;
        }
        return summary;
    }

    private static void CheckFile(DicomFile file, ObjectFindings f)
    {
        var count = 0;
        foreach (var issue in file.Issues)
        {
            if (++count > MaxReadIssuesReported) break;
            f.Report(DicomRules.EncodingRepaired, issue.TagPath, $"offset {issue.Offset}: {issue.Message}");
        }
        if (file.Issues.Count > MaxReadIssuesReported)
            f.Report(DicomRules.EncodingRepaired, "", $"{file.Issues.Count - MaxReadIssuesReported} more encoding issues not listed");
        if (!file.HasPart10Header || file.FileMetaInformation.Count == 0)
        {
            f.Report(DicomRules.NoPart10Header, "", "a DICOM file on media starts with a 128-byte preamble, \"DICM\" and the File Meta Information",
                found: file.HasPart10Header ? "no File Meta Information" : "raw dataset", expected: "Part 10 file");
            return;
        }
        Compare(file, f, DicomTags.MediaStorageSOPClassUID, DicomTags.SOPClassUID);
        Compare(file, f, DicomTags.MediaStorageSOPInstanceUID, DicomTags.SOPInstanceUID);
    }

    private static void Compare(DicomFile file, ObjectFindings f, DicomTag metaTag, DicomTag datasetTag)
    {
        var meta = SafeRead.NonEmpty(file.FileMetaInformation, metaTag);
        var data = SafeRead.NonEmpty(file.Dataset, datasetTag);
        if (meta != data)
            f.Report(DicomRules.MetaMismatch, AttributePath.Root.Child(metaTag), $"File Meta Information disagrees with {AttributePath.NameOf(datasetTag)}",
                found: meta ?? "(absent)", expected: data ?? "(absent)");
    }
}

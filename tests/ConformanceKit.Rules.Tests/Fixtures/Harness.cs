using ConformanceKit.Dicom;
using ConformanceKit.Rules.Validation;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>Runs the validator on in-memory objects the way `ck validate` runs it on files.</summary>
public static class Harness
{
    public static ValidationReport Run(IEnumerable<DicomFile> files, ProfileMode mode, ValidationOptions? options = null) =>
        new FileSetValidator((options ?? new ValidationOptions()) with { Mode = mode, Parallelism = 1 }).Validate(files);

    public static ValidationReport Run(Study study, ProfileMode mode, ValidationOptions? options = null) => Run(study.Files(), mode, options);

    public static string Describe(IEnumerable<Finding> findings) =>
        string.Join(Environment.NewLine, findings.Select(f => $"{f.Object.File}: {f}"));
}

using ConformanceKit.Geometry;
using ConformanceKit.Rules.Sets;
using ConformanceKit.Rules.Tables;

namespace ConformanceKit.Rules.Validation;

/// <summary>What a data set is expected to be (REG-IMG-008): one shared Frame of Reference or one per image set.</summary>
public enum DatasetExpectation
{
    Hybrid,
    NonHybrid,
}

/// <summary>A known correct registration (from a phantom's ground truth or a reference SRO): moving Frame of Reference to base.</summary>
public sealed record ReferenceRegistration(string BaseFrameOfReferenceUid, string MovingFrameOfReferenceUid, Matrix4 MovingToBase);

/// <summary>How to validate: profile mode, tables, and what a scenario knows beyond the objects themselves.</summary>
public sealed record ValidationOptions
{
    public ProfileMode Mode { get; init; } = ProfileMode.Gen;
    public TableLibrary Tables { get; init; } = TableLibrary.Default;

    /// <summary>Expected registrations for REG-SRO-034 (element-wise tool tolerance) and REG-SRO-036 (target registration error and diagnosis).</summary>
    public IReadOnlyList<ReferenceRegistration> References { get; init; } = [];

    /// <summary>
    /// REG-SRO-036 tolerance floor: the larger of this and half the moving set's largest voxel dimension
    /// (reg-profile.md 8.2: max(1 mm, 0.5 x voxel) for registrations of synthetic data with a known transform).
    /// </summary>
    public double ReferenceToleranceMm { get; init; } = 1.0;

    /// <summary>Hybrid or not, for REG-IMG-008; null when unknown (the rule is then not checked).</summary>
    public DatasetExpectation? Expected { get; init; }

    /// <summary>Objects that were sent to the system under test, for REG-IMG-009 and REG-RT-006; null when not known.</summary>
    public IReadOnlyList<ObjectSummary>? Inputs { get; init; }

    /// <summary>The system under test's Manufacturer (0008,0070), when known, for REG-RT-006.</summary>
    public string? SutManufacturer { get; init; }

    /// <summary>How many files are read and checked at once (file reading and object checks parallelise; set checks do not).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);
}

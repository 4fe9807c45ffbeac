using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Tables;

/// <summary>
/// One attribute of a module table (PS3.3): tag, type, VR and VM (from PS3.6 unless the module narrows
/// the VM), enumerated values and defined terms (per value index; index 0 = every value), the
/// condition of a 1C/2C attribute, item count and nested attributes of a sequence.
/// </summary>
public sealed class AttributeDefinition
{
    public required DicomTag Tag { get; init; }
    public required string Keyword { get; init; }
    public required AttributeType Type { get; init; }
    public required DicomVR VR { get; init; }
    public required Multiplicity VM { get; init; }

    /// <summary>True when the module table itself constrains the VM (otherwise VM is PS3.6's and checked as a value rule).</summary>
    public bool VMFromModule { get; init; }

    /// <summary>Evaluable condition of a 1C/2C attribute: required when true. Null when only <see cref="ConditionText"/> exists.</summary>
    public Condition? Condition { get; init; }

    /// <summary>The condition as PS3.3 words it, for conditions that are not evaluated mechanically.</summary>
    public string? ConditionText { get; init; }

    /// <summary>When true, the attribute shall not be present while its condition is false (no "may be present otherwise").</summary>
    public bool AbsentOtherwise { get; init; }

    /// <summary>A condition under which the attribute shall not be present ("Shall not be present if ..."), independent of the required-if condition.</summary>
    public Condition? ForbiddenIf { get; init; }

    public IReadOnlyDictionary<int, IReadOnlyList<string>> EnumeratedValues { get; init; } = Empty;
    public IReadOnlyDictionary<int, IReadOnlyList<string>> DefinedTerms { get; init; } = Empty;

    /// <summary>Allowed number of sequence items ("1", "1-n", "0-1"); null when the table sets none.</summary>
    public Multiplicity? Items { get; init; }

    public IReadOnlyList<AttributeDefinition> Children { get; init; } = [];

    public bool IsSequence => VR == DicomVR.SQ;

    private static readonly IReadOnlyDictionary<int, IReadOnlyList<string>> Empty = new Dictionary<int, IReadOnlyList<string>>();

    public override string ToString() => $"{Keyword} {Tag} type {Type.Name()}";
}

/// <summary>A module (PS3.3 Annex C) or macro: its attributes in table order.</summary>
public sealed class ModuleDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Source { get; init; }
    public required IReadOnlyList<AttributeDefinition> Attributes { get; init; }

    public override string ToString() => $"{Name} ({Source})";
}

/// <summary>One module reference in an IOD (PS3.3 Annex A).</summary>
public sealed class ModuleUse
{
    public required ModuleDefinition Module { get; init; }
    public required ModuleUsage Usage { get; init; }
    public Condition? Condition { get; init; }
    public string? ConditionText { get; init; }

    /// <summary>Top-level tags of this module that no mandatory module of the same IOD also defines: their presence means the module is present.</summary>
    public IReadOnlyList<DicomTag> OwnTags { get; set; } = [];
}

/// <summary>A composite IOD (PS3.3 Annex A) and the SOP Classes that use it.</summary>
public sealed class IodDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Source { get; init; }
    public required IReadOnlyList<string> SopClassUids { get; init; }
    public required IReadOnlyList<ModuleUse> Modules { get; init; }

    public override string ToString() => $"{Name} ({Source})";
}

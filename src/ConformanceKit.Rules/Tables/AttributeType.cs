namespace ConformanceKit.Rules.Tables;

/// <summary>Attribute types of PS3.5 section 7.4 as used in the PS3.3 module tables.</summary>
public enum AttributeType
{
    Type1,
    Type1C,
    Type2,
    Type2C,
    Type3,
}

public static class AttributeTypes
{
    public static AttributeType Parse(string text) => text.Trim() switch
    {
        "1" => AttributeType.Type1,
        "1C" => AttributeType.Type1C,
        "2" => AttributeType.Type2,
        "2C" => AttributeType.Type2C,
        "3" => AttributeType.Type3,
        _ => throw new FormatException($"'{text}' is not an attribute type (1, 1C, 2, 2C or 3)"),
    };

    public static string Name(this AttributeType t) => t switch
    {
        AttributeType.Type1 => "1",
        AttributeType.Type1C => "1C",
        AttributeType.Type2 => "2",
        AttributeType.Type2C => "2C",
        _ => "3",
    };

    public static bool IsConditional(this AttributeType t) => t is AttributeType.Type1C or AttributeType.Type2C;

    /// <summary>Types whose value, when the attribute is present (and required), must not be empty.</summary>
    public static bool NeedsValue(this AttributeType t) => t is AttributeType.Type1 or AttributeType.Type1C;
}

/// <summary>Module usage in an IOD (PS3.3 Annex A): Mandatory, Conditional, User option.</summary>
public enum ModuleUsage
{
    Mandatory,
    Conditional,
    UserOption,
}

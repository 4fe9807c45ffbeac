namespace ConformanceKit.Rules;

/// <summary>How bad a finding is. Only errors can gate a verdict (see <see cref="RuleBehaviour.Gates"/>).</summary>
public enum Severity
{
    Info = 0,
    Warning = 1,
    Error = 2,
}

public static class SeverityText
{
    public static string Name(this Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };
}

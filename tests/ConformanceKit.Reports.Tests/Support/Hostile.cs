namespace ConformanceKit.Reports.Tests.Support;

/// <summary>Strings a hostile SUT or scenario file could carry: markup, an event handler and both quotes.</summary>
internal static class Hostile
{
    public const string Script = "<script>alert('ck-xss-script')</script>";
    public const string Image = "<img src=x onerror=alert(\"ck-xss-img\")>";
    public const string Quotes = "O'Brien \"quoted\" & <b>bold</b>";

    public static readonly string PatientName = Script + "^" + Quotes;
    public static readonly string SeriesDescription = Image + " " + Quotes;
    public static readonly string ContentLabel = "LBL" + Script + Image;
    /// <summary>What the simulated SUT puts in the SRO it returns (differs from what was sent, so a compare finding carries both).</summary>
    public static readonly string ReturnedContentLabel = "\"><svg onload=alert('ck-xss-svg')>";

    public static readonly string[] Markers = ["ck-xss-script", "ck-xss-img", "ck-xss-svg"];
}

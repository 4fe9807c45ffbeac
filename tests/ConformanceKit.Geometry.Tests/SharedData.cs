namespace ConformanceKit.Geometry.Tests;

/// <summary>Where the shared IHE-RO test objects live (../shared/data beside the repository); tests using them skip when absent.</summary>
internal static class SharedData
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
                candidate = Path.Combine(dir.FullName, "..", "shared", "data");
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
            return "/work/shared/data";
        }
    }
}

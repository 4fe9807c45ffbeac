namespace ConformanceKit.Dicom.Tests.Parity;

/// <summary>
/// Files nobody here wrote: every file of Debian's python3-pydicom test and character set folders, and
/// the shared IHE-RO objects when present. Every file is a case, DICOM or not: a file dcmtk cannot read
/// must fail here too, so README files and JSON samples in those folders are cases as well.
/// </summary>
public static class ParityCorpus
{
    public const string PydicomData = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>Folders searched recursively, with the label used in test names.</summary>
    public static IEnumerable<(string Label, string Root)> Folders()
    {
        yield return ("pydicom", Path.Combine(PydicomData, "test_files"));
        yield return ("pydicom-charset", Path.Combine(PydicomData, "charset_files"));
        if (SharedData() is { } shared) yield return ("shared", shared);
    }

    /// <summary>
    /// The shared data folder (its README: CI has it at ../shared next to the repository): CK_SHARED_DATA,
    /// or the first "shared/data" folder found beside the working directory or one of its ancestors.
    /// </summary>
    public static string? SharedData()
    {
        if (Environment.GetEnvironmentVariable("CK_SHARED_DATA") is { Length: > 0 } env && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>One case per file; a single ignored case per missing folder says why it is skipped.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (label, root) in Folders())
        {
            if (!Directory.Exists(root))
            {
                yield return new TestCaseData("").SetArgDisplayNames($"{label} (absent)")
                    .Ignore($"{root} is absent (install python3-pydicom: ./run.sh test does it as root)");
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                yield return new TestCaseData(file).SetArgDisplayNames($"{label}/{Path.GetRelativePath(root, file)}");
        }
        if (SharedData() is null)
            yield return new TestCaseData("").SetArgDisplayNames("shared (absent)")
                .Ignore("shared/data (IHE-RO objects) not found beside the repository; set CK_SHARED_DATA to use it");
    }
}

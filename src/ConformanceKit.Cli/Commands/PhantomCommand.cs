using System.Globalization;
using ConformanceKit.Geometry.Phantoms;

namespace ConformanceKit.Cli.Commands;

/// <summary>`ck phantom`: writes a ground-truth phantom set (CT/MR/PET series, SROs, RT Structure Set, RT Dose) and its manifest.</summary>
public sealed class PhantomCommand : ICommand
{
    public string Name => "phantom";
    public string Summary => "write a phantom image set with known transforms (ground truth for registration tests)";
    public string Usage => "phantom --preset NAME --out DIR [--seed N] [--position HFS|FFS|HFP|FFP] [--orientation axial|sagittal|coronal|oblique]\n" +
                           "          [--size tiny|small|medium|large] [--slices N] [--anisotropic] [--hybrid] [--structure-set-on MOD|none] [--dose-on MOD|none] [--no-noise]\n" +
                           $"  presets: {string.Join(", ", PhantomPresets.Names)}";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel)
    {
        var a = ParsedArgs.Parse(args, new HashSet<string> { "--anisotropic", "--hybrid", "--no-noise" });
        var preset = a.Require("--preset");
        var output = a.Require("--out");
        var seed = a.GetInt("--seed", 1);
        var options = new PhantomOptions(
            Position: Enum<PatientPosition>(a.Get("--position"), "--position"),
            Orientation: Enum<SliceOrientation>(a.Get("--orientation"), "--orientation"),
            AnisotropicPixels: a.Has("--anisotropic"),
            Size: Enum<PhantomSize>(a.Get("--size"), "--size"),
            Slices: a.Get("--slices") is null ? null : a.GetInt("--slices", 0),
            Hybrid: a.Has("--hybrid") ? true : null,
            StructureSetOn: a.Get("--structure-set-on"),
            DoseOn: a.Get("--dose-on"),
            Noise: a.Has("--no-noise") ? false : null);
        a.RejectUnknown();
        if (options.Slices is <= 0 or > 2000) throw new UsageException("--slices expects 1..2000");
        PhantomSpec spec;
        try { spec = PhantomPresets.Get(preset, options); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        if (spec.StructureSetOn == "none") spec = spec with { StructureSetOn = null };
        if (spec.DoseOn == "none") spec = spec with { DoseOn = null };
        var set = PhantomGenerator.Generate(spec, seed);
        var manifest = PhantomSetWriter.Write(set, output);
        foreach (var s in manifest.Series)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Modality,-3} {s.Columns}x{s.Rows}x{s.Slices} {s.PixelSpacing[0]}\\{s.PixelSpacing[1]} mm, {s.PatientPosition} {s.Orientation}, FoR {s.FrameOfReferenceUid}"));
        foreach (var r in manifest.Registrations) Console.WriteLine($"SRO {r.File}: {r.Moving} -> base");
        Console.WriteLine($"wrote {Path.Combine(output, PhantomSetWriter.ManifestFileName)}");
        return Task.FromResult(ExitCodes.Success);
    }

    private static T? Enum<T>(string? value, string option) where T : struct, System.Enum =>
        value is null ? null
        : System.Enum.TryParse<T>(value, ignoreCase: true, out var v) && System.Enum.IsDefined(v) ? v
        : throw new UsageException($"{option} expects one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()}, not '{value}'");
}

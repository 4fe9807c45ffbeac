using System.Globalization;

namespace ConformanceKit.Cli;

/// <summary>Exit codes shared by every command (scenario runs: 0 pass, 1 fail, 2 inconclusive or harness error).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Error = 2;
    public const int Usage = 64; // sysexits.h EX_USAGE
}

/// <summary>Raised for a malformed command line; reported with the command's usage and exit code 64.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A parsed command line: positional arguments and options. Options are "--name value",
/// "--name=value" or a bare flag "--name"; repeated options keep every value. Short aliases map to long names.
/// </summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    /// <param name="flags">options that take no value</param>
    /// <param name="aliases">short name (for example "-k") to long name ("--key")</param>
    public static ParsedArgs Parse(IReadOnlyList<string> args, ISet<string> flags, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var p = new ParsedArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (aliases is not null && aliases.TryGetValue(a, out var longName)) a = longName;
            if (a == "--")
            {
                p.Positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name, value;
                var eq = a.IndexOf('=');
                if (eq > 0) { name = a[..eq]; value = a[(eq + 1)..]; }
                else if (flags.Contains(a)) { name = a; value = "true"; }
                else
                {
                    if (i + 1 >= args.Count) throw new UsageException($"option {a} needs a value");
                    name = a; value = args[++i];
                }
                if (!p._options.TryGetValue(name, out var list)) p._options[name] = list = [];
                list.Add(value);
            }
            else if (a.StartsWith('-') && a.Length > 1 && !double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw new UsageException($"unknown option {a}");
            else p.Positional.Add(a);
        }
        return p;
    }

    public bool Has(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public string? Get(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v[^1] : null;
    }

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public IReadOnlyList<string> GetAll(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : [];
    }

    public int GetInt(string name, int fallback)
    {
        var v = Get(name);
        if (v is null) return fallback;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n : throw new UsageException($"{name} expects a whole number, not '{v}'");
    }

    public string Require(string name) => Get(name) ?? throw new UsageException($"missing required option {name}");

    /// <summary>Throws for options the command never asked about (typos must not pass silently).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option {string.Join(", ", unknown)}");
    }
}

/// <summary>One `ck` sub-command.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancel);
}

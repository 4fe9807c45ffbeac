using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace ConformanceKit.Reports.Html;

/// <summary>
/// The report's Scriban templates and static assets, embedded in this assembly under Templates/
/// (so the report needs no files beside the program). {{ include 'name.sbn' }} loads another one.
/// </summary>
public sealed class TemplateSet : ITemplateLoader
{
    private const string Prefix = "ConformanceKit.Reports.Templates.";

    public static readonly TemplateSet Embedded = new();

    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    /// <summary>The text of an embedded file (template, style sheet or script).</summary>
    public static string Read(string name)
    {
        using var stream = typeof(TemplateSet).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new FileNotFoundException($"report template '{name}' is not embedded in {typeof(TemplateSet).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>An embedded static asset (CSS, JS) as markup to inline: these files are ours, not data.</summary>
    public static TrustedHtml Asset(string name) => new(Read(name));

    public Template Get(string name) => _parsed.GetOrAdd(name, n =>
    {
        var t = Template.Parse(Read(n), n);
        if (t.HasErrors) throw new InvalidOperationException($"report template {n}: {string.Join("; ", t.Messages)}");
        return t;
    });

    /// <summary>Renders template <paramref name="name"/> with <paramref name="model"/>'s members as globals (snake_case names).</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026",
        Justification = "Scriban reads the view models' properties by reflection; the models are types of this assembly, which " +
                        "the native ck keeps whole (TrimmerRootAssembly in the Cli project), and the published-ck tests render a report.")]
    public string Render(string name, object model)
    {
        var context = new EscapingTemplateContext(this);
        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        context.PushGlobal(globals);
        return Get(name).Render(context);
    }

    string ITemplateLoader.GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;

    string ITemplateLoader.Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Read(templatePath);

    ValueTask<string?> ITemplateLoader.LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Read(templatePath));
}

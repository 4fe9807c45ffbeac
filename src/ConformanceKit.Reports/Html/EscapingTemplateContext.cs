using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace ConformanceKit.Reports.Html;

/// <summary>
/// A Scriban context that HTML-escapes every value a template writes ({{ x }}), except a
/// <see cref="TrustedHtml"/>. Forgetting to escape is therefore impossible: a template has no way to
/// write a string unescaped, and DICOM strings (hostile input) always arrive as strings.
/// </summary>
public sealed class EscapingTemplateContext : TemplateContext
{
    public EscapingTemplateContext(ITemplateLoader loader)
    {
        TemplateLoader = loader;
        StrictVariables = true;   // a misspelt name in a template fails the render instead of printing nothing
        LoopLimit = 0;            // runs may hold thousands of findings; loops are over our own lists
        // Scriban cuts any value longer than LimitToString (1 MiB by default) and silently drops the rest of
        // the render: a whole library's findings or scenarios section is longer than that.
        LimitToString = 0;
        RecursiveLimit = 64;
        EnableRelaxedMemberAccess = false;
        MemberRenamer = StandardMemberRenamer.Default;
        // {{ include 'x.sbn' }} renders one of our templates with this same context (so its values are
        // escaped already) and returns a string; mark that string as markup so it is not escaped twice.
        if (BuiltinObject["include"] is IScriptCustomFunction include)
            BuiltinObject.SetValue("include", new TrustedInclude(include), true);
    }

    /// <summary>The built-in include function, returning its (already escaped) output as <see cref="TrustedHtml"/>.</summary>
    private sealed class TrustedInclude(IScriptCustomFunction inner) : IScriptCustomFunction
    {
        public int RequiredParameterCount => inner.RequiredParameterCount;
        public int ParameterCount => inner.ParameterCount;
        public ScriptVarParamKind VarParamKind => inner.VarParamKind;
        public Type ReturnType => typeof(TrustedHtml);
        public ScriptParameterInfo GetParameterInfo(int index) => inner.GetParameterInfo(index);

        public object? Invoke(TemplateContext context, Scriban.Syntax.ScriptNode? callerContext, ScriptArray arguments, Scriban.Syntax.ScriptBlockStatement? blockStatement) =>
            new TrustedHtml(inner.Invoke(context, callerContext, arguments, blockStatement)?.ToString() ?? "");

        public async ValueTask<object?> InvokeAsync(TemplateContext context, Scriban.Syntax.ScriptNode? callerContext, ScriptArray arguments, Scriban.Syntax.ScriptBlockStatement? blockStatement) =>
            new TrustedHtml((await inner.InvokeAsync(context, callerContext, arguments, blockStatement))?.ToString() ?? "");
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is null) return this;
        if (textAsObject is TrustedHtml html)
        {
            Write(html.Markup);
            return this;
        }
        Write(HtmlText.Escape(ObjectToString(textAsObject)));
        return this;
    }
}

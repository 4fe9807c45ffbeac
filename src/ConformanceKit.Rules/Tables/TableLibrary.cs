using ConformanceKit.Dicom;
using YamlDotNet.RepresentationModel;

namespace ConformanceKit.Rules.Tables;

/// <summary>
/// The IOD, module and macro tables, read from the YAML files in Tables/ (embedded resources, written
/// from PS3.3; the format is described in docs/rules.md). Keywords resolve to tags, VR and VM through
/// the PS3.6 dictionary, so a typo fails loading with the file and line instead of passing silently.
/// </summary>
public sealed class TableLibrary
{
    private static readonly Lazy<TableLibrary> BuiltIn = new(() => Load(EmbeddedTables()));

    private readonly Dictionary<string, IodDefinition> _bySopClass;

    private TableLibrary(IReadOnlyDictionary<string, ModuleDefinition> modules, IReadOnlyDictionary<string, IodDefinition> iods)
    {
        Modules = modules;
        Iods = iods;
        _bySopClass = new Dictionary<string, IodDefinition>(StringComparer.Ordinal);
        foreach (var iod in iods.Values)
            foreach (var uid in iod.SopClassUids) _bySopClass[uid] = iod;
    }

    /// <summary>The tables shipped in this assembly.</summary>
    public static TableLibrary Default => BuiltIn.Value;

    public IReadOnlyDictionary<string, ModuleDefinition> Modules { get; }
    public IReadOnlyDictionary<string, IodDefinition> Iods { get; }

    public IodDefinition? ForSopClass(string? sopClassUid) =>
        sopClassUid is not null && _bySopClass.TryGetValue(sopClassUid.TrimEnd('\0', ' '), out var iod) ? iod : null;

    /// <summary>The YAML texts embedded in this assembly, by resource name.</summary>
    public static IEnumerable<(string Name, string Text)> EmbeddedTables()
    {
        var asm = typeof(TableLibrary).Assembly;
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} vanished");
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }

    /// <summary>Builds a library from YAML documents; throws <see cref="FormatException"/> naming the document and line of the first error.</summary>
    public static TableLibrary Load(IEnumerable<(string Name, string Text)> documents)
    {
        var raw = new Loader();
        foreach (var (name, text) in documents) raw.Read(name, text);
        return raw.Build();
    }

    private sealed class Loader
    {
        private readonly Dictionary<string, (string Doc, YamlMappingNode Node)> _macros = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Doc, YamlMappingNode Node)> _modules = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Doc, YamlMappingNode Node)> _iods = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<AttributeDefinition>> _resolvedMacros = new(StringComparer.Ordinal);
        private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

        public void Read(string doc, string text)
        {
            var stream = new YamlStream();
            try { stream.Load(new StringReader(text)); }
            catch (YamlDotNet.Core.YamlException e) { throw new FormatException($"{doc}: line {e.Start.Line}: {e.Message}", e); }
            foreach (var d in stream.Documents)
            {
                if (d.RootNode is not YamlMappingNode root) throw Fail(doc, d.RootNode, "expected a mapping with macros, modules or iods");
                foreach (var (k, v) in root.Children)
                {
                    var target = Scalar(doc, k) switch
                    {
                        "macros" => _macros,
                        "modules" => _modules,
                        "iods" => _iods,
                        var other => throw Fail(doc, k, $"unknown section '{other}' (expected macros, modules or iods)"),
                    };
                    if (v is not YamlMappingNode entries) throw Fail(doc, v, "expected a mapping of named entries");
                    foreach (var (name, body) in entries.Children)
                    {
                        var id = Scalar(doc, name);
                        if (body is not YamlMappingNode m) throw Fail(doc, body, $"{id}: expected a mapping");
                        if (!target.TryAdd(id, (doc, m))) throw Fail(doc, name, $"'{id}' is defined twice");
                    }
                }
            }
        }

        public TableLibrary Build()
        {
            var modules = new Dictionary<string, ModuleDefinition>(StringComparer.Ordinal);
            foreach (var (id, (doc, node)) in _modules)
                modules[id] = new ModuleDefinition
                {
                    Id = id,
                    Name = Required(doc, node, "name"),
                    Source = Required(doc, node, "source"),
                    Attributes = Attributes(doc, Child(node, "attrs") ?? throw Fail(doc, node, $"module {id} has no attrs")),
                };
            var iods = new Dictionary<string, IodDefinition>(StringComparer.Ordinal);
            foreach (var (id, (doc, node)) in _iods)
            {
                var uses = new List<ModuleUse>();
                if (Child(node, "modules") is not YamlSequenceNode seq) throw Fail(doc, node, $"IOD {id} has no modules list");
                foreach (var entry in seq)
                {
                    if (entry is not YamlMappingNode m) throw Fail(doc, entry, "expected {module: NAME, usage: M|C|U}");
                    var moduleId = Required(doc, m, "module");
                    if (!modules.TryGetValue(moduleId, out var module)) throw Fail(doc, m, $"IOD {id}: unknown module '{moduleId}'");
                    var usage = Required(doc, m, "usage") switch
                    {
                        "M" => ModuleUsage.Mandatory,
                        "C" => ModuleUsage.Conditional,
                        "U" => ModuleUsage.UserOption,
                        var u => throw Fail(doc, m, $"usage '{u}' is not M, C or U"),
                    };
                    uses.Add(new ModuleUse
                    {
                        Module = module, Usage = usage,
                        Condition = Optional(doc, m, "if") is { } c ? ParseCondition(doc, m, c) : null,
                        ConditionText = Optional(doc, m, "if_text"),
                    });
                }
                // A module counts as present when one of its own top-level attributes is (PS3.3 Annex A usage U/C).
                var mandatoryTags = uses.Where(u => u.Usage == ModuleUsage.Mandatory).SelectMany(u => u.Module.Attributes).Select(a => a.Tag).ToHashSet();
                foreach (var u in uses)
                    u.OwnTags = u.Module.Attributes.Select(a => a.Tag).Where(t => !mandatoryTags.Contains(t)).Distinct().ToArray();
                var sopClasses = Child(node, "sop_classes") is YamlSequenceNode s ? s.Select(n => Scalar(doc, n)).ToArray() : [];
                iods[id] = new IodDefinition
                {
                    Id = id, Name = Required(doc, node, "name"), Source = Required(doc, node, "source"),
                    SopClassUids = sopClasses, Modules = uses,
                };
            }
            return new TableLibrary(modules, iods);
        }

        private IReadOnlyList<AttributeDefinition> Macro(string doc, YamlNode at, string name)
        {
            if (_resolvedMacros.TryGetValue(name, out var done)) return done;
            if (!_macros.TryGetValue(name, out var macro)) throw Fail(doc, at, $"unknown macro '{name}'");
            if (!_resolving.Add(name)) throw Fail(doc, at, $"macro '{name}' includes itself");
            var attrs = Attributes(macro.Doc, Child(macro.Node, "attrs") ?? throw Fail(macro.Doc, macro.Node, $"macro {name} has no attrs"));
            _resolving.Remove(name);
            _resolvedMacros[name] = attrs;
            return attrs;
        }

        private IReadOnlyList<AttributeDefinition> Attributes(string doc, YamlNode node)
        {
            if (node is not YamlSequenceNode seq) throw Fail(doc, node, "attrs must be a list");
            var list = new List<AttributeDefinition>();
            foreach (var entry in seq)
            {
                if (entry is not YamlMappingNode m) throw Fail(doc, entry, "an attribute is a mapping {kw: Keyword, type: 1|1C|2|2C|3, ...}");
                if (Optional(doc, m, "include") is { } macroName)
                {
                    foreach (var a in Macro(doc, m, macroName))
                        if (list.All(x => x.Tag != a.Tag)) list.Add(a); // the including table's own entry wins
                    continue;
                }
                var attr = Attribute(doc, m);
                var existing = list.FindIndex(x => x.Tag == attr.Tag);
                if (existing >= 0) list[existing] = attr; else list.Add(attr);
            }
            return list;
        }

        private static readonly HashSet<string> AttributeKeys = ["kw", "type", "if", "if_text", "otherwise", "forbid_if", "vm", "enum", "terms", "items", "attrs", "include"];

        private AttributeDefinition Attribute(string doc, YamlMappingNode m)
        {
            foreach (var key in m.Children.Keys)
                if (!AttributeKeys.Contains(Scalar(doc, key))) throw Fail(doc, key, $"unknown key '{Scalar(doc, key)}'");
            var kw = Required(doc, m, "kw");
            var entry = DicomDictionary.FindByKeyword(kw) ?? throw Fail(doc, m, $"'{kw}' is not a PS3.6 keyword");
            AttributeType type;
            try { type = AttributeTypes.Parse(Required(doc, m, "type")); }
            catch (FormatException e) { throw Fail(doc, m, $"{kw}: {e.Message}"); }
            var vmText = Optional(doc, m, "vm");
            Multiplicity vm;
            try { vm = Multiplicity.Parse(vmText ?? entry.VM); }
            catch (FormatException e) { throw Fail(doc, m, $"{kw}: {e.Message}"); }
            var condText = Optional(doc, m, "if");
            var otherwise = Optional(doc, m, "otherwise");
            if (otherwise is not (null or "absent")) throw Fail(doc, m, $"{kw}: otherwise must be 'absent'");
            if ((condText is not null || Optional(doc, m, "if_text") is not null) && !type.IsConditional())
                throw Fail(doc, m, $"{kw}: a condition on a type {type.Name()} attribute");
            var vr = entry.VR;
            var children = Child(m, "attrs") is { } a ? Attributes(doc, a) : [];
            if (children.Count > 0 && vr != DicomVR.SQ) throw Fail(doc, m, $"{kw} is not a sequence but has attrs");
            return new AttributeDefinition
            {
                Tag = new DicomTag(entry.Tag), Keyword = kw, Type = type, VR = vr, VM = vm, VMFromModule = vmText is not null,
                Condition = condText is null ? null : ParseCondition(doc, m, condText),
                ConditionText = Optional(doc, m, "if_text") ?? condText,
                AbsentOtherwise = otherwise == "absent",
                ForbiddenIf = Optional(doc, m, "forbid_if") is { } forbid ? ParseCondition(doc, m, forbid) : null,
                EnumeratedValues = Values(doc, Child(m, "enum")),
                DefinedTerms = Values(doc, Child(m, "terms")),
                Items = Optional(doc, m, "items") is { } items ? ParseItems(doc, m, items) : null,
                Children = children,
            };
        }

        private static Multiplicity ParseItems(string doc, YamlNode at, string text)
        {
            try { return Multiplicity.Parse(text); }
            catch (FormatException e) { throw Fail(doc, at, e.Message); }
        }

        private static Condition ParseCondition(string doc, YamlNode at, string text)
        {
            try { return Condition.Parse(text); }
            catch (FormatException e) { throw Fail(doc, at, e.Message); }
        }

        // enum: [A, B] applies to every value; enum: {1: [A, B], 3: [C]} to the given 1-based value index.
        private static IReadOnlyDictionary<int, IReadOnlyList<string>> Values(string doc, YamlNode? node)
        {
            var d = new Dictionary<int, IReadOnlyList<string>>();
            switch (node)
            {
                case null: break;
                case YamlSequenceNode s: d[0] = s.Select(n => Scalar(doc, n)).ToArray(); break;
                case YamlMappingNode m:
                    foreach (var (k, v) in m.Children)
                    {
                        if (!int.TryParse(Scalar(doc, k), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i < 1)
                            throw Fail(doc, k, "value index must be 1, 2, ...");
                        if (v is not YamlSequenceNode vs) throw Fail(doc, v, "expected a list of values");
                        d[i] = vs.Select(n => Scalar(doc, n)).ToArray();
                    }
                    break;
                default: throw Fail(doc, node, "expected a list of values or a map from value index to list");
            }
            return d;
        }

        private static YamlNode? Child(YamlMappingNode m, string key) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        private static string? Optional(string doc, YamlMappingNode m, string key) => Child(m, key) is { } n ? Scalar(doc, n) : null;

        private static string Required(string doc, YamlMappingNode m, string key) =>
            Optional(doc, m, key) ?? throw Fail(doc, m, $"missing '{key}'");

        private static string Scalar(string doc, YamlNode n) =>
            n is YamlScalarNode { Value: { } v } ? v : throw Fail(doc, n, "expected a single value");

        private static FormatException Fail(string doc, YamlNode at, string message) =>
            new($"{doc}: line {at.Start.Line}: {message}");
    }
}

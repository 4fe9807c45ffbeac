using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ConformanceKit.Scenarios.Yaml;

/// <summary>
/// Reads one YAML document into <see cref="YamlNode"/>s from the parser's event stream (no object
/// mapping, so no type named in a document is ever instantiated). Rejects what a scenario never needs
/// and what makes documents dangerous or ambiguous: anchors and aliases (billion-laughs expansion),
/// explicit tags, non-text keys, duplicate keys, several documents, and anything over
/// <see cref="YamlLimits"/>. Every rejection names file, line and column.
/// </summary>
public static class YamlDocumentReader
{
    public static YamlNode ReadFile(string path, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var display = DisplayPath(path);
        var start = new SourceLocation(display, 1, 1);
        FileInfo info;
        try { info = new FileInfo(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(start, $"cannot open: {e.Message}");
        }
        if (!info.Exists) throw Error(start, "file not found");
        if (info.Length > limits.MaxBytes)
            throw Error(start, $"file is {info.Length} bytes; the limit is {limits.MaxBytes}");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(start, $"cannot read: {e.Message}");
        }
        return Read(text, display, limits);
    }

    public static YamlNode Read(string text, string fileName, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        if (text.Length > limits.MaxBytes)
            throw Error(new SourceLocation(fileName, 1, 1), $"document is {text.Length} characters; the limit is {limits.MaxBytes}");
        var parser = new Parser(new StringReader(text));
        try
        {
            return Parse(parser, fileName, limits);
        }
        catch (YamlException e)
        {
            throw Error(At(fileName, e.Start), $"YAML syntax: {Clean(e.Message)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // (ArgumentException: YamlDotNet refuses some malformed tags this way, e.g. "Global tags must be valid URIs".)
            // YamlDotNet's scanner reports some malformed input this way; the last event read is the best place we know.
            var at = parser.Current is { } c ? At(fileName, c.Start) : new SourceLocation(fileName, 1, 1);
            throw Error(at, "YAML syntax: malformed document after this point");
        }
    }

    private static YamlNode Parse(IParser parser, string file, YamlLimits limits)
    {
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out var end)) throw Error(At(file, end.Start), "the document is empty");
        parser.Consume<DocumentStart>();
        var root = ReadNode(parser, file, limits);
        parser.Consume<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
            throw Error(At(file, second.Start), "only one YAML document per file ('---' starts a second one)");
        parser.Consume<StreamEnd>();
        return root;
    }

    // Iterative (explicit stack) so that nesting depth is bounded by the limit, never by the call stack.
    private static YamlNode ReadNode(IParser parser, string file, YamlLimits limits)
    {
        var stack = new Stack<Frame>();
        var nodes = 0;
        YamlNode? finished = null;
        while (true)
        {
            var ev = parser.Current ?? throw Error(new SourceLocation(file, 1, 1), "unexpected end of the document");
            parser.MoveNext();
            var at = At(file, ev.Start);
            if (++nodes > limits.MaxNodes) throw Error(at, $"more than {limits.MaxNodes} nodes");
            switch (ev)
            {
                case AnchorAlias:
                    throw Error(at, "aliases (*name) are not allowed in scenario files");
                case NodeEvent { Anchor.IsEmpty: false }:
                    throw Error(at, "anchors (&name) are not allowed in scenario files");
                case NodeEvent { Tag.IsEmpty: false } tagged when !(tagged is Scalar { Tag.Value: "!" }):
                    throw Error(at, $"explicit tags ({tagged.Tag.Value}) are not allowed in scenario files");
                case Scalar s:
                    if (s.Value.Length > limits.MaxScalarLength)
                        throw Error(at, $"value is {s.Value.Length} characters; the limit is {limits.MaxScalarLength}");
                    finished = new YamlScalar(at, s.Value, s.Style != ScalarStyle.Plain);
                    break;
                case SequenceStart:
                case MappingStart:
                    if (stack.Count >= limits.MaxDepth) throw Error(at, $"nested deeper than {limits.MaxDepth} levels");
                    stack.Push(new Frame(at, ev is MappingStart));
                    continue;
                case SequenceEnd:
                case MappingEnd:
                    var frame = stack.Pop();
                    finished = frame.IsMap
                        ? new YamlMap(frame.Location, frame.Entries!)
                        : new YamlList(frame.Location, frame.Items!);
                    break;
                default:
                    throw Error(at, $"unexpected YAML event {ev.GetType().Name}");
            }

            if (stack.Count == 0) return finished;
            var parent = stack.Peek();
            if (!parent.IsMap) { parent.Items!.Add(finished); continue; }
            if (parent.PendingKey is null)
            {
                if (finished is not YamlScalar key || key.IsNull)
                    throw Error(finished.Location, "mapping keys must be plain text");
                if (parent.Keys!.Contains(key.Value))
                    throw Error(key.Location, $"duplicate key '{key.Value}'");
                parent.Keys.Add(key.Value);
                parent.PendingKey = key;
            }
            else
            {
                parent.Entries!.Add(new(parent.PendingKey, finished));
                parent.PendingKey = null;
            }
        }
    }

    private sealed class Frame(SourceLocation location, bool isMap)
    {
        public SourceLocation Location { get; } = location;
        public bool IsMap { get; } = isMap;
        public List<YamlNode>? Items { get; } = isMap ? null : [];
        public List<KeyValuePair<YamlScalar, YamlNode>>? Entries { get; } = isMap ? [] : null;
        public HashSet<string>? Keys { get; } = isMap ? new(StringComparer.Ordinal) : null;
        public YamlScalar? PendingKey { get; set; }
    }

    private static SourceLocation At(string file, Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static ScenarioFormatException Error(SourceLocation at, string message) => new([new ScenarioError(at, message)]);

    // YamlDotNet prefixes messages with "(Line: l, Col: c, Idx: i) - (...): "; the location is reported separately.
    private static string Clean(string message)
    {
        var i = message.LastIndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith('(') ? message[(i + 3)..] : message;
    }

    /// <summary>A path as shown in errors: relative to the current directory when below it.</summary>
    public static string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel;
    }
}

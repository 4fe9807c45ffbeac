using ConformanceKit.Dicom;

namespace ConformanceKit.Rules;

/// <summary>
/// Where in a dataset a finding points: a chain of tags and 1-based item numbers, written as
/// keywords ("RegistrationSequence[2]/MatrixRegistrationSequence[1]/..."). Immutable and cheap to
/// extend; the text is built only when a finding is reported.
/// </summary>
public sealed class AttributePath
{
    public static readonly AttributePath Root = new(null, default, 0);

    private readonly AttributePath? _parent;
    private readonly DicomTag _tag;
    private readonly int _item; // 0 = no item index

    private AttributePath(AttributePath? parent, DicomTag tag, int item)
    {
        _parent = parent;
        _tag = tag;
        _item = item;
    }

    public bool IsRoot => _parent is null;

    /// <summary>The element <paramref name="tag"/> inside the dataset this path points to.</summary>
    public AttributePath Child(DicomTag tag) => new(this, tag, 0);

    /// <summary>Item <paramref name="number"/> (1-based, as DICOM counts them) of the sequence this path points to.</summary>
    public AttributePath Item(int number) => IsRoot ? throw new InvalidOperationException("the root has no items") : new(_parent, _tag, number);

    public static string NameOf(DicomTag tag) => DicomDictionary.KeywordOf(tag) is { Length: > 0 } k ? k : tag.ToString();

    public override string ToString()
    {
        if (IsRoot) return "";
        var parts = new List<string>();
        for (var p = this; p is { IsRoot: false }; p = p._parent!)
            parts.Add(p._item > 0 ? $"{NameOf(p._tag)}[{p._item}]" : NameOf(p._tag));
        parts.Reverse();
        return string.Join('/', parts);
    }
}

namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE message received whole (PS3.7 6.3): its command set and, when it has one and it was kept in memory,
/// the encoded dataset in the presentation context's transfer syntax.
/// </summary>
public sealed class DimseMessage(DimseCommand command, PresentationContext context, ReadOnlyMemory<byte>? dataset)
{
    private DicomDataset? _parsed;

    public DimseCommand Command { get; } = command;
    public PresentationContext Context { get; } = context;

    /// <summary>The dataset bytes as received, or null when the message had none (or it was streamed to storage).</summary>
    public ReadOnlyMemory<byte>? DatasetBytes { get; } = dataset;

    /// <summary>The dataset, parsed on first use in the context's transfer syntax; throws DicomReadException when unreadable.</summary>
    public DicomDataset? Dataset => DatasetBytes is { } bytes
        ? _parsed ??= DicomDatasetReader.Parse(bytes, Context.Syntax.Encapsulated ? Context.Syntax with { Encapsulated = false } : Context.Syntax)
        : null;

    public override string ToString() => Command.Describe();
}

using System.Buffers;
using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>Where the dataset fragments of one incoming message go.</summary>
internal interface IDatasetSink
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel);
}

/// <summary>Keeps a dataset in memory, refusing to grow beyond a limit (bounded memory per association).</summary>
internal sealed class MemorySink(int limit) : IDatasetSink
{
    private readonly ArrayBufferWriter<byte> _bytes = new(4096);

    public ReadOnlyMemory<byte> Bytes => _bytes.WrittenMemory;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancel)
    {
        if (_bytes.WrittenCount + (long)fragment.Length > limit)
            throw new DimseFormatException($"dataset exceeds the {limit}-byte limit for datasets held in memory");
        _bytes.Write(fragment.Span);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Receives reassembled messages from a <see cref="MessageAssembler"/>.</summary>
internal interface IMessageReceiver
{
    /// <summary>The command of a message with a dataset is complete: where should its dataset go?</summary>
    ValueTask<IDatasetSink> OpenDatasetAsync(DimseCommand command, PresentationContext context);

    /// <summary>The whole message arrived. <paramref name="sink"/> is the one OpenDatasetAsync gave, or null.</summary>
    ValueTask OnMessageAsync(DimseCommand command, PresentationContext context, IDatasetSink? sink, long datasetLength);
}

/// <summary>
/// Reassembles DIMSE messages from PDVs (PS3.7 Annex E; PS3.8 Annex E): the command fragments, then the dataset
/// fragments, all on the same presentation context. One message at a time per association. Anything out of
/// order throws <see cref="DimseFormatException"/>, and the association is then aborted.
/// </summary>
internal sealed class MessageAssembler(IMessageReceiver receiver, int maxCommandLength, long maxDatasetLength = long.MaxValue)
{
    private readonly ArrayBufferWriter<byte> _command = new(512);
    private PresentationContext? _context;
    private DimseCommand? _pending;
    private IDatasetSink? _sink;
    private long _datasetLength;

    /// <summary>True while a message is partly received (its sink then holds partial data).</summary>
    public bool InProgress => _context is not null;

    public IDatasetSink? OpenSink => _sink;

    public async ValueTask AddAsync(PresentationDataValue pdv, PresentationContext context)
    {
        if (_context is not null && _context.Id != context.Id)
            throw new DimseFormatException($"PDV on presentation context {context.Id} while a message on context {_context.Id} is incomplete");
        if (pdv.IsCommand)
        {
            if (_pending is not null) throw new DimseFormatException("command fragment received while the dataset of the previous command was expected");
            if (_command.WrittenCount + pdv.Data.Length > maxCommandLength)
                throw new DimseFormatException($"command set longer than {maxCommandLength} bytes");
            _context = context;
            _command.Write(pdv.Data.Span);
            if (!pdv.IsLast) return;
            var command = DimseCommand.Decode(_command.WrittenMemory.ToArray());
            _command.Clear();
            if (!command.HasDataset)
            {
                Reset();
                await receiver.OnMessageAsync(command, context, null, 0).ConfigureAwait(false);
                return;
            }
            _pending = command;
            _datasetLength = 0;
            _sink = await receiver.OpenDatasetAsync(command, context).ConfigureAwait(false);
            return;
        }
        if (_pending is null || _sink is null)
            throw new DimseFormatException("dataset fragment received without a preceding command (PS3.7 6.3.1)");
        if (_datasetLength + pdv.Data.Length > maxDatasetLength)
            throw new DimseFormatException($"dataset longer than the {maxDatasetLength}-byte limit for one object");
        await _sink.WriteAsync(pdv.Data, CancellationToken.None).ConfigureAwait(false);
        _datasetLength += pdv.Data.Length;
        if (!pdv.IsLast) return;
        var (cmd, sink, length) = (_pending, _sink, _datasetLength);
        Reset();
        await receiver.OnMessageAsync(cmd, context, sink, length).ConfigureAwait(false);
    }

    private void Reset()
    {
        _context = null;
        _pending = null;
        _sink = null;
        _datasetLength = 0;
    }
}

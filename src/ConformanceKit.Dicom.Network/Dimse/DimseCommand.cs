namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (PS3.7 section 9.3/10.3, Annex E): group 0000 elements, always encoded in Implicit VR
/// Little Endian with Command Group Length first (PS3.7 6.3.1). Wraps a dataset with typed accessors.
/// </summary>
public sealed class DimseCommand
{
    /// <summary>Command Data Set Type value meaning "no dataset follows" (PS3.7 E.1); any other value means one does.</summary>
    public const ushort NoDataset = 0x0101;
    private const ushort DatasetPresent = 0x0000;

    public DimseCommand(DicomDataset dataset) => Dataset = dataset;

    public DicomDataset Dataset { get; }

    public DimseCommandField CommandField => (DimseCommandField)(Dataset.GetUShort(DicomTags.CommandField) ?? 0);
    public ushort MessageId => Dataset.GetUShort(DicomTags.MessageID) ?? 0;
    public ushort MessageIdBeingRespondedTo => Dataset.GetUShort(DicomTags.MessageIDBeingRespondedTo) ?? 0;
    public string? AffectedSopClassUid => Dataset.GetString(DicomTags.AffectedSOPClassUID);
    public string? RequestedSopClassUid => Dataset.GetString(DicomTags.RequestedSOPClassUID);
    public string? AffectedSopInstanceUid => Dataset.GetString(DicomTags.AffectedSOPInstanceUID);
    public string? MoveDestination => Dataset.GetString(DicomTags.MoveDestination);
    public string? MoveOriginatorAeTitle => Dataset.GetString(DicomTags.MoveOriginatorApplicationEntityTitle);
    public ushort? MoveOriginatorMessageId => Dataset.GetUShort(DicomTags.MoveOriginatorMessageID);
    public DimsePriority Priority => (DimsePriority)(Dataset.GetUShort(DicomTags.Priority) ?? 0);
    public bool HasDataset => (Dataset.GetUShort(DicomTags.CommandDataSetType) ?? NoDataset) != NoDataset;
    public DimseStatus Status => new(Dataset.GetUShort(DicomTags.Status) ?? 0);
    public string? ErrorComment => Dataset.GetString(DicomTags.ErrorComment);
    public ushort? RemainingSubOperations => Dataset.GetUShort(DicomTags.NumberOfRemainingSuboperations);
    public ushort? CompletedSubOperations => Dataset.GetUShort(DicomTags.NumberOfCompletedSuboperations);
    public ushort? FailedSubOperations => Dataset.GetUShort(DicomTags.NumberOfFailedSuboperations);
    public ushort? WarningSubOperations => Dataset.GetUShort(DicomTags.NumberOfWarningSuboperations);

    /// <summary>The SOP class the message is about: Affected SOP Class UID, or Requested SOP Class UID for N-services.</summary>
    public string? SopClassUid => AffectedSopClassUid ?? RequestedSopClassUid;

    public bool IsResponse => DimseCommandFieldText.IsResponse(CommandField);

    /// <summary>One line for transcripts, e.g. "C-STORE-RSP id 3 status 0x0000 (success)".</summary>
    public string Describe()
    {
        var name = DimseCommandFieldText.NameOf(CommandField);
        if (CommandField == DimseCommandField.CCancelRequest) return $"{name} for id {MessageIdBeingRespondedTo}";
        if (IsResponse)
        {
            var text = $"{name} to id {MessageIdBeingRespondedTo} status {Status.Code:X4}H ({Status.Meaning(CommandField)})";
            if (RemainingSubOperations is not null || CompletedSubOperations is not null)
                text += $", sub-operations remaining {RemainingSubOperations ?? 0} completed {CompletedSubOperations ?? 0} failed {FailedSubOperations ?? 0} warning {WarningSubOperations ?? 0}";
            if (ErrorComment is { Length: > 0 } c) text += $", \"{c}\"";
            return text;
        }
        var s = $"{name} id {MessageId} {DicomUidRegistry.NameOf(SopClassUid ?? "")}";
        if (AffectedSopInstanceUid is { } inst) s += $" instance {inst}";
        if (MoveDestination is { } dest) s += $" to {dest}";
        return s;
    }

    // ---- encoding ----

    /// <summary>Encodes the command in Implicit VR Little Endian with a freshly computed Command Group Length (PS3.7 E.1).</summary>
    public byte[] Encode()
    {
        var ds = Dataset.Clone();
        ds.Remove(DicomTags.CommandGroupLength);
        var length = DicomWriter.Measure(ds, explicitVR: false);
        ds.SetUInt32(DicomTags.CommandGroupLength, checked((uint)length));
        return DicomWriter.Encode(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    /// <summary>Decodes a command set; throws <see cref="DimseFormatException"/> when it is not a usable command.</summary>
    public static DimseCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        var ds = CommandSetCodec.Decode(bytes.Span);
        if (!ds.Contains(DicomTags.CommandField)) throw new DimseFormatException("command set has no Command Field (0000,0100)");
        // A command set has no Specific Character Set: its texts (UIDs, AE titles, comments) are in the default
        // repertoire. A byte beyond it could be neither matched nor echoed back in the response (PS3.5 6.1.2.1).
        foreach (var e in ds.OfType<DicomValueElement>())
            if (e.VR.IsString && e.Value.Span.IndexOfAnyInRange((byte)0x80, (byte)0xFF) is var at and >= 0)
                throw new DimseFormatException($"command element {e.Tag} holds byte 0x{e.Value.Span[at]:X2}, outside the default character repertoire");
        try
        {
            var cmd = new DimseCommand(ds);
            _ = cmd.CommandField;
            _ = cmd.HasDataset;
            _ = cmd.MessageId;
            _ = cmd.MessageIdBeingRespondedTo;
            _ = cmd.Status;
            return cmd;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new DimseFormatException($"command set has a malformed value: {e.Message}");
        }
    }

    // ---- building requests (PS3.7 9.3) ----

    private static DimseCommand Request(DimseCommandField field, ushort messageId, string sopClassUid, bool hasDataset, bool requested = false)
    {
        var ds = new DicomDataset();
        ds.SetString(requested ? DicomTags.RequestedSOPClassUID : DicomTags.AffectedSOPClassUID, sopClassUid, DicomVR.UI);
        ds.SetUInt16(DicomTags.CommandField, (ushort)field);
        ds.SetUInt16(DicomTags.MessageID, messageId);
        ds.SetUInt16(DicomTags.CommandDataSetType, hasDataset ? DatasetPresent : NoDataset);
        return new DimseCommand(ds);
    }

    public static DimseCommand EchoRequest(ushort messageId) =>
        Request(DimseCommandField.CEchoRequest, messageId, DicomUids.Verification, hasDataset: false);

    public static DimseCommand StoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid,
        DimsePriority priority = DimsePriority.Medium, string? moveOriginatorAeTitle = null, ushort? moveOriginatorMessageId = null)
    {
        var cmd = Request(DimseCommandField.CStoreRequest, messageId, sopClassUid, hasDataset: true);
        cmd.Dataset.SetUInt16(DicomTags.Priority, (ushort)priority);
        cmd.Dataset.SetString(DicomTags.AffectedSOPInstanceUID, sopInstanceUid, DicomVR.UI);
        if (moveOriginatorAeTitle is not null) cmd.Dataset.SetString(DicomTags.MoveOriginatorApplicationEntityTitle, moveOriginatorAeTitle, DicomVR.AE);
        if (moveOriginatorMessageId is { } id) cmd.Dataset.SetUInt16(DicomTags.MoveOriginatorMessageID, id);
        return cmd;
    }

    public static DimseCommand FindRequest(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium)
    {
        var cmd = Request(DimseCommandField.CFindRequest, messageId, sopClassUid, hasDataset: true);
        cmd.Dataset.SetUInt16(DicomTags.Priority, (ushort)priority);
        return cmd;
    }

    public static DimseCommand MoveRequest(ushort messageId, string sopClassUid, string destinationAeTitle, DimsePriority priority = DimsePriority.Medium)
    {
        var cmd = Request(DimseCommandField.CMoveRequest, messageId, sopClassUid, hasDataset: true);
        cmd.Dataset.SetUInt16(DicomTags.Priority, (ushort)priority);
        cmd.Dataset.SetString(DicomTags.MoveDestination, destinationAeTitle, DicomVR.AE);
        return cmd;
    }

    public static DimseCommand GetRequest(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium)
    {
        var cmd = Request(DimseCommandField.CGetRequest, messageId, sopClassUid, hasDataset: true);
        cmd.Dataset.SetUInt16(DicomTags.Priority, (ushort)priority);
        return cmd;
    }

    /// <summary>C-CANCEL-RQ (PS3.7 9.3.2.3/9.3.3.3/9.3.4.3): names the operation to cancel; no SOP class.</summary>
    public static DimseCommand CancelRequest(ushort messageIdBeingRespondedTo)
    {
        var ds = new DicomDataset();
        ds.SetUInt16(DicomTags.CommandField, (ushort)DimseCommandField.CCancelRequest);
        ds.SetUInt16(DicomTags.MessageIDBeingRespondedTo, messageIdBeingRespondedTo);
        ds.SetUInt16(DicomTags.CommandDataSetType, NoDataset);
        return new DimseCommand(ds);
    }

    /// <summary>A response to a request: same SOP class (and instance for C-STORE), the status, and whether a dataset follows.</summary>
    public static DimseCommand Response(DimseCommand request, DimseStatus status, bool hasDataset = false, string? errorComment = null)
    {
        var field = (DimseCommandField)((ushort)request.CommandField | 0x8000);
        var ds = new DicomDataset();
        if (request.SopClassUid is { } cls) ds.SetString(DicomTags.AffectedSOPClassUID, cls, DicomVR.UI);
        ds.SetUInt16(DicomTags.CommandField, (ushort)field);
        ds.SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId);
        ds.SetUInt16(DicomTags.CommandDataSetType, hasDataset ? DatasetPresent : NoDataset);
        ds.SetUInt16(DicomTags.Status, status.Code);
        if (request.CommandField == DimseCommandField.CStoreRequest && request.AffectedSopInstanceUid is { } inst)
            ds.SetString(DicomTags.AffectedSOPInstanceUID, inst, DicomVR.UI);
        if (errorComment is { Length: > 0 })
        {
            // Error Comment is LO: at most 64 characters (PS3.7 Annex C, PS3.5 Table 6.2-1), in the default repertoire (a
            // command set has no Specific Character Set, PS3.7 6.3.1). Comments often quote peer text: anything else becomes '?'.
            var text = errorComment.Length > 64 ? errorComment[..64] : errorComment;
            ds.SetString(DicomTags.ErrorComment, string.Create(text.Length, text, (span, t) =>
            {
                for (var i = 0; i < t.Length; i++) span[i] = t[i] is >= ' ' and <= '~' ? t[i] : '?';
            }), DicomVR.LO);
        }
        return new DimseCommand(ds);
    }

    /// <summary>Sets the sub-operation counters of a C-MOVE/C-GET response (PS3.7 9.3.3.2/9.3.4.2).</summary>
    public DimseCommand WithSubOperations(int remaining, int completed, int failed, int warning, bool includeRemaining = true)
    {
        if (includeRemaining) Dataset.SetUInt16(DicomTags.NumberOfRemainingSuboperations, Clamp(remaining));
        Dataset.SetUInt16(DicomTags.NumberOfCompletedSuboperations, Clamp(completed));
        Dataset.SetUInt16(DicomTags.NumberOfFailedSuboperations, Clamp(failed));
        Dataset.SetUInt16(DicomTags.NumberOfWarningSuboperations, Clamp(warning));
        return this;
    }

    private static ushort Clamp(int n) => (ushort)Math.Clamp(n, 0, ushort.MaxValue);

    public override string ToString() => Describe();
}

/// <summary>A DIMSE message that breaks PS3.7 (unreadable command set, fragments in the wrong order).</summary>
public sealed class DimseFormatException(string message) : Exception(message);

namespace ConformanceKit.Dicom.Network;

/// <summary>Timeouts and limits that apply to one association, on either side.</summary>
public sealed record AssociationSettings
{
    /// <summary>
    /// Maximum Length announced to the peer (PS3.8 D.1): the largest P-DATA-TF this side accepts. 256 KiB lets
    /// peers send big PDUs (fewer system calls) while keeping the receive buffer per association small.
    /// </summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>ARTIM timer (PS3.8 9.1.5).</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Abort an association that receives nothing for this long (a stalled peer).</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long to wait for a DIMSE response before aborting.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a requestor waits for A-ASSOCIATE-AC/RJ, and for A-RELEASE-RP.</summary>
    public TimeSpan AssociationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest dataset kept in memory (C-FIND identifiers and responses, and anything not streamed to storage).</summary>
    public int MaxInMemoryDatasetLength { get; init; } = 64 << 20;

    /// <summary>
    /// Largest dataset of one incoming message (a C-STORE object) accepted; a longer one aborts the association and
    /// nothing of it is kept. The default is the largest file the Part 10 reader can read back.
    /// </summary>
    public long MaxDatasetLength { get; init; } = Array.MaxLength;

    /// <summary>Largest command set accepted (they are a few hundred bytes in practice).</summary>
    public int MaxCommandLength { get; init; } = 64 * 1024;

    /// <summary>Largest PDU sent when the peer announced no maximum (Maximum Length 0).</summary>
    public int MaxSendPduLengthWhenUnlimited { get; init; } = 1 << 20;

    /// <summary>Our Implementation Class UID and Version Name (PS3.7 D.3.3.2), the same as in files we write.</summary>
    public string ImplementationClassUid { get; init; } = DicomFileMeta.ImplementationClassUid;

    public string ImplementationVersionName { get; init; } = DicomFileMeta.ImplementationVersionName;
}

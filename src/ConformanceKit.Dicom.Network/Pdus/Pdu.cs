namespace ConformanceKit.Dicom.Network.Pdus;

/// <summary>A protocol data unit of the DICOM Upper Layer (PS3.8 section 9.3).</summary>
public abstract record Pdu
{
    public abstract PduType Type { get; }

    /// <summary>The PS3.8 name of the PDU type, for transcripts.</summary>
    public static string NameOf(PduType type) => type switch
    {
        PduType.AssociateRequest => "A-ASSOCIATE-RQ",
        PduType.AssociateAccept => "A-ASSOCIATE-AC",
        PduType.AssociateReject => "A-ASSOCIATE-RJ",
        PduType.DataTransfer => "P-DATA-TF",
        PduType.ReleaseRequest => "A-RELEASE-RQ",
        PduType.ReleaseResponse => "A-RELEASE-RP",
        PduType.Abort => "A-ABORT",
        _ => $"unknown PDU type 0x{(byte)type:X2}",
    };

    /// <summary>One line saying what the PDU carries, for transcripts and logs.</summary>
    public abstract string Describe();
}

/// <summary>A-RELEASE-RQ (PS3.8 9.3.6): no parameters.</summary>
public sealed record ReleaseRequestPdu : Pdu
{
    public static readonly ReleaseRequestPdu Instance = new();
    public override PduType Type => PduType.ReleaseRequest;
    public override string Describe() => "A-RELEASE-RQ";
}

/// <summary>A-RELEASE-RP (PS3.8 9.3.7): no parameters.</summary>
public sealed record ReleaseResponsePdu : Pdu
{
    public static readonly ReleaseResponsePdu Instance = new();
    public override PduType Type => PduType.ReleaseResponse;
    public override string Describe() => "A-RELEASE-RP";
}

/// <summary>A-ABORT (PS3.8 9.3.8): who aborted and, for the provider, why.</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    public override PduType Type => PduType.Abort;

    public override string Describe() => $"A-ABORT {DescribeCause(Source, Reason)}";

    /// <summary>The cause in words, e.g. "by the service provider: unexpected PDU".</summary>
    public static string DescribeCause(AbortSource source, AbortReason reason) => source switch
    {
        AbortSource.ServiceUser => "by the service user",
        AbortSource.ServiceProvider => $"by the service provider: {DescribeReason(reason)}",
        _ => $"by source {(byte)source} (reserved): {DescribeReason(reason)}",
    };

    public static string DescribeReason(AbortReason reason) => reason switch
    {
        AbortReason.NotSpecified => "reason not specified",
        AbortReason.UnrecognizedPdu => "unrecognized PDU",
        AbortReason.UnexpectedPdu => "unexpected PDU",
        AbortReason.UnrecognizedPduParameter => "unrecognized PDU parameter",
        AbortReason.UnexpectedPduParameter => "unexpected PDU parameter",
        AbortReason.InvalidPduParameterValue => "invalid PDU parameter value",
        _ => $"reason {(byte)reason} (reserved)",
    };
}

/// <summary>A-ASSOCIATE-RJ (PS3.8 9.3.4).</summary>
public sealed record AssociateRejectPdu(RejectResult Result, RejectSource Source, byte Reason) : Pdu
{
    public override PduType Type => PduType.AssociateReject;

    public override string Describe() => $"A-ASSOCIATE-RJ {DescribeCause()}";

    /// <summary>The rejection in words (PS3.8 Table 9-21), e.g. "rejected permanently by the called application: called AE title not recognized".</summary>
    public string DescribeCause()
    {
        var result = Result switch
        {
            RejectResult.RejectedPermanent => "rejected permanently",
            RejectResult.RejectedTransient => "rejected transiently",
            _ => $"rejected (result {(byte)Result})",
        };
        var (who, why) = Source switch
        {
            RejectSource.ServiceUser => ("by the called application", Reason switch
            {
                1 => "no reason given",
                2 => "application context name not supported",
                3 => "calling AE title not recognized",
                7 => "called AE title not recognized",
                _ => $"reason {Reason} (reserved)",
            }),
            RejectSource.ServiceProviderAcse => ("by the service provider (ACSE)", Reason switch
            {
                1 => "no reason given",
                2 => "protocol version not supported",
                _ => $"reason {Reason} (reserved)",
            }),
            RejectSource.ServiceProviderPresentation => ("by the service provider (presentation)", Reason switch
            {
                1 => "temporary congestion",
                2 => "local limit exceeded",
                _ => $"reason {Reason} (reserved)",
            }),
            _ => ($"by source {(byte)Source}", $"reason {Reason}"),
        };
        return $"{result} {who}: {why}";
    }

    // Reasons of PS3.8 Table 9-21, by source.
    public const byte UserNoReason = 1;
    public const byte UserApplicationContextNotSupported = 2;
    public const byte UserCallingAeNotRecognized = 3;
    public const byte UserCalledAeNotRecognized = 7;
    public const byte AcseNoReason = 1;
    public const byte AcseProtocolVersionNotSupported = 2;
    public const byte PresentationTemporaryCongestion = 1;
    public const byte PresentationLocalLimitExceeded = 2;
}

/// <summary>One presentation data value of a P-DATA-TF PDU (PS3.8 9.3.5.1, message control header PS3.8 Annex E.2).</summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data)
{
    public byte MessageControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLast ? 2 : 0));

    public override string ToString() =>
        $"PDV context {PresentationContextId} {(IsCommand ? "command" : "dataset")}{(IsLast ? " last" : "")} {Data.Length} bytes";
}

/// <summary>P-DATA-TF (PS3.8 9.3.5): one or more presentation data values.</summary>
public sealed record DataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    public override PduType Type => PduType.DataTransfer;

    public override string Describe() => $"P-DATA-TF {string.Join("; ", Values)}";
}

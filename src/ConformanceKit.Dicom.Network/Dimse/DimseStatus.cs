namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>The class of a DIMSE status (PS3.7 Annex C.1).</summary>
public enum DimseStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}

/// <summary>
/// A DIMSE Status (0000,0900) value with its category and meaning in words, from PS3.7 Annex C (general
/// statuses) and the service-specific statuses of PS3.4 (Storage B.2.3, Query/Retrieve C.4.1.1.4, C.4.2.1.5, C.4.3.1.4).
/// </summary>
public readonly record struct DimseStatus(ushort Code)
{
    public static readonly DimseStatus Success = new(0x0000);
    public static readonly DimseStatus Pending = new(0xFF00);
    public static readonly DimseStatus PendingOptionalKeysNotSupported = new(0xFF01);
    public static readonly DimseStatus Cancel = new(0xFE00);
    public static readonly DimseStatus SubOperationsCompleteWithFailures = new(0xB000);
    public static readonly DimseStatus CoercionOfDataElements = new(0xB000);
    public static readonly DimseStatus ElementsDiscarded = new(0xB006);
    public static readonly DimseStatus DataSetDoesNotMatchSopClassWarning = new(0xB007);
    public static readonly DimseStatus OutOfResources = new(0xA700);
    public static readonly DimseStatus OutOfResourcesNumberOfMatches = new(0xA701);
    public static readonly DimseStatus OutOfResourcesSubOperations = new(0xA702);
    public static readonly DimseStatus MoveDestinationUnknown = new(0xA801);
    public static readonly DimseStatus DataSetDoesNotMatchSopClass = new(0xA900);
    public static readonly DimseStatus CannotUnderstand = new(0xC000);
    public static readonly DimseStatus ProcessingFailure = new(0x0110);
    public static readonly DimseStatus DuplicateSopInstance = new(0x0111);
    public static readonly DimseStatus NoSuchSopClass = new(0x0118);
    public static readonly DimseStatus SopClassNotSupported = new(0x0122);
    public static readonly DimseStatus NotAuthorized = new(0x0124);
    public static readonly DimseStatus DuplicateInvocation = new(0x0210);
    public static readonly DimseStatus UnrecognizedOperation = new(0x0211);
    public static readonly DimseStatus MistypedArgument = new(0x0212);
    public static readonly DimseStatus ResourceLimitation = new(0x0213);

    /// <summary>The category, by the code ranges of PS3.7 C.1 and the service-specific ranges of PS3.4.</summary>
    public DimseStatusCategory Category => Code switch
    {
        0x0000 => DimseStatusCategory.Success,
        0xFF00 or 0xFF01 => DimseStatusCategory.Pending,
        0xFE00 => DimseStatusCategory.Cancel,
        0x0001 or 0x0107 or 0x0116 or 0xB000 or 0xB006 or 0xB007 => DimseStatusCategory.Warning,
        _ => DimseStatusCategory.Failure,
    };

    public bool IsSuccess => Category == DimseStatusCategory.Success;
    public bool IsPending => Category == DimseStatusCategory.Pending;
    public bool IsFailure => Category == DimseStatusCategory.Failure;

    /// <summary>
    /// The meaning in words. Some codes mean different things per service (B000 is "coercion of data elements"
    /// for C-STORE and "sub-operations complete, one or more failures" for C-MOVE/C-GET), so the command helps.
    /// </summary>
    public string Meaning(DimseCommandField? command = null)
    {
        var retrieve = command is DimseCommandField.CMoveResponse or DimseCommandField.CGetResponse or DimseCommandField.CMoveRequest or DimseCommandField.CGetRequest;
        var find = command is DimseCommandField.CFindResponse or DimseCommandField.CFindRequest;
        return Code switch
        {
            0x0000 => retrieve ? "success: all sub-operations complete without failures" : "success",
            0xFF00 => retrieve ? "pending: sub-operations are continuing" : find ? "pending: matches are continuing" : "pending",
            0xFF01 => "pending: matches are continuing, optional keys not supported for existence or matching",
            0xFE00 => retrieve ? "cancel: sub-operations terminated due to Cancel indication" : "cancel: matching terminated due to Cancel request",
            0x0001 => "warning: requested optional attributes are not supported",
            0x0107 => "warning: attribute list error",
            0x0116 => "warning: attribute value out of range",
            0xB000 => retrieve ? "warning: sub-operations complete, one or more failures or warnings" : "warning: coercion of data elements",
            0xB006 => "warning: elements discarded",
            0xB007 => "warning: data set does not match SOP class",
            0x0105 => "failure: no such attribute",
            0x0106 => "failure: invalid attribute value",
            0x0110 => "failure: processing failure",
            0x0111 => "failure: duplicate SOP instance",
            0x0112 => "failure: no such SOP instance",
            0x0113 => "failure: no such event type",
            0x0114 => "failure: no such argument",
            0x0115 => "failure: invalid argument value",
            0x0117 => "failure: invalid object instance",
            0x0118 => "failure: no such SOP class",
            0x0119 => "failure: class-instance conflict",
            0x0120 => "failure: missing attribute",
            0x0121 => "failure: missing attribute value",
            0x0122 => "refused: SOP class not supported",
            0x0123 => "failure: no such action",
            0x0124 => "refused: not authorized",
            0x0210 => "failure: duplicate invocation",
            0x0211 => "failure: unrecognized operation",
            0x0212 => "failure: mistyped argument",
            0x0213 => "failure: resource limitation",
            0xA701 => "refused: out of resources, unable to calculate number of matches",
            0xA702 => "refused: out of resources, unable to perform sub-operations",
            0xA801 => "refused: move destination unknown",
            >= 0xA700 and <= 0xA7FF => find ? "refused: out of resources" : "refused: out of resources",
            >= 0xA900 and <= 0xA9FF => find || retrieve ? "failed: identifier does not match SOP class" : "error: data set does not match SOP class",
            >= 0xC000 and <= 0xCFFF => find || retrieve ? "failed: unable to process" : "error: cannot understand",
            _ => $"failure: status 0x{Code:X4} (not defined by PS3.7 Annex C)",
        };
    }

    public override string ToString() => $"0x{Code:X4} ({Meaning()})";
}

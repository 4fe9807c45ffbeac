namespace ConformanceKit.Dicom.Network.Dimse;

/// <summary>Command Field (0000,0100) values (PS3.7 Annex E, Table E.1-1 and 9.3/10.3 message definitions).</summary>
public enum DimseCommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CGetRequest = 0x0010,
    CGetResponse = 0x8010,
    CFindRequest = 0x0020,
    CFindResponse = 0x8020,
    CMoveRequest = 0x0021,
    CMoveResponse = 0x8021,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    NEventReportRequest = 0x0100,
    NEventReportResponse = 0x8100,
    NGetRequest = 0x0110,
    NGetResponse = 0x8110,
    NSetRequest = 0x0120,
    NSetResponse = 0x8120,
    NActionRequest = 0x0130,
    NActionResponse = 0x8130,
    NCreateRequest = 0x0140,
    NCreateResponse = 0x8140,
    NDeleteRequest = 0x0150,
    NDeleteResponse = 0x8150,
    CCancelRequest = 0x0FFF,
}

/// <summary>Priority (0000,0700) (PS3.7 Table E.1-1).</summary>
public enum DimsePriority : ushort
{
    Medium = 0x0000,
    High = 0x0001,
    Low = 0x0002,
}

public static class DimseCommandFieldText
{
    /// <summary>The PS3.7 name, e.g. "C-STORE-RQ".</summary>
    public static string NameOf(DimseCommandField field) => field switch
    {
        DimseCommandField.CStoreRequest => "C-STORE-RQ",
        DimseCommandField.CStoreResponse => "C-STORE-RSP",
        DimseCommandField.CGetRequest => "C-GET-RQ",
        DimseCommandField.CGetResponse => "C-GET-RSP",
        DimseCommandField.CFindRequest => "C-FIND-RQ",
        DimseCommandField.CFindResponse => "C-FIND-RSP",
        DimseCommandField.CMoveRequest => "C-MOVE-RQ",
        DimseCommandField.CMoveResponse => "C-MOVE-RSP",
        DimseCommandField.CEchoRequest => "C-ECHO-RQ",
        DimseCommandField.CEchoResponse => "C-ECHO-RSP",
        DimseCommandField.CCancelRequest => "C-CANCEL-RQ",
        DimseCommandField.NEventReportRequest => "N-EVENT-REPORT-RQ",
        DimseCommandField.NEventReportResponse => "N-EVENT-REPORT-RSP",
        DimseCommandField.NGetRequest => "N-GET-RQ",
        DimseCommandField.NGetResponse => "N-GET-RSP",
        DimseCommandField.NSetRequest => "N-SET-RQ",
        DimseCommandField.NSetResponse => "N-SET-RSP",
        DimseCommandField.NActionRequest => "N-ACTION-RQ",
        DimseCommandField.NActionResponse => "N-ACTION-RSP",
        DimseCommandField.NCreateRequest => "N-CREATE-RQ",
        DimseCommandField.NCreateResponse => "N-CREATE-RSP",
        DimseCommandField.NDeleteRequest => "N-DELETE-RQ",
        DimseCommandField.NDeleteResponse => "N-DELETE-RSP",
        _ => $"command 0x{(ushort)field:X4}",
    };

    public static bool IsResponse(DimseCommandField field) => ((ushort)field & 0x8000) != 0 && field != DimseCommandField.CCancelRequest;
}

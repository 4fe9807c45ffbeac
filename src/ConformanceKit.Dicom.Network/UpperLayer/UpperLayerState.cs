namespace ConformanceKit.Dicom.Network.UpperLayer;

/// <summary>States of the DICOM Upper Layer state machine (PS3.8 9.2.1, Tables 9-1 to 9-5).</summary>
public enum UpperLayerState
{
    Sta1 = 1, Sta2, Sta3, Sta4, Sta5, Sta6, Sta7, Sta8, Sta9, Sta10, Sta11, Sta12, Sta13,
}

/// <summary>Events of the state machine (PS3.8 9.2.3, Table 9-10 rows).</summary>
public enum UpperLayerEvent
{
    Evt1 = 1, Evt2, Evt3, Evt4, Evt5, Evt6, Evt7, Evt8, Evt9, Evt10,
    Evt11, Evt12, Evt13, Evt14, Evt15, Evt16, Evt17, Evt18, Evt19,
}

/// <summary>Actions of the state machine (PS3.8 9.2.2, Tables 9-6 to 9-9).</summary>
public enum UpperLayerAction
{
    AE1, AE2, AE3, AE4, AE5, AE6, AE7, AE8,
    DT1, DT2,
    AR1, AR2, AR3, AR4, AR5, AR6, AR7, AR8, AR9, AR10,
    AA1, AA2, AA3, AA4, AA5, AA6, AA7, AA8,
}

/// <summary>The words PS3.8 uses for states, events and actions, for transcripts.</summary>
public static class UpperLayerText
{
    public static string Describe(UpperLayerState state) => state switch
    {
        UpperLayerState.Sta1 => "Idle",
        UpperLayerState.Sta2 => "Transport connection open (awaiting A-ASSOCIATE-RQ PDU)",
        UpperLayerState.Sta3 => "Awaiting local A-ASSOCIATE response primitive",
        UpperLayerState.Sta4 => "Awaiting transport connection opening to complete",
        UpperLayerState.Sta5 => "Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU",
        UpperLayerState.Sta6 => "Association established and ready for data transfer",
        UpperLayerState.Sta7 => "Awaiting A-RELEASE-RP PDU",
        UpperLayerState.Sta8 => "Awaiting local A-RELEASE response primitive",
        UpperLayerState.Sta9 => "Release collision requestor side; awaiting A-RELEASE response",
        UpperLayerState.Sta10 => "Release collision acceptor side; awaiting A-RELEASE-RP PDU",
        UpperLayerState.Sta11 => "Release collision requestor side; awaiting A-RELEASE-RP PDU",
        UpperLayerState.Sta12 => "Release collision acceptor side; awaiting A-RELEASE response primitive",
        UpperLayerState.Sta13 => "Awaiting transport connection close indication",
        _ => state.ToString(),
    };

    public static string Describe(UpperLayerEvent evt) => evt switch
    {
        UpperLayerEvent.Evt1 => "A-ASSOCIATE request (local user)",
        UpperLayerEvent.Evt2 => "Transport connect confirmation (local transport service)",
        UpperLayerEvent.Evt3 => "A-ASSOCIATE-AC PDU received",
        UpperLayerEvent.Evt4 => "A-ASSOCIATE-RJ PDU received",
        UpperLayerEvent.Evt5 => "Transport connection indication (local transport service)",
        UpperLayerEvent.Evt6 => "A-ASSOCIATE-RQ PDU received",
        UpperLayerEvent.Evt7 => "A-ASSOCIATE response primitive (accept)",
        UpperLayerEvent.Evt8 => "A-ASSOCIATE response primitive (reject)",
        UpperLayerEvent.Evt9 => "P-DATA request primitive",
        UpperLayerEvent.Evt10 => "P-DATA-TF PDU received",
        UpperLayerEvent.Evt11 => "A-RELEASE request primitive",
        UpperLayerEvent.Evt12 => "A-RELEASE-RQ PDU received",
        UpperLayerEvent.Evt13 => "A-RELEASE-RP PDU received",
        UpperLayerEvent.Evt14 => "A-RELEASE response primitive",
        UpperLayerEvent.Evt15 => "A-ABORT request primitive",
        UpperLayerEvent.Evt16 => "A-ABORT PDU received",
        UpperLayerEvent.Evt17 => "Transport connection closed indication",
        UpperLayerEvent.Evt18 => "ARTIM timer expired",
        UpperLayerEvent.Evt19 => "Unrecognized or invalid PDU received",
        _ => evt.ToString(),
    };

    /// <summary>The action's name as PS3.8 writes it, e.g. "AE-1", "AR-10".</summary>
    public static string NameOf(UpperLayerAction action)
    {
        var s = action.ToString();
        return $"{s[..2]}-{s[2..]}";
    }

    public static string Describe(UpperLayerAction action) => action switch
    {
        UpperLayerAction.AE1 => "Issue TRANSPORT CONNECT request primitive to local transport service",
        UpperLayerAction.AE2 => "Send A-ASSOCIATE-RQ PDU",
        UpperLayerAction.AE3 => "Issue A-ASSOCIATE confirmation (accept) primitive",
        UpperLayerAction.AE4 => "Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection",
        UpperLayerAction.AE5 => "Issue transport connection response primitive; start ARTIM timer",
        UpperLayerAction.AE6 => "Stop ARTIM timer; issue A-ASSOCIATE indication if acceptable, else send A-ASSOCIATE-RJ and start ARTIM",
        UpperLayerAction.AE7 => "Send A-ASSOCIATE-AC PDU",
        UpperLayerAction.AE8 => "Send A-ASSOCIATE-RJ PDU and start ARTIM timer",
        UpperLayerAction.DT1 => "Send P-DATA-TF PDU",
        UpperLayerAction.DT2 => "Send P-DATA indication primitive",
        UpperLayerAction.AR1 => "Send A-RELEASE-RQ PDU",
        UpperLayerAction.AR2 => "Issue A-RELEASE indication primitive",
        UpperLayerAction.AR3 => "Issue A-RELEASE confirmation primitive and close transport connection",
        UpperLayerAction.AR4 => "Issue A-RELEASE-RP PDU and start ARTIM timer",
        UpperLayerAction.AR5 => "Stop ARTIM timer",
        UpperLayerAction.AR6 => "Issue P-DATA indication",
        UpperLayerAction.AR7 => "Issue P-DATA-TF PDU",
        UpperLayerAction.AR8 => "Issue A-RELEASE indication (release collision)",
        UpperLayerAction.AR9 => "Send A-RELEASE-RP PDU",
        UpperLayerAction.AR10 => "Issue A-RELEASE confirmation primitive",
        UpperLayerAction.AA1 => "Send A-ABORT PDU (service-user source) and start (or restart) ARTIM timer",
        UpperLayerAction.AA2 => "Stop ARTIM timer if running; close transport connection",
        UpperLayerAction.AA3 => "Issue A-ABORT or A-P-ABORT indication and close transport connection",
        UpperLayerAction.AA4 => "Issue A-P-ABORT indication primitive",
        UpperLayerAction.AA5 => "Stop ARTIM timer",
        UpperLayerAction.AA6 => "Ignore PDU",
        UpperLayerAction.AA7 => "Send A-ABORT PDU",
        UpperLayerAction.AA8 => "Send A-ABORT PDU (service-provider source), issue A-P-ABORT indication and start ARTIM timer",
        _ => action.ToString(),
    };
}

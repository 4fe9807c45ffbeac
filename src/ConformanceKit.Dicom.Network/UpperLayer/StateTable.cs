namespace ConformanceKit.Dicom.Network.UpperLayer;

/// <summary>
/// The DICOM Upper Layer state transition table, PS3.8 9.2.3 Table 9-10, written as data in the standard's
/// own layout (one row per event, one column per state) so that it can be checked against the standard line by
/// line. "." marks a cell the standard leaves empty (the event cannot occur in that state). The next state of
/// each action is PS3.8 Tables 9-6 to 9-9; AE-6 and AR-8 choose between two (see <see cref="NextStates"/>).
/// </summary>
public static class StateTable
{
    private const string Table = """
        Event  Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
        Evt1   AE-1  .     .     .     .     .     .     .     .     .     .     .     .
        Evt2   .     .     .     AE-2  .     .     .     .     .     .     .     .     .
        Evt3   .     AA-1  AA-8  .     AE-3  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt4   .     AA-1  AA-8  .     AE-4  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt5   AE-5  .     .     .     .     .     .     .     .     .     .     .     .
        Evt6   .     AE-6  AA-8  .     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
        Evt7   .     .     AE-7  .     .     .     .     .     .     .     .     .     .
        Evt8   .     .     AE-8  .     .     .     .     .     .     .     .     .     .
        Evt9   .     .     .     .     .     DT-1  .     AR-7  .     .     .     .     .
        Evt10  .     AA-1  AA-8  .     AA-8  DT-2  AR-6  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt11  .     .     .     .     .     AR-1  .     .     .     .     .     .     .
        Evt12  .     AA-1  AA-8  .     AA-8  AR-2  AR-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6
        Evt13  .     AA-1  AA-8  .     AA-8  AA-8  AR-3  AA-8  AA-8  AR-10 AR-3  AA-8  AA-6
        Evt14  .     .     .     .     .     .     .     AR-4  AR-9  .     .     AR-4  .
        Evt15  .     .     AA-1  AA-2  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  .
        Evt16  .     AA-2  AA-3  .     AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-2
        Evt17  .     AA-5  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AR-5
        Evt18  .     AA-2  .     .     .     .     .     .     .     .     .     .     AA-2
        Evt19  .     AA-1  AA-8  .     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7
        """;

    // [event - 1, state - 1]; a plain array, so a lookup costs an index and nothing has to be compiled at start-up.
    private static readonly UpperLayerAction?[,] Cells = Parse();

    /// <summary>The action for an event in a state, or null where Table 9-10 has no entry.</summary>
    public static UpperLayerAction? Lookup(UpperLayerEvent evt, UpperLayerState state) => Cells[(int)evt - 1, (int)state - 1];

    /// <summary>Every non-empty cell of the table.</summary>
    public static IEnumerable<(UpperLayerEvent Event, UpperLayerState State, UpperLayerAction Action)> Entries =>
        from UpperLayerEvent e in Enum.GetValues<UpperLayerEvent>()
        from UpperLayerState s in Enum.GetValues<UpperLayerState>()
        where Lookup(e, s) is not null
        select (e, s, Lookup(e, s)!.Value);

    /// <summary>
    /// The state an action leads to (PS3.8 Tables 9-6 to 9-9). AE-6 leads to Sta3 when the request is
    /// acceptable to the service provider, else Sta13; AR-8 leads to Sta9 on the association-requestor, else Sta10.
    /// </summary>
    public static IReadOnlyList<UpperLayerState> NextStates(UpperLayerAction action) => action switch
    {
        UpperLayerAction.AE1 => [UpperLayerState.Sta4],
        UpperLayerAction.AE2 => [UpperLayerState.Sta5],
        UpperLayerAction.AE3 => [UpperLayerState.Sta6],
        UpperLayerAction.AE4 => [UpperLayerState.Sta1],
        UpperLayerAction.AE5 => [UpperLayerState.Sta2],
        UpperLayerAction.AE6 => [UpperLayerState.Sta3, UpperLayerState.Sta13],
        UpperLayerAction.AE7 => [UpperLayerState.Sta6],
        UpperLayerAction.AE8 => [UpperLayerState.Sta13],
        UpperLayerAction.DT1 or UpperLayerAction.DT2 => [UpperLayerState.Sta6],
        UpperLayerAction.AR1 => [UpperLayerState.Sta7],
        UpperLayerAction.AR2 => [UpperLayerState.Sta8],
        UpperLayerAction.AR3 => [UpperLayerState.Sta1],
        UpperLayerAction.AR4 => [UpperLayerState.Sta13],
        UpperLayerAction.AR5 => [UpperLayerState.Sta1],
        UpperLayerAction.AR6 => [UpperLayerState.Sta7],
        UpperLayerAction.AR7 => [UpperLayerState.Sta8],
        UpperLayerAction.AR8 => [UpperLayerState.Sta9, UpperLayerState.Sta10],
        UpperLayerAction.AR9 => [UpperLayerState.Sta11],
        UpperLayerAction.AR10 => [UpperLayerState.Sta12],
        UpperLayerAction.AA1 => [UpperLayerState.Sta13],
        UpperLayerAction.AA2 or UpperLayerAction.AA3 or UpperLayerAction.AA4 or UpperLayerAction.AA5 => [UpperLayerState.Sta1],
        UpperLayerAction.AA6 or UpperLayerAction.AA7 or UpperLayerAction.AA8 => [UpperLayerState.Sta13],
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static UpperLayerAction?[,] Parse()
    {
        var cells = new UpperLayerAction?[19, 13];
        var lines = Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Skip(1))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length != 14) throw new InvalidOperationException($"state table row '{line}' has {cols.Length - 1} state columns, not 13");
            var evt = Enum.Parse<UpperLayerEvent>(cols[0]);
            for (var s = 1; s <= 13; s++)
                if (cols[s] != ".")
                    cells[(int)evt - 1, s - 1] = Enum.Parse<UpperLayerAction>(cols[s].Replace("-", "", StringComparison.Ordinal));
        }
        return cells;
    }
}


namespace ConformanceKit.Network.Tests.UpperLayer;

/// <summary>
/// PS3.8 Table 9-10 transcribed a second time, independently and in another layout (by action, with the next
/// state from Tables 9-6 to 9-9), so that a slip in <see cref="StateTable"/>'s row layout cannot hide: the tests
/// compare the two and drive the machine against this one.
/// </summary>
internal static class Ps38Table
{
    private static readonly (string Action, string Next, string Cells)[] ByAction =
    [
        ("AE-1", "Sta4", "Evt1:Sta1"),
        ("AE-2", "Sta5", "Evt2:Sta4"),
        ("AE-3", "Sta6", "Evt3:Sta5"),
        ("AE-4", "Sta1", "Evt4:Sta5"),
        ("AE-5", "Sta2", "Evt5:Sta1"),
        ("AE-6", "Sta3|Sta13", "Evt6:Sta2"),
        ("AE-7", "Sta6", "Evt7:Sta3"),
        ("AE-8", "Sta13", "Evt8:Sta3"),
        ("DT-1", "Sta6", "Evt9:Sta6"),
        ("DT-2", "Sta6", "Evt10:Sta6"),
        ("AR-1", "Sta7", "Evt11:Sta6"),
        ("AR-2", "Sta8", "Evt12:Sta6"),
        ("AR-3", "Sta1", "Evt13:Sta7,Sta11"),
        ("AR-4", "Sta13", "Evt14:Sta8,Sta12"),
        ("AR-5", "Sta1", "Evt17:Sta13"),
        ("AR-6", "Sta7", "Evt10:Sta7"),
        ("AR-7", "Sta8", "Evt9:Sta8"),
        ("AR-8", "Sta9|Sta10", "Evt12:Sta7"),
        ("AR-9", "Sta11", "Evt14:Sta9"),
        ("AR-10", "Sta12", "Evt13:Sta10"),
        ("AA-1", "Sta13", "Evt3:Sta2 Evt4:Sta2 Evt10:Sta2 Evt12:Sta2 Evt13:Sta2 Evt19:Sta2 Evt15:Sta3,Sta5-Sta12"),
        ("AA-2", "Sta1", "Evt15:Sta4 Evt16:Sta2,Sta13 Evt18:Sta2,Sta13"),
        ("AA-3", "Sta1", "Evt16:Sta3,Sta5-Sta12"),
        ("AA-4", "Sta1", "Evt17:Sta3-Sta12"),
        ("AA-5", "Sta1", "Evt17:Sta2"),
        ("AA-6", "Sta13", "Evt3:Sta13 Evt4:Sta13 Evt10:Sta13 Evt12:Sta13 Evt13:Sta13"),
        ("AA-7", "Sta13", "Evt6:Sta13 Evt19:Sta13"),
        ("AA-8", "Sta13", "Evt3:Sta3,Sta6-Sta12 Evt4:Sta3,Sta6-Sta12 Evt6:Sta3,Sta5-Sta12 Evt10:Sta3,Sta5,Sta8-Sta12 " +
                          "Evt12:Sta3,Sta5,Sta8-Sta12 Evt13:Sta3,Sta5,Sta6,Sta8,Sta9,Sta12 Evt19:Sta3,Sta5-Sta12"),
    ];

    public static readonly IReadOnlyDictionary<(UpperLayerEvent, UpperLayerState), UpperLayerAction> Cells = Build();

    public static IReadOnlyList<UpperLayerState> Next(UpperLayerAction action) =>
        ByAction.Single(a => a.Action == UpperLayerText.NameOf(action)).Next.Split('|').Select(Enum.Parse<UpperLayerState>).ToList();

    public static UpperLayerAction? Expected(UpperLayerEvent evt, UpperLayerState state) =>
        Cells.TryGetValue((evt, state), out var a) ? a : null;

    private static Dictionary<(UpperLayerEvent, UpperLayerState), UpperLayerAction> Build()
    {
        var cells = new Dictionary<(UpperLayerEvent, UpperLayerState), UpperLayerAction>();
        foreach (var (name, _, text) in ByAction)
        {
            var action = Enum.Parse<UpperLayerAction>(name.Replace("-", ""));
            foreach (var group in text.Split(' '))
            {
                var evt = Enum.Parse<UpperLayerEvent>(group.Split(':')[0]);
                foreach (var range in group.Split(':')[1].Split(','))
                {
                    var ends = range.Split('-').Select(s => (int)Enum.Parse<UpperLayerState>(s)).ToArray();
                    for (var s = ends[0]; s <= ends[^1]; s++)
                        if (!cells.TryAdd((evt, (UpperLayerState)s), action))
                            throw new InvalidOperationException($"cell {evt}/{(UpperLayerState)s} transcribed twice");
                }
            }
        }
        return cells;
    }
}

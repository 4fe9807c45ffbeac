
namespace ConformanceKit.Network.Tests.UpperLayer;

public class StateTableTests
{
    [Test]
    public void TableEqualsTheIndependentTranscriptionCellByCell()
    {
        foreach (var evt in Enum.GetValues<UpperLayerEvent>())
            foreach (var state in Enum.GetValues<UpperLayerState>())
                Assert.That(StateTable.Lookup(evt, state), Is.EqualTo(Ps38Table.Expected(evt, state)), $"{state} x {evt}");
        Assert.That(StateTable.Entries.Count(), Is.EqualTo(Ps38Table.Cells.Count));
    }

    [Test]
    public void NextStatesAreThoseOfTables96To99()
    {
        foreach (var action in Enum.GetValues<UpperLayerAction>())
            Assert.That(StateTable.NextStates(action), Is.EqualTo(Ps38Table.Next(action)), UpperLayerText.NameOf(action));
    }

    [Test]
    public void EveryActionIsUsedAndNamedAsInPs38()
    {
        var used = StateTable.Entries.Select(e => e.Action).Distinct().ToHashSet();
        Assert.That(used, Is.EquivalentTo(Enum.GetValues<UpperLayerAction>()));
        Assert.That(UpperLayerText.NameOf(UpperLayerAction.AR10), Is.EqualTo("AR-10"));
        Assert.That(UpperLayerText.NameOf(UpperLayerAction.AA8), Is.EqualTo("AA-8"));
    }
}

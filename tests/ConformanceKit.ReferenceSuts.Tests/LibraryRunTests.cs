using ConformanceKit.Actors.Faults;
using ConformanceKit.Scenarios.Results;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>
/// The library against the reference SUTs over loopback DICOM: every Registrator, Display, Dose Display and
/// Contourer scenario passes the conformant SUTs, and each fault turns the scenarios that target it to FAIL with
/// the rule that catches it (a scenario that passes a faulty SUT would be a defect of the scenario).
/// </summary>
[NonParallelizable]
public class LibraryRunTests
{
    private static readonly string[] Actors = ["registrator", "display", "dose-display", "contourer"];

    private static IReadOnlyList<string> ScenariosOf(params string[] actors) =>
        Library.Scenarios.Scenarios.Where(s => actors.Contains(Model(s.Actor))).Select(s => s.Id).ToList();

    private static string Model(ConformanceKit.Scenarios.Model.SutActor a) => ConformanceKit.Scenarios.Model.ScenarioNames.Of(a);

    [Test]
    public async Task Every_consumer_and_registrator_scenario_passes_the_conformant_reference_suts()
    {
        Assert.That(Library.Scenarios.Errors, Is.Empty);
        var run = await Library.RunAsync(null, ScenariosOf(Actors));
        var failing = run.Scenarios.Where(s => s.Verdict != "PASS").ToList();
        Assert.That(failing, Is.Empty, string.Join("\n", failing.Select(Library.Describe)));
        Assert.That(run.Scenarios, Has.Count.GreaterThanOrEqualTo(35));
    }

    /// <summary>Fault, the scenarios it must fail, and a rule one of their error findings must carry (null: FAIL or INCONCLUSIVE, never PASS).</summary>
    public static IEnumerable<TestCaseData> FaultCases()
    {
        TestCaseData Case(string fault, string rule, params string[] scenarios) => new TestCaseData(fault, rule, scenarios).SetName($"{fault} fails {string.Join(" ", scenarios)} with {rule}");
        // Registrator: SRO content faults.
        yield return Case(FaultCatalogue.InvertedMatrix, "REG-SRO-034", "RGS-001", "RGS-002", "RGS-003", "RGS-005", "RGS-006", "RGS-007", "RGS-008", "RGS-009", "RGS-010");
        yield return Case(FaultCatalogue.TransposedMatrix, "REG-SRO-023", "RGS-001", "RGS-002", "RGS-009");
        // Not RGS-001: the MMRO-II CT-MR geometry (rotation about z through the origin) is unchanged by the LPS/RAS flip,
        // so a registrator with that mistake writes the right matrix for that data; generic geometries show it.
        yield return Case(FaultCatalogue.RasCoordinates, "REG-SRO-034", "RGS-002", "RGS-006", "RGS-009", "RGS-010");
        yield return Case(FaultCatalogue.CmUnits, "REG-SRO-034", "RGS-002", "RGS-006", "RGS-009");
        yield return Case(FaultCatalogue.MissingIdentityItem, "REG-SRO-012", "RGS-001", "RGS-005");
        // REG-SRO-011 only asks that the SRO's FoR be one of the image sets'; item 1 not in it (013) is what fires.
        yield return Case(FaultCatalogue.MovingFrameOfReference, "REG-SRO-013", "RGS-001", "RGS-009");
        yield return Case(FaultCatalogue.Reflection, "REG-SRO-026", "RGS-001", "RGS-010");
        yield return Case(FaultCatalogue.MatrixTypeAffine, "REG-SRO-024", "RGS-001");
        yield return Case(FaultCatalogue.TwoMatrixItems, "REG-SRO-021", "RGS-001");
        yield return Case(FaultCatalogue.WrongReferences, "REG-SRO-017", "RGS-001");
        yield return Case(FaultCatalogue.PartialReferences, "REG-SRO-031", "RGS-001");
        yield return Case(FaultCatalogue.DroppedAttribute, "DCM-IOD-002", "RGS-001", "DSP-002", "CTR-001");
        // Displays: misapplied matrices, and SRO checks the faulty display skips.
        yield return Case(FaultCatalogue.InvertedMatrix, "REG-DSP-001", "DSP-001", "DSP-002", "DSP-012", "DOSE-001");
        yield return Case(FaultCatalogue.TransposedMatrix, "REG-SRO-023", "DSP-013");
        yield return Case(FaultCatalogue.TransposedMatrix, "REG-DSP-001", "DSP-001", "DSP-002");
        yield return Case(FaultCatalogue.RasCoordinates, "REG-DSP-004", "DSP-003", "DSP-004", "DSP-005");
        yield return Case(FaultCatalogue.MissingIdentityItem, "REG-SRO-012", "DSP-014");
        yield return Case(FaultCatalogue.MovingFrameOfReference, "REG-SRO-011", "DSP-015");
        yield return Case(FaultCatalogue.Reflection, "REG-SRO-026", "DSP-016");
        yield return Case(FaultCatalogue.TwoMatrixItems, "REG-SRO-021", "DSP-017");
        yield return Case(FaultCatalogue.WrongReferences, "REG-SRO-017", "DSP-018");
        // Contourer.
        yield return Case(FaultCatalogue.MovingFrameOfReference, "REG-RT-001", "CTR-001", "CTR-003");
    }

    [Test]
    public void Every_fault_of_the_catalogue_is_shown_to_fail_some_scenario()
    {
        var covered = FaultCases().Select(c => (string)c.Arguments[0]!)
            .Concat(typeof(LibraryRunTests).GetMethod(nameof(An_association_fault_never_passes))!.GetCustomAttributes(typeof(TestCaseAttribute), false)
                .Cast<TestCaseAttribute>().Select(t => (string)t.Arguments[0]!));
        Assert.That(FaultCatalogue.All.Except(covered), Is.Empty, "faults no library run proves a scenario catches");
    }

    [TestCaseSource(nameof(FaultCases))]
    public async Task A_faulty_reference_sut_fails_the_scenarios_that_target_its_fault(string fault, string rule, string[] scenarios)
    {
        var run = await Library.RunAsync(fault, scenarios);
        foreach (var s in run.Scenarios)
        {
            Assert.That(s.Verdict, Is.EqualTo("FAIL"), Library.Describe(s));
            Assert.That(Library.RulesOf(s), Does.Contain(rule), Library.Describe(s));
        }
    }

    /// <summary>
    /// Association faults: a SUT that aborts has answered and failed to deliver (FAIL, the abort named); a slow one
    /// has not answered within the harness's window or timeout (INCONCLUSIVE, with the diagnosis). Never PASS.
    /// </summary>
    [TestCase(FaultCatalogue.AbortedAssociation, "RGS-001", "FAIL", "aborted")]
    [TestCase(FaultCatalogue.AbortedAssociation, "DSP-001", "FAIL", "abort")]
    [TestCase(FaultCatalogue.AbortedAssociation, "CTR-001", "FAIL", "aborted")]
    [TestCase(FaultCatalogue.SlowAssociation, "RGS-001", "INCONCLUSIVE", "nothing arrived")]
    public async Task An_association_fault_never_passes(string fault, string scenario, string verdict, string reason)
    {
        var run = await Library.RunAsync(fault, [scenario]);
        var s = run.Scenarios.Single();
        Assert.That(s.Verdict, Is.EqualTo(verdict), Library.Describe(s));
        Assert.That(s.Reason, Does.Contain(reason), Library.Describe(s));
    }
}

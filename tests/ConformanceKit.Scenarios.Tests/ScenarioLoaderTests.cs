using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Model;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Scenarios.Tests;

public class ScenarioLoaderTests
{
    internal const string Valid = """
        id: TEST-001
        title: A scenario
        description: Checks things.
        actor: archive
        profile: MMRO-II
        verifies: [REG-ARC-002, RAD-8]
        data:
          folder: data
          sets:
            ct: { modality: [CT] }
            reg: { sop-class: [SpatialRegistrationStorage] }
        inputs:
          harness:
            store: { ae-title: CK_STORE, port: 0 }
        steps:
          - start: { actor: storage, name: store }
          - id: wait
            receive: { on: store, window: 30s, expect: { modality: [REG], count: 1 }, store-as: got }
          - compare: { actual: got, expected: [reg], mode: bytes }
          - attest: { question: "Is ${ct.PatientID} shown?", expect: "yes" }
          - stop: { actor: store }
            always: true
        """;

    private static Scenario Load(string yaml) => ScenarioLoader.Default.Load(yaml, "s.yaml", "/tmp");

    private static IReadOnlyList<ScenarioError> Errors(string yaml) =>
        Assert.Throws<ScenarioFormatException>(() => Load(yaml))!.Errors;

    private static ScenarioError Error(string yaml)
    {
        var errors = Errors(yaml);
        Assert.That(errors, Has.Count.EqualTo(1), string.Join("\n", errors));
        return errors[0];
    }

    private static string Replace(string from, string to)
    {
        Assert.That(Valid, Does.Contain(from));
        return Valid.Replace(from, to, StringComparison.Ordinal);
    }

    [Test]
    public void A_send_takes_object_faults_only()
    {
        var sends = Valid.Replace("  - start: { actor: storage, name: store }", "  - start: { actor: storage, name: store }\n  - send: { objects: [reg], fault: FAULT }", StringComparison.Ordinal);
        Assert.That(Load(sends.Replace("FAULT", "transposed-matrix", StringComparison.Ordinal)).Steps, Has.Count.EqualTo(6));
        var e = Error(sends.Replace("FAULT", "aborted-association", StringComparison.Ordinal));
        Assert.That(e.Message, Does.Contain("aborted-association").And.Contain("transposed-matrix"));
        Assert.That(e.Location.Line, Is.EqualTo(17));
    }

    [Test]
    public void A_valid_scenario_loads_with_its_parts()
    {
        var s = Load(Valid);
        Assert.That(s.Id, Is.EqualTo("TEST-001"));
        Assert.That(s.Actor, Is.EqualTo(SutActor.Archive));
        Assert.That(s.Profile, Is.EqualTo(ProfileMode.MmroII));
        Assert.That(s.Verifies, Is.EqualTo(new[] { "REG-ARC-002", "RAD-8" }));
        Assert.That(s.Data.Folder, Is.EqualTo("/tmp/data"));
        Assert.That(s.Data.Sets.Select(x => x.Name), Is.EqualTo(new[] { "ct", "reg" }));
        Assert.That(s.Data.Sets[1].SopClassUids, Is.EqualTo(new[] { "1.2.840.10008.5.1.4.1.1.66.1" }));
        Assert.That(s.Inputs.Harness["store"], Is.EqualTo(new HarnessEndpoint("CK_STORE", 0)));
        Assert.That(s.Steps.Select(x => x.Id), Is.EqualTo(new[] { "1-start", "wait", "3-compare", "4-attest", "5-stop" }));
        Assert.That(s.Steps[4].Always, Is.True);
        Assert.That(s.Steps[1].Location, Is.EqualTo(new SourceLocation("s.yaml", 17, 5)));
    }

    [Test]
    public void Unknown_key_is_named_with_line_column_and_a_suggestion()
    {
        var e = Error(Replace("title: A scenario", "titel: A scenario\ntitle: A scenario"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 2, 1)));
        Assert.That(e.Message, Does.StartWith("unknown key 'titel' (did you mean 'title'?)"));
    }

    [Test]
    public void Unknown_key_inside_step_arguments_is_found()
    {
        var e = Error(Replace("mode: bytes", "mode: bytes, modus: x"));
        Assert.That(e.Message, Does.StartWith("unknown key 'modus' (did you mean 'mode'?)"));
        Assert.That(e.Location.Line, Is.EqualTo(19));
    }

    [Test]
    public void Wrong_type_names_expected_and_found()
    {
        var e = Error(Replace("window: 30s", "window: [30]"));
        Assert.That(e.Message, Does.StartWith("expected a duration"));
        Assert.That(e.Message, Does.EndWith("found a list"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 18, 35)));
    }

    [Test]
    public void Quoted_number_is_not_a_port()
    {
        var e = Error(Replace("port: 0 }", "port: \"104\" }"));
        Assert.That(e.Message, Is.EqualTo("expected a whole number from 0 to 65535, found the value '104'"));
    }

    [Test]
    public void Enumerated_value_out_of_list_is_an_error()
    {
        var e = Error(Replace("profile: MMRO-II", "profile: MMRO-IV"));
        Assert.That(e.Message, Is.EqualTo("expected one of GEN, MMRO-II, MMRO-III, found the value 'MMRO-IV'"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 5, 10)));
    }

    [Test]
    public void Missing_required_field_is_named_at_its_mapping()
    {
        var e = Error(Replace("description: Checks things.\n", ""));
        Assert.That(e.Message, Does.StartWith("missing required key 'description'"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 1, 1)));
    }

    [Test]
    public void Missing_required_step_argument_is_named()
    {
        var e = Error(Replace("question: \"Is ${ct.PatientID} shown?\", ", ""));
        Assert.That(e.Message, Does.StartWith("missing required key 'question'"));
        Assert.That(e.Location.Line, Is.EqualTo(20));
    }

    [Test]
    public void Every_problem_in_a_file_is_reported_in_one_pass()
    {
        var yaml = Replace("profile: MMRO-II", "profile: X").Replace("actor: archive", "actor: pacs", StringComparison.Ordinal);
        Assert.That(Errors(yaml).Select(e => e.Location.Line), Is.EqualTo(new[] { 4, 5 }));
    }

    [Test]
    public void Unknown_step_kind_is_named()
    {
        var e = Error(Replace("- attest:", "- atest:"));
        Assert.That(e.Message, Does.StartWith("unknown key 'atest' (did you mean 'attest'?)"));
    }

    [Test]
    public void A_step_with_two_kinds_is_an_error()
    {
        var e = Error(Replace("- stop: { actor: store }", "- stop: { actor: store }\n    delay: { duration: 1s }"));
        Assert.That(e.Message, Is.EqualTo("a step has exactly one step kind key, found stop and delay"));
    }

    [Test]
    public void Reference_to_an_unknown_set_is_an_error()
    {
        var e = Error(Replace("expected: [reg]", "expected: [rge]"));
        Assert.That(e.Message, Does.StartWith("no object set 'rge' at this point (known: ct, got, reg)"));
    }

    [Test]
    public void A_set_is_usable_only_after_the_step_that_stores_it()
    {
        var yaml = Replace("  - compare: { actual: got, expected: [reg], mode: bytes }\n", "")
            .Replace("  - start:", "  - compare: { actual: got, expected: [reg] }\n  - start:", StringComparison.Ordinal);
        Assert.That(Error(yaml).Message, Does.StartWith("no object set 'got'"));
    }

    [Test]
    public void Reference_to_an_actor_not_running_is_an_error()
    {
        var e = Error(Replace("receive: { on: store", "receive: { on: archive"));
        Assert.That(e.Message, Does.StartWith("no running actor 'archive' at this point (running: store)"));
    }

    [Test]
    public void Unknown_requirement_id_is_an_error()
    {
        var e = Error(Replace("REG-ARC-002", "REG-ARC-099"));
        Assert.That(e.Message, Does.Contain("'REG-ARC-099' is not a rule ID"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 6, 12)));
    }

    [Test]
    public void Data_needs_exactly_one_source()
    {
        var e = Errors(Replace("folder: data", "folder: data\n  phantom: ct-mr-pet"))[0];
        Assert.That(e.Message, Is.EqualTo("data needs exactly one of 'phantom' or 'folder'"));
        Assert.That(e.Location, Is.EqualTo(new SourceLocation("s.yaml", 8, 3)));
    }

    [Test]
    public void Unknown_sop_class_keyword_is_an_error()
    {
        var e = Error(Replace("SpatialRegistrationStorage", "SpatialRegistration"));
        Assert.That(e.Message, Does.Contain("'SpatialRegistration' is not a SOP Class keyword"));
    }

    [Test]
    public void Unknown_attribute_keyword_in_a_template_is_an_error()
    {
        var e = Error(Replace("${ct.PatientID}", "${ct.PatientIdentifier}"));
        Assert.That(e.Message, Does.Contain("'PatientIdentifier'"));
    }

    [Test]
    public void Duplicate_step_ids_are_an_error()
    {
        var e = Error(Replace("  - compare:", "  - id: wait\n    compare:"));
        Assert.That(e.Message, Is.EqualTo("step ID 'wait' is used twice in this scenario"));
    }

    [Test]
    public void Contradictory_expectation_is_an_error()
    {
        var errors = Errors(Replace("count: 1 }, store-as: got", "count: 1, none: true }, store-as: got")).Select(x => x.Message);
        Assert.That(errors, Is.EqualTo(new[] { "none: true cannot be combined with count or min-count", "nothing to store when none: true" }));
    }

    [Test]
    public void Phantom_preset_truths_are_checked()
    {
        var yaml = """
            id: TEST-002
            title: t
            description: d
            actor: registrator
            profile: MMRO-II
            verifies: [REG-SRO-034]
            data: { phantom: ct-mr-pet }
            steps:
              - check-tre: { sro: reg-ct-mr, truth: mr-to-pet }
            """;
        var e = Error(yaml);
        Assert.That(e.Message, Does.StartWith("no true transform 'mr-to-pet'"));
    }

    [Test]
    public void Scalar_root_is_an_error()
    {
        Assert.That(Error("just text").Message, Does.StartWith("expected a mapping with keys id, title"));
    }
}

using System.Net;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Dimse;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Tests.Support;

namespace ConformanceKit.Reports.Tests;

/// <summary>Transcripts written by the network layer's own NetworkTranscript, drawn as sequence diagrams.</summary>
public class TranscriptTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "ck-transcript-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static string StoreExchange(string hostileComment)
    {
        var t = new NetworkTranscript();
        var now = DateTimeOffset.UtcNow;
        var store = DimseCommand.StoreRequest(1, DicomUids.SpatialRegistrationStorage, "1.2.3.4");
        t.OnEvent(new ConnectionEvent(now, 7, true, true, new IPEndPoint(IPAddress.Loopback, 50000), new IPEndPoint(IPAddress.Loopback, 11112), ""));
        t.OnEvent(new PduEvent(now, 7, Direction.Sent, PduType.AssociateRequest, 300, null, null, null));
        t.OnEvent(new PduEvent(now, 7, Direction.Received, PduType.AssociateAccept, 200, null, null, null));
        t.OnEvent(new PduEvent(now, 7, Direction.Sent, PduType.DataTransfer, 150, null, [new PdvHeader(1, true, true, 140)], null));
        t.OnEvent(new DimseEvent(now, 7, Direction.Sent, 1, store, 2000, null, DicomUids.ExplicitVRLittleEndian));
        t.OnEvent(new PduEvent(now, 7, Direction.Received, PduType.DataTransfer, 110, null, [new PdvHeader(1, true, true, 100)], null));
        t.OnEvent(new DimseEvent(now, 7, Direction.Received, 1, DimseCommand.Response(store, new DimseStatus(0xA700), errorComment: hostileComment), 0, null, null));
        t.OnEvent(new ProblemEvent(now, 7, "peer sent " + Hostile.Script));
        t.OnEvent(new PduEvent(now, 7, Direction.Sent, PduType.ReleaseRequest, 10, null, null, null));
        t.OnEvent(new ConnectionEvent(now, 7, false, true, null, null, "released"));
        return t.Format();
    }

    [Test]
    public void A_network_transcript_becomes_a_sequence_diagram_with_dimse_messages_and_folded_data_pdus()
    {
        File.WriteAllText(Path.Combine(_dir, "t.txt"), StoreExchange(Hostile.Image));
        var view = new TranscriptSection(new RunFolderFiles(_dir)).Build("t.txt", "ACME");
        var svg = view.Diagram.Markup;
        Assert.That(view.Title, Is.EqualTo("t.txt: 1 association, 2 DIMSE messages"));
        Assert.That(svg, Does.Contain("C-STORE-RQ id 1 Spatial Registration Storage instance 1.2.3.4"));
        Assert.That(svg, Does.Contain("C-STORE-RSP to id 1 status A700H"));
        Assert.That(svg, Does.Contain("A-ASSOCIATE-RQ").And.Contain("A-RELEASE-RQ").And.Contain("association #7"));
        Assert.That(svg, Does.Contain("2 P-DATA-TF PDUs folded into their DIMSE messages"));
        // Four arrows harness -> peer or back: A-ASSOCIATE-RQ/AC, two DIMSE messages, A-RELEASE-RQ.
        Assert.That(System.Text.RegularExpressions.Regex.Matches(svg, "<g class=\"msg").Count, Is.EqualTo(5));
        Assert.That(svg, Does.Not.Contain("<script").And.Not.Contain("<img"));
        Assert.That(svg, Does.Contain("&lt;script&gt;"));
    }

    [Test]
    public void Lines_of_another_shape_stay_notes()
    {
        var events = TranscriptReader.Parse("hello <b>\n12:00:00.000001 #3 sent A-ABORT by the service user\n\n");
        Assert.That(events.Select(e => (e.Kind, e.Association)), Is.EqualTo(new[] { (ExchangeKind.Note, 0L), (ExchangeKind.Sent, 3L) }));
    }

    [Test]
    public void A_missing_transcript_is_reported_not_thrown()
    {
        var view = new TranscriptSection(new RunFolderFiles(_dir)).Build("nope.txt", "ACME");
        Assert.That(view.Note, Does.Contain("not found"));
        var outside = new TranscriptSection(new RunFolderFiles(_dir)).Build("../../etc/passwd", "ACME");
        Assert.That(outside.Note, Does.Contain("outside the run folder"));
    }

    /// <summary>One association storing <paramref name="count"/> CT images, each answered with success, as NetworkTranscript writes it.</summary>
    private static string ManyStores(int count)
    {
        var t = new NetworkTranscript();
        var now = DateTimeOffset.UtcNow;
        t.OnEvent(new PduEvent(now, 3, Direction.Sent, PduType.AssociateRequest, 300, null, null, null));
        t.OnEvent(new PduEvent(now, 3, Direction.Received, PduType.AssociateAccept, 200, null, null, null));
        for (var n = 1; n <= count; n++)
        {
            var store = DimseCommand.StoreRequest((ushort)n, DicomUids.CTImageStorage, $"1.2.826.0.1.{n * 7919}");
            t.OnEvent(new DimseEvent(now.AddMilliseconds(n), 3, Direction.Sent, 1, store, 19000 + n % 3, null, DicomUids.ExplicitVRLittleEndian));
            t.OnEvent(new DimseEvent(now.AddMilliseconds(n), 3, Direction.Received, 1, DimseCommand.Response(store, new DimseStatus(0x0000)), 0, null, null));
        }
        t.OnEvent(new PduEvent(now, 3, Direction.Sent, PduType.ReleaseRequest, 10, null, null, null));
        t.OnEvent(new PduEvent(now, 3, Direction.Received, PduType.ReleaseResponse, 10, null, null, null));
        return t.Format();
    }

    [Test]
    public void Repeated_exchanges_that_differ_only_in_numbers_fold_into_first_note_and_last()
    {
        File.WriteAllText(Path.Combine(_dir, "t.txt"), ManyStores(200));
        var view = new TranscriptSection(new RunFolderFiles(_dir)).Build("t.txt", "ACME");
        var svg = view.Diagram.Markup;
        Assert.That(view.Title, Is.EqualTo("t.txt: 1 association, 400 DIMSE messages"));
        Assert.That(svg, Does.Contain("198 more C-STORE exchanges of this shape"));
        Assert.That(svg, Does.Contain("C-STORE-RQ id 1 CT Image Storage").And.Contain("C-STORE-RQ id 200 CT Image Storage"));
        Assert.That(svg, Does.Not.Contain("C-STORE-RQ id 2 CT Image Storage"));
        // A-ASSOCIATE-RQ/AC, two C-STORE exchanges, A-RELEASE-RQ/RP.
        Assert.That(System.Text.RegularExpressions.Regex.Matches(svg, "<g class=\"msg").Count, Is.EqualTo(8));
    }

    [Test]
    public void A_failure_in_a_run_of_stores_is_not_folded_away()
    {
        var text = ManyStores(20).Replace("C-STORE-RSP to id 9 status 0000H (success)", "C-STORE-RSP to id 9 status A700H (out of resources)");
        File.WriteAllText(Path.Combine(_dir, "t.txt"), text);
        var svg = new TranscriptSection(new RunFolderFiles(_dir)).Build("t.txt", "ACME").Diagram.Markup;
        Assert.That(text, Does.Contain("A700H"), "the transcript format this test edits");
        Assert.That(svg, Does.Contain("C-STORE-RSP to id 9 status A700H").And.Contain("C-STORE-RQ id 9 "));
        Assert.That(svg, Does.Contain("6 more C-STORE exchanges of this shape").And.Contain("9 more C-STORE exchanges of this shape"));
    }

    [Test]
    public void A_long_transcript_shows_its_start_and_end_and_says_how_many_lines_lie_between()
    {
        var text = ManyStores(400);
        File.WriteAllText(Path.Combine(_dir, "t.txt"), text);
        var view = new TranscriptSection(new RunFolderFiles(_dir)).Build("t.txt", "ACME");
        var lines = text.TrimEnd().Split('\n');
        Assert.That(text.Length, Is.GreaterThan(TranscriptSection.MaxTextChars));
        Assert.That(view.Text.Length, Is.LessThanOrEqualTo(TranscriptSection.MaxTextChars + 200));
        Assert.That(view.Text, Does.StartWith(lines[0]).And.Contain(lines[^1]));
        var shown = view.Text.TrimEnd().Split('\n');
        var omitted = int.Parse(System.Text.RegularExpressions.Regex.Match(view.Note, @"^(\d+) lines in the middle").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(shown.Length - 1 + omitted, Is.EqualTo(lines.Length), "every line is either shown or counted");
    }
}

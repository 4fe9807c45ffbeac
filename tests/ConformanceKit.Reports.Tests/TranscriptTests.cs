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
}

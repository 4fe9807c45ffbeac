using System.Buffers.Binary;
using System.Text;
using ConformanceKit.Robustness.Tests.Load;
using ConformanceKit.Scenarios.Loading;
using ConformanceKit.Scenarios.Yaml;

namespace ConformanceKit.Robustness.Tests.Security;

/// <summary>
/// Every limit docs/security.md lists, hit on purpose: the answer is a clear refusal (A-ABORT, A-ASSOCIATE-RJ,
/// DicomReadException, ScenarioFormatException with file, line and column), never an allocation sized by the
/// hostile value, and the process goes on.
/// </summary>
public class LimitsTests
{
    private static byte[] Request(string calling = "RAW_PEER") => PduEncoder.Encode(new AssociateRequestPdu
    {
        CalledAeTitle = "CK_SCP",
        CallingAeTitle = calling,
        PresentationContexts = [new(1, DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian])],
        UserInformation = new UserInformation { MaximumLength = 16384 },
    });

    // Before the association (Sta2) the table's action is AA-1, an A-ABORT of service-user source with no reason
    // (PS3.8 Table 9-10); once established, AA-8 names the reason: invalid PDU parameter value.
    [TestCase((byte)1, 2u << 20, AbortReason.NotSpecified, TestName = "AnAssociateRequestOverOneMiBIsAbortedUnread")]
    [TestCase((byte)4, 0xFFFFFFFFu, AbortReason.InvalidPduParameterValue, TestName = "APDataTfOf4GiBIsAbortedUnread")]
    public async Task PduLengthsBeyondTheLimitAreAbortedWithoutAllocating(byte type, uint length, AbortReason reason)
    {
        await using var server = new DicomServer(new DicomServerOptions()).Start();
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        if (type == 4)
        {
            await peer.SendAsync(Request());
            Assert.That((await peer.ReceivePduAsync(TimeSpan.FromSeconds(10)))?.Type, Is.EqualTo((byte)PduType.AssociateAccept));
        }
        var header = new byte[6];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await peer.SendAsync(header);
        var answer = await peer.ReceivePduAsync(TimeSpan.FromSeconds(10));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(answer?.Type, Is.EqualTo((byte)PduType.Abort));
        Assert.That(answer!.Value.Body[3], Is.EqualTo((byte)reason));
        Assert.That(allocated, Is.LessThan(16L << 20), "nothing was allocated for the announced body");
    }

    [Test]
    public async Task AnObjectOverTheSizeLimitAbortsItsAssociationAndLeavesNothing()
    {
        using var dir = new TempDirectory("ck-limit-object");
        var store = new FileStorageService(dir.Combine("in"));
        await using var server = new DicomServer(new DicomServerOptions
        {
            Store = store, Settings = new AssociationSettings { MaxDatasetLength = 1 << 20 },
        }).Start();
        var big = StoreItem.FromDataset(SyntheticCt.Image(1, 1024, 1024, "1.2.3", "1.2.3.1", "1.2.3.2", "1.2.3.3")); // 2 MiB of pixels
        var small = StoreItem.FromDataset(SyntheticCt.Image(2, 64, 64, "1.2.3", "1.2.3.1", "1.2.3.2", "1.2.3.4"));
        var plan = new PresentationContextPlan().AddObject(big.SopClassUid, big.TransferSyntax);
        var options = new DicomClientOptions { Port = server.Port, CalledAeTitle = "CK_SCP" };
        await using (var association = await DicomClient.AssociateAsync(options, plan))
        {
            await Assert.ThrowsAsync<AssociationAbortedException>(() => association.StoreAsync(big));
        }
        await using (var association = await DicomClient.AssociateAsync(options, plan))
            Assert.That((await association.StoreAsync(small)).Status.IsSuccess, Is.True, "objects under the limit are stored");
        await ConcurrentIngestTests.WaitAsync(() => server.Associations.Count == 0);
        Assert.That(Directory.GetFiles(store.Directory).Select(Path.GetFileName), Is.EqualTo(new[] { "1.2.3.4.dcm" }));
    }

    [Test]
    public void SequencesNestedBeyondTheLimitAreRefusedWithTheirPlace()
    {
        // 100 nested sequences of undefined length: (0008,1115) SQ > item > (0008,1115) SQ > ...
        var bytes = new List<byte>();
        void Add(params byte[] b) => bytes.AddRange(b);
        for (var i = 0; i < 100; i++)
        {
            Add(0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF);
            Add(0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF);
        }
        var e = Assert.Throws<DicomReadException>(() =>
            DicomDatasetReader.Parse(bytes.ToArray(), DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { MaxSequenceDepth = 64 }));
        Assert.That(e!.Message, Does.Contain("nested deeper than 64"));
        Assert.That(e.TagPath, Does.Contain("(0008,1115)"));
    }

    [Test]
    public void ADeflateBombStopsAtTheInflateLimit()
    {
        var ds = SyntheticCt.Series(1, 16, 16, seed: "bomb")[0];
        ds.SetBytes(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[8 << 20]); // 8 MiB of zeros deflates to a few KiB
        var file = DeflatedFiles.Encode(ds, System.IO.Compression.CompressionLevel.SmallestSize);
        Assert.That(file.Length, Is.LessThan(64 * 1024));
        var e = Assert.Throws<DicomReadException>(() => DicomFileReader.Read(file, new DicomReadOptions { MaxInflatedBytes = 1 << 20 }));
        Assert.That(e!.Message, Does.Contain("inflates beyond"));
    }

    [TestCase("CK_SCP\0X", TestName = "AnAeTitleWithANulInsideIsAborted")]
    [TestCase("                ", TestName = "AnAllSpacesAeTitleIsAborted")]
    public async Task MalformedAeTitlesInTheRequestAreAborted(string calling)
    {
        var transcript = new NetworkTranscript();
        await using var server = new DicomServer(new DicomServerOptions { Observer = transcript }).Start();
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        var request = Request();
        var field = Encoding.ASCII.GetBytes(calling.PadRight(16));
        field.CopyTo(request, 6 + 20); // Calling-AE-title: bytes 27-42 of the PDU (PS3.8 Table 9-11)
        await peer.SendAsync(request);
        var answer = await peer.ReceivePduAsync(TimeSpan.FromSeconds(10));
        Assert.That(answer?.Type, Is.EqualTo((byte)PduType.Abort));
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("calling AE title")), Is.True, transcript.Format());
        Assert.That(transcript.OfType<ProblemEvent>().Any(p => p.Description.Contains("failed on")), Is.False, "no internal failure");
    }

    private static ScenarioFormatException Refused(string yaml, YamlLimits? limits = null) =>
        Assert.Throws<ScenarioFormatException>(() => new ScenarioLoader(ConformanceKit.Scenarios.Steps.StepRegistry.Default, limits).Load(yaml, "hostile.yaml", Path.GetTempPath()))!;

    [Test]
    public void YamlSizeDepthNodesAndScalarsAreBounded()
    {
        var limits = new YamlLimits { MaxBytes = 4096, MaxDepth = 8, MaxNodes = 100, MaxScalarLength = 64 };
        Assert.That(Refused(new string('#', 5000), limits).Message, Does.Contain("the limit is 4096"));
        Assert.That(Refused(new string('[', 20) + new string(']', 20), limits).Message, Does.Contain("nested deeper than 8"));
        Assert.That(Refused("[" + string.Join(",", Enumerable.Repeat("x", 200)) + "]", limits).Message, Does.Contain("more than 100 nodes"));
        Assert.That(Refused($"id: {new string('x', 100)}", limits).Message, Does.Contain("the limit is 64"));
        // The defaults hold against a document of a million nested lists.
        Assert.That(Refused(new string('[', 1_000_000)).Errors[0].Location.Line, Is.EqualTo(1));
    }

    [TestCase("id: !!python/object/apply:os.system ['touch /tmp/ck-pwned']")]
    [TestCase("id: !<tag:yaml.org,2002:System.Diagnostics.Process> {StartInfo: {FileName: /bin/sh}}")]
    [TestCase("id: !System.IO.FileInfo /etc/passwd")]
    [TestCase("a: &x [1, 2]\nb: *x")]
    [TestCase("id: !<%%%> x")]
    public void YamlNeverInstantiatesTypesNorExpandsAliases(string yaml)
    {
        var e = Refused(yaml);
        Assert.That(e.Errors[0].Location.Line, Is.GreaterThanOrEqualTo(1));
        Assert.That(e.Message, Does.Contain("not allowed").Or.Contain("YAML syntax"));
        Assert.That(File.Exists("/tmp/ck-pwned"), Is.False);
    }
}

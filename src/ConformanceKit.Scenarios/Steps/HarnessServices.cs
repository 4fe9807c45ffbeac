using ConformanceKit.Scenarios.Model;

namespace ConformanceKit.Scenarios.Steps;

/// <summary>
/// What the layers below provide to steps. A service that is null has not landed yet; the steps and
/// engine parts that need it report INCONCLUSIVE with that reason instead of pretending.
/// </summary>
public sealed class HarnessServices
{
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IAttestationSource Attestation { get; init; } = NoAttestation.Instance;

    /// <summary>Starts simulated actors for <c>start</c> steps (network layer, issue 3).</summary>
    public IActorFactory? Actors { get; init; }

    /// <summary>Starts the built-in reference SUT of an actor when no product is given (network, geometry, rules).</summary>
    public IReferenceSutFactory? ReferenceSuts { get; init; }

    /// <summary>Generates phantom sets (geometry layer, issue 4).</summary>
    public IPhantomSource? Phantoms { get; init; }

    /// <summary>When set, the copies of objects kept as evidence have their patient attributes replaced (ck run --deidentify).</summary>
    public ConformanceKit.Dicom.DicomDeidentifier? Deidentifier { get; init; }
}

/// <summary>A simulated actor the harness runs during a scenario (Actors layer, over the network layer).</summary>
public interface IActorInstance : IAsyncDisposable
{
    string Name { get; }
    /// <summary>What it plays: archive, storage, registrator, display, dose-display, contourer.</summary>
    string Role { get; }
    HarnessEndpoint Endpoint { get; }
    /// <summary>Objects peers send to it, or null when it receives none.</summary>
    ObjectInbox? Inbox { get; }
}

/// <summary>What a <c>start</c> step asks for: role, identity, transport, and the objects an archive holds from the start.</summary>
public sealed record ActorStartRequest(string Name, string Role, HarnessEndpoint Endpoint, TlsSettings Tls, IReadOnlyList<ScenarioObject> Serve)
{
    /// <summary>Where the SUT listens, when known: an archive actor accepts it as a C-MOVE destination (a consumer SUT retrieving to itself).</summary>
    public SutEndpoint? Sut { get; init; }
}

public interface IActorFactory
{
    Task<IActorInstance> StartAsync(ActorStartRequest request, string runDirectory, CancellationToken cancel);
}

/// <summary>A running reference implementation playing the SUT's actor, and where it listens.</summary>
public interface IReferenceSut : IAsyncDisposable
{
    SutEndpoint Endpoint { get; }

    /// <summary>Multiplies the scenario's wait windows: a reference SUT finishes before it answers, so waits can be short.</summary>
    double WindowScale => 1.0;
}

public interface IReferenceSutFactory
{
    /// <summary>Null when no reference implementation of that actor exists yet (with the reason).</summary>
    string? UnavailableReason(SutActor actor);
    Task<IReferenceSut> StartAsync(SutActor actor, ScenarioInputs inputs, CancellationToken cancel);
}

/// <summary>Phantom sets by preset name: the objects of each set, and the true transforms.</summary>
public interface IPhantomSource
{
    /// <summary>Why a preset cannot be generated yet (what the generator lacks), or null.</summary>
    string? UnavailableReason(string preset);

    Task<PhantomData> GenerateAsync(string preset, string size, CancellationToken cancel);
}

/// <summary>
/// A generated phantom: its object sets, its true transforms (MOVING-to-BASE, 4x4 row-major, LPS mm) and
/// its markers' true positions in the base Frame of Reference.
/// </summary>
public sealed record PhantomData(
    IReadOnlyDictionary<string, IReadOnlyList<ConformanceKit.Dicom.DicomFile>> Sets,
    IReadOnlyDictionary<string, double[]> Truths,
    IReadOnlyDictionary<string, ConformanceKit.Geometry.Vector3> Markers)
{
    /// <summary>The phantom's fiducial sphere centres in the base Frame of Reference (test points and contour targets).</summary>
    public IReadOnlyList<ConformanceKit.Geometry.Vector3> Fiducials { get; init; } = [];

    /// <summary>Radius of the fiducial spheres, mm.</summary>
    public double FiducialRadiusMm { get; init; }
}

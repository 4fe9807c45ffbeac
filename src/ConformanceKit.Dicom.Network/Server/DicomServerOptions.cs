using System.Net;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Dicom.Network;

/// <summary>A C-MOVE destination: the AE title a C-MOVE-RQ names, and where that AE listens.</summary>
public sealed record MoveDestination(string AeTitle, string Host, int Port)
{
    public TlsClientOptions? Tls { get; init; }
}

/// <summary>Which presentation contexts an acceptor accepts (PS3.8 7.1.1.13: the acceptor decides per context).</summary>
public sealed record AcceptancePolicy
{
    /// <summary>Abstract syntaxes accepted; null derives them from the services configured (storage, query, retrieve, verification).</summary>
    public IReadOnlySet<string>? AbstractSyntaxes { get; init; }

    /// <summary>Accept storage of SOP classes the registry does not know (private ones), as dcmtk's "promiscuous" mode does.</summary>
    public bool AcceptUnknownStorageClasses { get; init; }

    /// <summary>Transfer syntaxes accepted for storage; null accepts every one the registry knows (objects are stored as received).</summary>
    public IReadOnlyList<string>? StorageTransferSyntaxes { get; init; }

    /// <summary>
    /// Choose the first acceptable syntax in the requestor's order (true) or in this side's order (false). The
    /// requestor lists the syntax its objects are in first, so its order keeps objects byte for byte.
    /// </summary>
    public bool PreferRequestorOrder { get; init; } = true;
}

/// <summary>Everything an association acceptor (SCP) is configured with.</summary>
public sealed record DicomServerOptions
{
    public string AeTitle { get; init; } = "CK_SCP";

    /// <summary>Answer whatever Called AE Title a requestor uses (else a different one is rejected, PS3.8 Table 9-21 reason 7).</summary>
    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Calling AE Titles allowed; null allows any (else others are rejected, reason 3).</summary>
    public IReadOnlySet<string>? AllowedCallingAeTitles { get; init; }

    /// <summary>Address to listen on (loopback by default; the CLI listens on all interfaces).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomServer.Port"/>).</summary>
    public int Port { get; init; }

    public AssociationSettings Settings { get; init; } = new() { IdleTimeout = TimeSpan.FromMinutes(5) };

    /// <summary>Associations served at once; more are rejected transiently (PS3.8 Table 9-21, local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    public AcceptancePolicy Acceptance { get; init; } = new();

    public IStoreService? Store { get; init; }
    public IQueryService? Query { get; init; }
    public IRetrieveService? Retrieve { get; init; }

    /// <summary>C-MOVE destinations by AE title.</summary>
    public IReadOnlyDictionary<string, MoveDestination> MoveDestinations { get; init; } = new Dictionary<string, MoveDestination>();

    /// <summary>Decides a User Identity Negotiation request (PS3.7 D.3.3.7); null ignores the sub-item, as PS3.7 allows.</summary>
    public Func<UserIdentityRequest, bool>? UserIdentityPolicy { get; init; }

    public TlsServerOptions? Tls { get; init; }
    public INetworkObserver? Observer { get; init; }
}

using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Pdus;
using ConformanceKit.Dicom.Network.Services;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Dicom.Network;

/// <summary>Where and as whom an association requestor connects.</summary>
public sealed record DicomClientOptions
{
    /// <summary>Peer host; the tests and the CLI default to loopback.</summary>
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 104;
    public string CallingAeTitle { get; init; } = "CK_SCU";
    public string CalledAeTitle { get; init; } = "ANY-SCP";
    public TlsClientOptions? Tls { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public AssociationSettings Settings { get; init; } = new();

    /// <summary>User Identity Negotiation sub-item to send (PS3.7 D.3.3.7), if any.</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>Asynchronous Operations Window to propose (PS3.7 D.3.3.3); none means one operation at a time.</summary>
    public AsyncOperationsWindow? AsyncOperationsWindow { get; init; }

    public IReadOnlyList<SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>Receives incoming C-STOREs (during C-GET) when no other store is given.</summary>
    public IStoreService? StoreService { get; init; }

    public INetworkObserver? Observer { get; init; }
}

/// <summary>Opens associations as requestor (SCU side). The operations are on <see cref="Association"/>.</summary>
public static class DicomClient
{
    /// <summary>
    /// Connects (TCP with Nagle off, TLS when configured) and requests an association with the planned presentation
    /// contexts. Throws <see cref="AssociationRejectedException"/> or <see cref="AssociationAbortedException"/> saying why it failed.
    /// </summary>
    public static Task<Association> AssociateAsync(DicomClientOptions options, PresentationContextPlan plan, CancellationToken cancel = default)
    {
        var request = new AssociateRequestPdu
        {
            CalledAeTitle = options.CalledAeTitle,
            CallingAeTitle = options.CallingAeTitle,
            PresentationContexts = plan.Contexts,
            UserInformation = new UserInformation
            {
                MaximumLength = options.Settings.MaxPduLength,
                ImplementationClassUid = options.Settings.ImplementationClassUid,
                ImplementationVersionName = options.Settings.ImplementationVersionName,
                AsyncOperationsWindow = options.AsyncOperationsWindow,
                RoleSelections = plan.RoleSelections,
                ExtendedNegotiations = options.ExtendedNegotiations,
                UserIdentityRequest = options.UserIdentity,
            },
        };
        if (request.PresentationContexts.Count == 0) throw new ArgumentException("propose at least one presentation context");
        return AssociateAsync(options, request, cancel);
    }

    /// <summary>Requests an association with a request built by the caller (for tests and fault injection).</summary>
    public static async Task<Association> AssociateAsync(DicomClientOptions options, AssociateRequestPdu request, CancellationToken cancel = default)
    {
        var association = await Association.RequestAsync(request,
            ct => DicomTransport.ConnectAsync(options.Host, options.Port, options.Tls, options.ConnectTimeout, ct),
            options.Settings, options.Observer, cancel).ConfigureAwait(false);
        association.StoreService = options.StoreService;
        return association;
    }
}

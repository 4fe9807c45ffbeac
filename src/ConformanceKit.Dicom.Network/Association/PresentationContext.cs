using ConformanceKit.Dicom.Network.Pdus;

namespace ConformanceKit.Dicom.Network;

/// <summary>
/// A negotiated presentation context (PS3.8 7.1.1.13): abstract syntax, the one transfer syntax accepted for it,
/// and the roles of the association-requestor for its SOP class (SCU by default; SCP as well or instead when
/// SCP/SCU Role Selection was negotiated, PS3.7 D.3.3.4).
/// </summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, string TransferSyntax, PresentationContextResultCode Result,
    bool RequestorIsScu = true, bool RequestorIsScp = false)
{
    public bool Accepted => Result == PresentationContextResultCode.Acceptance;

    public DicomTransferSyntax Syntax => DicomTransferSyntax.FromUid(TransferSyntax);

    /// <summary>Whether this side may send requests (act as SCU) on the context.</summary>
    public bool CanInvoke(bool isRequestor) => isRequestor ? RequestorIsScu : RequestorIsScp;

    public override string ToString() => Accepted
        ? $"[{Id}] {DicomUidRegistry.NameOf(AbstractSyntax)} / {DicomUidRegistry.NameOf(TransferSyntax)}"
        : $"[{Id}] {DicomUidRegistry.NameOf(AbstractSyntax)}: {PresentationContextResult.DescribeResult(Result)}";
}

/// <summary>
/// The presentation contexts (and role selections) an association requestor proposes. Built from what is to
/// be sent: one context per SOP class and stored transfer syntax, with the uncompressed syntaxes as fallback.
/// PS3.8 allows at most 128 contexts (odd IDs 1-255).
/// </summary>
public sealed class PresentationContextPlan
{
    public const int MaxContexts = 128;

    private readonly List<PresentationContextProposal> _contexts = [];
    private readonly List<RoleSelection> _roles = [];

    public IReadOnlyList<PresentationContextProposal> Contexts => _contexts;
    public IReadOnlyList<RoleSelection> RoleSelections => _roles;

    /// <summary>Proposes a context unless the same abstract syntax with the same transfer syntaxes is already there.</summary>
    public PresentationContextPlan Add(string abstractSyntax, params string[] transferSyntaxes)
    {
        if (transferSyntaxes.Length == 0) throw new ArgumentException("a presentation context needs at least one transfer syntax");
        if (_contexts.Any(c => c.AbstractSyntax == abstractSyntax && c.TransferSyntaxes.SequenceEqual(transferSyntaxes))) return this;
        if (_contexts.Count >= MaxContexts)
            throw new InvalidOperationException($"more than {MaxContexts} presentation contexts are needed (PS3.8 9.3.2.2 allows 128)");
        _contexts.Add(new PresentationContextProposal((byte)(2 * _contexts.Count + 1), abstractSyntax, transferSyntaxes));
        return this;
    }

    public PresentationContextPlan AddVerification() => Add(DicomUids.Verification, DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian);

    /// <summary>
    /// A context for objects of one SOP class stored in one transfer syntax: that syntax first, then (for an
    /// uncompressed object, which can be re-encoded) Explicit and Implicit VR Little Endian.
    /// </summary>
    public PresentationContextPlan AddObject(string sopClassUid, DicomTransferSyntax stored)
    {
        var syntaxes = new List<string> { stored.Uid };
        if (!stored.Encapsulated && !stored.Deflated)
            foreach (var ts in UncompressedSyntaxes) if (!syntaxes.Contains(ts)) syntaxes.Add(ts);
        return Add(sopClassUid, [.. syntaxes]);
    }

    /// <summary>Contexts for a set of objects to send (C-STORE), one per distinct SOP class and transfer syntax.</summary>
    public PresentationContextPlan AddObjects(IEnumerable<(string SopClassUid, DicomTransferSyntax Syntax)> objects)
    {
        foreach (var (cls, ts) in objects.Distinct()) AddObject(cls, ts);
        return this;
    }

    /// <summary>
    /// Storage contexts on which this requestor will act as SCP (receives C-STOREs during a C-GET), with the
    /// SCP/SCU Role Selection sub-item that asks for it (PS3.4 C.4.3.1, PS3.7 D.3.3.4).
    /// </summary>
    public PresentationContextPlan AddStorageAsScp(IEnumerable<string> sopClassUids, params string[] transferSyntaxes)
    {
        var syntaxes = transferSyntaxes.Length > 0 ? transferSyntaxes : UncompressedSyntaxes;
        foreach (var cls in sopClassUids)
        {
            Add(cls, syntaxes);
            if (!_roles.Any(r => r.SopClassUid == cls)) _roles.Add(new RoleSelection(cls, ScuRole: false, ScpRole: true));
        }
        return this;
    }

    public static readonly string[] UncompressedSyntaxes = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];
}

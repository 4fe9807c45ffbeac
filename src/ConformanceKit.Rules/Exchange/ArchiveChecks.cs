using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;

namespace ConformanceKit.Rules.Exchange;

/// <summary>One C-STORE the harness sent to an Archive and the status it got back (PS3.7 C.4.1.1.4; PS3.4 B.2.3).</summary>
public sealed record StoreAttempt(string SopClassUid, string TransferSyntaxUid, ushort Status, string? SopInstanceUid = null);

/// <summary>A C-MOVE the harness asked for and what came of it (PS3.4 C.4.2.1.4, C.4.2.3).</summary>
public sealed record MoveOutcome(
    IReadOnlyCollection<string> ExpectedInstances,
    IReadOnlyCollection<string> DeliveredInstances,
    ushort FinalStatus,
    int? Completed, int? Failed, int? Warning);

/// <summary>
/// The REG-ARC rules judged on what actor tests captured: storage acceptance, transparency (objects returned
/// unchanged), Study Root C-FIND and C-MOVE behaviour. The Actors/Scenarios layers gather the evidence.
/// </summary>
public static class ArchiveChecks
{
    /// <summary>The SOP Classes an REG Archive stores (reg-profile.md 1, 2.2): CT, MR, PET, REG, RT Structure Set, RT Dose, RT Plan.</summary>
    public static readonly IReadOnlySet<string> RequiredClasses = new HashSet<string>([
        DicomUids.CTImageStorage, DicomUids.MRImageStorage, DicomUids.PositronEmissionTomographyImageStorage,
        DicomUids.SpatialRegistrationStorage, DicomUids.RTStructureSetStorage, DicomUids.RTDoseStorage, DicomUids.RTPlanStorage,
    ], StringComparer.Ordinal);

    /// <summary>Explicit and Implicit VR Little Endian, the syntaxes the IHE-RO tool offers (TestToolConfiguration [T-cfg]).</summary>
    public static readonly IReadOnlySet<string> RequiredSyntaxes = new HashSet<string>([DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian], StringComparer.Ordinal);

    /// <summary>C-STORE success (0000) and warnings (B000 coercion, B006 elements discarded, B007 data set mismatch) mean stored (PS3.4 B.2.3).</summary>
    public static bool IsStored(ushort status) => status is 0x0000 or 0xB000 or 0xB006 or 0xB007;

    public static void CheckStorage(IEnumerable<StoreAttempt> attempts, ObjectFindings f)
    {
        foreach (var a in attempts)
        {
            if (!RequiredClasses.Contains(a.SopClassUid) || !RequiredSyntaxes.Contains(a.TransferSyntaxUid) || IsStored(a.Status)) continue;
            f.Report(ArchiveRules.AcceptsStorage, a.SopInstanceUid ?? "", $"C-STORE of {DicomUidRegistry.NameOf(a.SopClassUid)} in {DicomUidRegistry.NameOf(a.TransferSyntaxUid)} was refused",
                found: $"status {a.Status:X4}H", expected: "0000H (or a B0xxH warning)");
        }
    }

    /// <summary>REG-ARC-002: every element of what was stored comes back with the same VR and the same bytes, items in the same order.</summary>
    public static void CheckTransparency(DicomDataset sent, DicomDataset returned, ObjectFindings f) =>
        Compare(sent, returned, AttributePath.Root, f);

    private static void Compare(DicomDataset sent, DicomDataset returned, AttributePath path, ObjectFindings f)
    {
        foreach (var e in sent)
        {
            var p = path.Child(e.Tag);
            var r = returned[e.Tag];
            if (r is null)
            {
                f.Report(ArchiveRules.Transparency, p, "element stored but not returned", found: "(absent)", expected: Describe(e));
                continue;
            }
            if (r.VR != e.VR && e.VR != DicomVR.UN && r.VR != DicomVR.UN) // UN: the other side did not know the VR (PS3.5 6.2.2)
                f.Report(ArchiveRules.Transparency, p, "VR changed", found: r.VR.ToString(), expected: e.VR.ToString());
            switch (e, r)
            {
                case (DicomSequence s, DicomSequence t):
                    if (s.Items.Count != t.Items.Count)
                        f.Report(ArchiveRules.Transparency, p, "number of items changed", found: $"{t.Items.Count}", expected: $"{s.Items.Count}");
                    for (var i = 0; i < Math.Min(s.Items.Count, t.Items.Count); i++) Compare(s.Items[i], t.Items[i], p.Item(i + 1), f);
                    break;
                case (DicomValueElement s, DicomValueElement t):
                    if (!Trimmed(s).SequenceEqual(Trimmed(t)))
                        f.Report(ArchiveRules.Transparency, p, "value changed", found: Describe(t), expected: Describe(s));
                    break;
                case (DicomFragmentSequence, DicomFragmentSequence):
                    break; // compressed pixel data may be re-encoded by agreement (transfer syntax negotiation)
                default:
                    f.Report(ArchiveRules.Transparency, p, "element changed shape", found: r.GetType().Name, expected: e.GetType().Name);
                    break;
            }
        }
    }

    // Trailing padding (space or NUL to even length, PS3.5 7.1.1) is not part of the value.
    private static ReadOnlySpan<byte> Trimmed(DicomValueElement e)
    {
        var s = e.Value.Span;
        if (e.VR.IsString && s.Length > 0 && s[^1] is (byte)' ' or 0) s = s[..^1];
        return s;
    }

    private static string Describe(DicomElement e) => e switch
    {
        DicomValueElement { VR.IsString: true } v => $"[{System.Text.Encoding.Latin1.GetString(Trimmed(v))}]",
        DicomValueElement v => $"{v.Length} bytes",
        DicomSequence s => $"{s.Items.Count} item(s)",
        _ => e.VR.ToString(),
    };

    /// <summary>REG-ARC-003: a SERIES level C-FIND with Modality REG returns the SRO series; IMAGE level responses carry SOP Instance and Class UIDs.</summary>
    public static void CheckFind(IReadOnlyCollection<string> expectedSroSeries, IEnumerable<DicomDataset> seriesResponses, IEnumerable<DicomDataset> imageResponses, ObjectFindings f)
    {
        var found = seriesResponses.Select(r => r.GetString(DicomTags.SeriesInstanceUID) ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var series in expectedSroSeries.Where(s => !found.Contains(s)))
            f.Report(ArchiveRules.FindSeries, AttributePath.Root.Child(DicomTags.SeriesInstanceUID), "SERIES level query with Modality REG did not return a stored SRO series",
                found: "(not returned)", expected: series);
        var n = 0;
        foreach (var image in imageResponses)
        {
            n++;
            foreach (var tag in new[] { DicomTags.SOPInstanceUID, DicomTags.SOPClassUID })
                if (string.IsNullOrEmpty(image.GetString(tag)))
                    f.Report(ArchiveRules.FindSeries, AttributePath.Root.Child(tag), $"IMAGE level response {n} lacks the attribute", expected: "a UID");
        }
    }

    /// <summary>REG-ARC-004: every instance asked for arrives, the final status is Success and the counts say what happened.</summary>
    public static void CheckMove(MoveOutcome move, ObjectFindings f)
    {
        var delivered = move.DeliveredInstances.ToHashSet(StringComparer.Ordinal);
        var missing = move.ExpectedInstances.Where(i => !delivered.Contains(i)).ToList();
        if (missing.Count > 0)
            f.Report(ArchiveRules.MoveDelivers, "", $"{missing.Count} instance(s) not delivered", found: $"{delivered.Count} delivered", expected: $"{move.ExpectedInstances.Count}: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
        if (move.FinalStatus != 0x0000)
            f.Report(ArchiveRules.MoveDelivers, AttributePath.Root.Child(DicomTags.Status), "final C-MOVE response is not Success", found: $"{move.FinalStatus:X4}H", expected: "0000H");
        if (move.Completed is { } c && c != delivered.Count)
            f.Report(ArchiveRules.MoveDelivers, AttributePath.Root.Child(DicomTags.NumberOfCompletedSuboperations), "completed count differs from what arrived",
                found: $"{c}", expected: $"{delivered.Count}");
        if (move.Failed is > 0 || move.Warning is > 0)
            f.Report(ArchiveRules.MoveDelivers, AttributePath.Root.Child(DicomTags.NumberOfFailedSuboperations), "sub-operations failed or warned",
                found: $"failed {move.Failed ?? 0}, warning {move.Warning ?? 0}", expected: "0, 0");
    }
}

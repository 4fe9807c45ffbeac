using ConformanceKit.Dicom;

namespace ConformanceKit.Rules.Validation;

/// <summary>Reads expected registrations from a reference SRO (the test tool locates its reference by item Frames of Reference).</summary>
public static class ReferenceRegistrations
{
    public static IReadOnlyList<ReferenceRegistration> FromSro(DicomDataset sro)
    {
        var summary = ObjectSummarizer.Summarize(sro, ObjectValidator.RefOf(sro, null));
        if (summary.Registration is not { } reg || summary.FrameOfReferenceUid is not { } baseFrame)
            throw new FormatException("the reference is not a Spatial Registration object with a Frame of Reference UID");
        var list = new List<ReferenceRegistration>();
        foreach (var item in reg.Items)
            if (item.FrameOfReferenceUid is { } moving && moving != baseFrame && item.Matrix is { } m)
                list.Add(new ReferenceRegistration(baseFrame, moving, m));
        if (list.Count == 0) throw new FormatException("the reference SRO has no moving item with a Frame of Reference UID and a matrix");
        return list;
    }
}

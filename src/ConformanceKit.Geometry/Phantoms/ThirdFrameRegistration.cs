using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Phantoms;

/// <summary>
/// Rewrites a truthful two-item SRO so that it registers both sets to a third Frame of Reference: the SRO's own
/// FoR becomes <paramref name="thirdFrameOfReferenceUid"/>, the base item carries thirdFromBase and the moving item
/// thirdFromBase * baseFromMoving. Neither item is the identity; the moving -> base transform it states is unchanged
/// (PS3.3 Eq. C.20.2-3). Valid DICOM (PS3.3 C.20.2), outside the MMRO profile's identity-first rule: the trap for
/// displays that assume item 1 is the identity or apply item 2 alone (reg-profile.md 6.2).
/// </summary>
public static class ThirdFrameRegistration
{
    /// <summary>The third frame used by the library's "both items non-identity" preset: 12 degrees about an oblique axis, off-centre, shifted.</summary>
    public static Matrix4 DefaultThirdFromBase => Matrix4.Rotation(new Vector3(1, -0.5, 0.3), 12, new Vector3(-20, 15, 10)) * Matrix4.Translate(new Vector3(30, -12, 8));

    public static DicomDataset Rewrite(DicomDataset sro, Matrix4 baseFromMoving, Matrix4 thirdFromBase, string thirdFrameOfReferenceUid)
    {
        var ds = sro.Clone();
        var baseFor = ds.GetString(DicomTags.FrameOfReferenceUID);
        var items = ds.GetItems(DicomTags.RegistrationSequence);
        if (items.Count != 2) throw new ArgumentException("the SRO to rewrite must have the two IHE-RO items");
        foreach (var item in items)
        {
            var m = item.GetString(DicomTags.FrameOfReferenceUID) == baseFor ? thirdFromBase : thirdFromBase * baseFromMoving;
            item.GetItem(DicomTags.MatrixRegistrationSequence)!.GetItem(DicomTags.MatrixSequence)!
                .SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, m.ToArray());
        }
        ds.SetString(DicomTags.FrameOfReferenceUID, thirdFrameOfReferenceUid);
        return ds;
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry;

namespace ConformanceKit.Actors.Faults;

/// <summary>
/// Puts one content fault into a copy of an object. For Spatial Registration objects every SRO fault of
/// <see cref="FaultCatalogue"/> applies (reg-profile.md 6 and 8.7); other objects take only
/// <see cref="FaultCatalogue.DroppedAttribute"/>. The original is never changed. Used by the reference SUTs
/// (so that scenarios prove they catch each mistake) and by the harness's own send (negative tests for consumers).
/// </summary>
public static class ObjectFaults
{
    /// <summary>The Type 1 attribute each kind of object loses under <see cref="FaultCatalogue.DroppedAttribute"/> (DCM-IOD-002).</summary>
    public static DicomTag DroppedAttributeOf(string sopClassUid) => sopClassUid switch
    {
        DicomUids.SpatialRegistrationStorage => DicomTags.ContentLabel,        // PS3.3 Table 10-12, also REG-SRO-008
        DicomUids.RTStructureSetStorage => DicomTags.StructureSetLabel,        // PS3.3 C.8.8.5
        _ => DicomTags.ImageType,                                              // CT/MR/PET Image modules: Type 1
    };

    /// <summary>Whether <paramref name="fault"/> changes an object of this class (association faults change none).</summary>
    public static bool Applies(string fault, string sopClassUid) =>
        fault == FaultCatalogue.DroppedAttribute || sopClassUid == DicomUids.SpatialRegistrationStorage && !FaultCatalogue.IsAssociationFault(fault);

    public static DicomDataset Apply(DicomDataset original, string fault)
    {
        if (!FaultCatalogue.IsKnown(fault)) throw new ArgumentException($"unknown fault '{fault}' (one of {string.Join(", ", FaultCatalogue.All)})");
        var ds = original.Clone();
        var sopClass = ds.GetString(DicomTags.SOPClassUID) ?? "";
        if (!Applies(fault, sopClass)) return ds;
        if (fault == FaultCatalogue.DroppedAttribute)
        {
            ds.Remove(DroppedAttributeOf(sopClass));
            return ds;
        }
        var items = ds.GetItems(DicomTags.RegistrationSequence);
        if (items.Count == 0) throw new ArgumentException("the SRO has no Registration Sequence items to put a fault into");
        var registered = ds.GetString(DicomTags.FrameOfReferenceUID);
        var moving = items.FirstOrDefault(i => i.GetString(DicomTags.FrameOfReferenceUID) != registered) ?? items[^1];
        var baseItem = items.FirstOrDefault(i => !ReferenceEquals(i, moving));
        var flip = Matrix4.Scale(-1, -1, 1);
        switch (fault)
        {
            case FaultCatalogue.InvertedMatrix: SetMatrix(moving, MatrixOf(moving).Inverse()); break;
            case FaultCatalogue.TransposedMatrix: SetMatrix(moving, MatrixOf(moving).Transpose()); break;
            case FaultCatalogue.RasCoordinates: SetMatrix(moving, flip * MatrixOf(moving) * flip); break;
            case FaultCatalogue.CmUnits:
                var m = MatrixOf(moving);
                SetMatrix(moving, m.WithTranslation(m.Translation / 10));
                break;
            case FaultCatalogue.Reflection: SetMatrix(moving, MatrixOf(moving) * Matrix4.Scale(1, 1, -1)); break;
            case FaultCatalogue.MissingIdentityItem:
                ds.SetSequence(DicomTags.RegistrationSequence, moving);
                break;
            case FaultCatalogue.MovingFrameOfReference:
                ds.SetString(DicomTags.FrameOfReferenceUID, moving.GetString(DicomTags.FrameOfReferenceUID) ?? "");
                break;
            case FaultCatalogue.MatrixTypeAffine:
                foreach (var item in items) MatrixItem(item).SetString(DicomTags.FrameOfReferenceTransformationMatrixType, "AFFINE");
                break;
            case FaultCatalogue.TwoMatrixItems:
                // M = T * R: the rotation first, then the translation (Matrix Sequence order, PS3.3 C.20.2.1.1), so the
                // product stays right and only the item count is wrong (REG-SRO-021).
                var whole = MatrixOf(moving);
                var registration = moving.GetItem(DicomTags.MatrixRegistrationSequence)!;
                registration.SetSequence(DicomTags.MatrixSequence, MatrixSequenceItem(whole.Linear), MatrixSequenceItem(Matrix4.Translate(whole.Translation)));
                break;
            case FaultCatalogue.WrongReferences:
                // A fault that cannot be put in must say so: a silently unchanged object would make a negative test pass for the wrong reason.
                var baseRefs = baseItem?.GetSequence(DicomTags.ReferencedImageSequence)
                    ?? throw new ArgumentException("the SRO's base item has no Referenced Image Sequence to point the moving item at");
                moving.SetSequence(DicomTags.ReferencedImageSequence, baseRefs.Items.Select(i => i.Clone()).ToArray());
                break;
            case FaultCatalogue.PartialReferences:
                var cut = 0;
                foreach (var series in ds.GetItems(DicomTags.ReferencedSeriesSequence))
                    if (series.GetItems(DicomTags.ReferencedInstanceSequence) is { Count: > 1 } refs)
                    {
                        series.SetSequence(DicomTags.ReferencedInstanceSequence, refs[0]);
                        cut++;
                    }
                if (cut == 0) throw new ArgumentException("the SRO's Referenced Series Sequence lists no series with more than one instance to cut");
                break;
        }
        return ds;
    }

    private static DicomDataset MatrixItem(DicomDataset registrationItem) =>
        registrationItem.GetItem(DicomTags.MatrixRegistrationSequence)?.GetItem(DicomTags.MatrixSequence)
        ?? throw new ArgumentException("a Registration Sequence item has no Matrix Sequence item");

    private static Matrix4 MatrixOf(DicomDataset registrationItem)
    {
        var v = MatrixItem(registrationItem).GetDoubles(DicomTags.FrameOfReferenceTransformationMatrix);
        return v.Length == 16 ? new Matrix4(v) : throw new ArgumentException("a registration matrix does not have 16 values");
    }

    private static void SetMatrix(DicomDataset registrationItem, Matrix4 m) =>
        MatrixItem(registrationItem).SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, m.ToArray());

    private static DicomDataset MatrixSequenceItem(Matrix4 m)
    {
        var item = new DicomDataset();
        item.SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, m.ToArray());
        item.SetString(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID");
        return item;
    }
}

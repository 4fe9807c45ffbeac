using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Registration;

/// <summary>A series taking part in a registration: its Frame of Reference and the images used.</summary>
public sealed record RegisteredSeries(string FrameOfReferenceUid, string StudyInstanceUid, string SeriesInstanceUid, IReadOnlyList<ReferencedImage> Images);

/// <summary>What a Spatial Registration object states: moving set registered onto the fixed (base) set.</summary>
public sealed record SpatialRegistrationContent(
    DicomDataset PatientAndStudySource,
    RegisteredSeries Fixed,
    RegisteredSeries Moving,
    Matrix4 MovingToFixed,
    CodedConcept RegistrationType,
    string ContentLabel = "REGISTRATION",
    string ContentDescription = "",
    string ContentCreatorName = "",
    string? SeriesInstanceUid = null,
    string? SopInstanceUid = null,
    int SeriesNumber = 900,
    DateTime? Created = null,
    string MatrixType = RegistrationMatrix.Rigid);

/// <summary>
/// Writes Spatial Registration SOP instances (PS3.3 A.39.1) the way the IHE-RO MMRO-II profile wants them
/// (reg-profile.md 3.3): the SRO's Frame of Reference is the fixed set's; exactly two Registration Sequence
/// items, the first the identity for the fixed FoR, the second the moving FoR -> fixed FoR matrix; one Matrix
/// Sequence item of type RIGID each; Referenced Image Sequence in each item; Common Instance Reference listing
/// every referenced image under its series; Content Identification complete. DS values fit 16 characters.
/// </summary>
public static class SpatialRegistrationWriter
{
    public static DicomDataset Write(SpatialRegistrationContent c)
    {
        var created = c.Created ?? DateTime.UtcNow;
        var ds = new DicomDataset();
        DicomObjectAttributes.SetCreator(ds, DicomUids.SpatialRegistrationStorage, c.SopInstanceUid ?? DicomUidGenerator.New(), created);
        DicomObjectAttributes.CopyPatientAndStudy(c.PatientAndStudySource, ds);
        DicomObjectAttributes.SetDates(ds, created);
        ds.SetString(DicomTags.Modality, "REG");
        ds.SetEmpty(DicomTags.Laterality); // General Series Type 2C; present and empty as in the IHE-RO reference SROs
        ds.SetString(DicomTags.SeriesInstanceUID, c.SeriesInstanceUid ?? DicomUidGenerator.New());
        ds.SetIntegers(DicomTags.SeriesNumber, c.SeriesNumber);
        ds.SetString(DicomTags.SeriesDescription, "Spatial registration");
        ds.SetString(DicomTags.FrameOfReferenceUID, c.Fixed.FrameOfReferenceUid);
        ds.SetEmpty(DicomTags.PositionReferenceIndicator);
        ds.SetIntegers(DicomTags.InstanceNumber, 1);
        ds.SetString(DicomTags.ContentLabel, c.ContentLabel);
        ds.SetString(DicomTags.ContentDescription, c.ContentDescription);
        ds.SetString(DicomTags.ContentCreatorName, c.ContentCreatorName);
        ds.SetSequence(DicomTags.RegistrationSequence,
            Item(c.Fixed, Matrix4.Identity, c.RegistrationType, c.MatrixType),
            Item(c.Moving, c.MovingToFixed, c.RegistrationType, c.MatrixType));
        SetCommonInstanceReference(ds, c.PatientAndStudySource.GetString(DicomTags.StudyInstanceUID), [c.Fixed, c.Moving]);
        return ds;
    }

    private static DicomDataset Item(RegisteredSeries series, Matrix4 matrix, CodedConcept type, string matrixType)
    {
        var matrixItem = new DicomDataset();
        matrixItem.SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, matrix.ToArray());
        matrixItem.SetString(DicomTags.FrameOfReferenceTransformationMatrixType, matrixType);
        var registration = new DicomDataset();
        registration.SetSequence(DicomTags.RegistrationTypeCodeSequence, DicomObjectAttributes.Code(type.Value, type.Scheme, type.Meaning));
        registration.SetSequence(DicomTags.MatrixSequence, matrixItem);
        var item = new DicomDataset();
        item.SetSequence(DicomTags.ReferencedImageSequence, series.Images.Select(ImageReference).ToArray());
        item.SetString(DicomTags.FrameOfReferenceUID, series.FrameOfReferenceUid);
        item.SetSequence(DicomTags.MatrixRegistrationSequence, registration);
        return item;
    }

    private static DicomDataset ImageReference(ReferencedImage image)
    {
        var r = new DicomDataset()
            .With(DicomTags.ReferencedSOPClassUID, image.SopClassUid)
            .With(DicomTags.ReferencedSOPInstanceUID, image.SopInstanceUid);
        if (image.FrameNumbers.Count > 0) r.SetIntegers(DicomTags.ReferencedFrameNumber, image.FrameNumbers.Select(f => (long)f).ToArray());
        return r;
    }

    /// <summary>
    /// Common Instance Reference module (PS3.3 C.12.2): every referenced instance under its own series; series of
    /// the object's own study in Referenced Series Sequence, others under Studies Containing Other Referenced Instances.
    /// </summary>
    public static void SetCommonInstanceReference(DicomDataset ds, string? ownStudyUid, IEnumerable<RegisteredSeries> series)
    {
        DicomDataset SeriesItem(RegisteredSeries s) => new DicomDataset()
            .SetSequence(DicomTags.ReferencedInstanceSequence, s.Images.Select(ImageReference).ToArray())
            .With(DicomTags.SeriesInstanceUID, s.SeriesInstanceUid);
        var all = series.Where(s => s.Images.Count > 0).GroupBy(s => s.SeriesInstanceUid).Select(g => g.First()).ToList();
        var same = all.Where(s => s.StudyInstanceUid == ownStudyUid).ToList();
        var other = all.Where(s => s.StudyInstanceUid != ownStudyUid).GroupBy(s => s.StudyInstanceUid).ToList();
        if (same.Count > 0) ds.SetSequence(DicomTags.ReferencedSeriesSequence, same.Select(SeriesItem).ToArray());
        if (other.Count > 0)
            ds.SetSequence(DicomTags.StudiesContainingOtherReferencedInstancesSequence, other.Select(g => new DicomDataset()
                .SetSequence(DicomTags.ReferencedSeriesSequence, g.Select(SeriesItem).ToArray())
                .With(DicomTags.StudyInstanceUID, g.Key)).ToArray());
    }
}

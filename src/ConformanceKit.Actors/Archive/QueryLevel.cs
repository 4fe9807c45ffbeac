using ConformanceKit.Dicom;

namespace ConformanceKit.Actors.Archive;

/// <summary>Query/Retrieve Level (0008,0052) of the Study Root information model (PS3.4 C.6.2).</summary>
public enum QueryLevel
{
    Study,
    Series,
    Image,
}

/// <summary>
/// The keys the archive indexes and matches at each level of the Study Root model (PS3.4 Table C.6-5:
/// the study level carries the patient attributes), and the keys it computes.
/// </summary>
public static class StudyRootKeys
{
    public static readonly IReadOnlyList<DicomTag> Study =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber, DicomTags.StudyID, DicomTags.StudyInstanceUID,
        DicomTags.StudyDescription, DicomTags.ReferringPhysicianName,
    ];

    public static readonly IReadOnlyList<DicomTag> Series =
    [
        DicomTags.Modality, DicomTags.SeriesNumber, DicomTags.SeriesInstanceUID, DicomTags.SeriesDescription, DicomTags.SeriesDate,
        DicomTags.SeriesTime, DicomTags.FrameOfReferenceUID, DicomTags.BodyPartExamined, DicomTags.Manufacturer,
    ];

    public static readonly IReadOnlyList<DicomTag> Image =
    [
        DicomTags.SOPInstanceUID, DicomTags.SOPClassUID, DicomTags.InstanceNumber, DicomTags.ContentLabel, DicomTags.ContentDescription,
        DicomTags.ContentDate, DicomTags.ContentTime, DicomTags.ContentCreatorName, DicomTags.ImageType, DicomTags.AcquisitionNumber,
    ];

    /// <summary>Computed over what is stored (PS3.4 C.6.2.1.2 and C.3.4).</summary>
    public static readonly IReadOnlyList<DicomTag> Computed =
    [
        DicomTags.ModalitiesInStudy, DicomTags.SOPClassesInStudy, DicomTags.NumberOfStudyRelatedSeries,
        DicomTags.NumberOfStudyRelatedInstances, DicomTags.NumberOfSeriesRelatedInstances,
    ];

    public static QueryLevel? Parse(string? text) => text?.Trim() switch
    {
        "STUDY" => QueryLevel.Study,
        "SERIES" => QueryLevel.Series,
        "IMAGE" => QueryLevel.Image,
        _ => null,
    };

    public static string Name(QueryLevel level) => level switch
    {
        QueryLevel.Study => "STUDY",
        QueryLevel.Series => "SERIES",
        _ => "IMAGE",
    };
}

namespace ConformanceKit.Dicom.Network;

/// <summary>SOP classes by the service they belong to, from the UID registry (PS3.6 Table A-1, PS3.4 Annexes B and C).</summary>
public static class SopClassGroups
{
    private static readonly Lazy<HashSet<string>> Storage = new(() => DicomUidRegistry.All
        .Where(u => u.Type == "SOP Class" && u.Name.Contains("Storage", StringComparison.Ordinal)
                    && !u.Name.Contains("Storage Commitment", StringComparison.Ordinal)
                    && !u.Name.StartsWith("Media Storage Directory", StringComparison.Ordinal))
        .Select(u => u.Uid).ToHashSet(StringComparer.Ordinal));

    /// <summary>Every Storage Service Class SOP class the registry knows (C-STORE).</summary>
    public static IReadOnlyCollection<string> StorageClasses => Storage.Value;

    public static bool IsStorage(string sopClassUid) => Storage.Value.Contains(sopClassUid);

    /// <summary>Query/Retrieve information models for C-FIND (PS3.4 C.6).</summary>
    public static readonly IReadOnlyList<string> FindModels =
        [DicomUids.PatientRootQueryRetrieveInformationModelFind, DicomUids.StudyRootQueryRetrieveInformationModelFind];

    public static readonly IReadOnlyList<string> MoveModels =
        [DicomUids.PatientRootQueryRetrieveInformationModelMove, DicomUids.StudyRootQueryRetrieveInformationModelMove];

    public static readonly IReadOnlyList<string> GetModels =
        [DicomUids.PatientRootQueryRetrieveInformationModelGet, DicomUids.StudyRootQueryRetrieveInformationModelGet];

    /// <summary>
    /// Storage classes an SCU that retrieves with C-GET offers to receive by default: the objects of the IHE-RO
    /// Image Registration profile and the common image types (a C-GET SCU must name each one, at most 128 contexts).
    /// </summary>
    public static readonly IReadOnlyList<string> CommonRetrieveStorage =
    [
        DicomUids.CTImageStorage, DicomUids.MRImageStorage, DicomUids.PositronEmissionTomographyImageStorage,
        DicomUids.SpatialRegistrationStorage, DicomUids.DeformableSpatialRegistrationStorage,
        DicomUids.RTStructureSetStorage, DicomUids.RTDoseStorage, DicomUids.RTPlanStorage, DicomUids.RTImageStorage,
        DicomUids.SecondaryCaptureImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.EnhancedMRImageStorage,
        DicomUids.ComputedRadiographyImageStorage, DicomUids.DigitalXRayImageStorageForPresentation,
        DicomUids.UltrasoundImageStorage, DicomUids.NuclearMedicineImageStorage, DicomUids.SegmentationStorage,
        DicomUids.EncapsulatedPDFStorage, DicomUids.GrayscaleSoftcopyPresentationStateStorage,
    ];
}

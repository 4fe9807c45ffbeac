using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry;

/// <summary>
/// Attribute groups every object written by this layer shares: Patient (PS3.3 C.7.1.1), General Study
/// (C.7.2.1), General Equipment (C.7.5.1) and SOP Common (C.12.1). Objects made from a series keep its
/// patient and study, as REG-SRO-004/005 and REG-IMG-009 require.
/// </summary>
public static class DicomObjectAttributes
{
    /// <summary>Patient and General Study attributes (Type 1 and 2 ones always present afterwards).</summary>
    public static readonly DicomTag[] PatientAndStudy =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName,
        DicomTags.StudyID, DicomTags.AccessionNumber, DicomTags.StudyDescription,
    ];

    /// <summary>Copies patient and study from <paramref name="source"/>; Type 2 attributes absent there are written empty.</summary>
    public static void CopyPatientAndStudy(DicomDataset source, DicomDataset target)
    {
        foreach (var tag in PatientAndStudy)
        {
            if (source[tag] is { } e) target.Set(e.Clone());
            else if (tag != DicomTags.StudyDescription) target.SetEmpty(tag);
        }
    }

    /// <summary>SOP Common and General Equipment values for an object ConformanceKit creates.</summary>
    public static void SetCreator(DicomDataset ds, string sopClassUid, string sopInstanceUid, DateTime created)
    {
        ds.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, sopClassUid);
        ds.SetString(DicomTags.SOPInstanceUID, sopInstanceUid);
        ds.SetString(DicomTags.InstanceCreationDate, DicomValueCodec.FormatDate(DateOnly.FromDateTime(created)));
        ds.SetString(DicomTags.InstanceCreationTime, DicomValueCodec.FormatTime(TimeOnly.FromDateTime(created)));
        ds.SetString(DicomTags.Manufacturer, "ConformanceKit");
        ds.SetString(DicomTags.ManufacturerModelName, "ConformanceKit Geometry");
        ds.SetString(DicomTags.SoftwareVersions, typeof(DicomObjectAttributes).Assembly.GetName().Version?.ToString(3) ?? "0");
    }

    /// <summary>Series Date/Time and Content Date/Time set to <paramref name="when"/>.</summary>
    public static void SetDates(DicomDataset ds, DateTime when, bool series = true, bool content = true)
    {
        var d = DicomValueCodec.FormatDate(DateOnly.FromDateTime(when));
        var t = DicomValueCodec.FormatTime(TimeOnly.FromDateTime(when));
        if (series) { ds.SetString(DicomTags.SeriesDate, d); ds.SetString(DicomTags.SeriesTime, t); }
        if (content) { ds.SetString(DicomTags.ContentDate, d); ds.SetString(DicomTags.ContentTime, t); }
    }

    /// <summary>A Code Sequence Macro item (PS3.3 Table 8.8-1).</summary>
    public static DicomDataset Code(string value, string scheme, string meaning) => new DicomDataset()
        .With(DicomTags.CodeValue, value).With(DicomTags.CodingSchemeDesignator, scheme).With(DicomTags.CodeMeaning, meaning);
}

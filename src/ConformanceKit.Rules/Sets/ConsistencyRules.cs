using ConformanceKit.Dicom;
using static ConformanceKit.Rules.Catalogue.DicomRules;

namespace ConformanceKit.Rules.Sets;

/// <summary>DCM-SET-001..004: the information-entity attributes objects of one patient, study or series must share (PS3.3 C.7).</summary>
public static class ConsistencyRules
{
    public static void Check(SetIndex set, FindingSink sink)
    {
        var seen = new Dictionary<string, ObjectSummary>(StringComparer.Ordinal);
        foreach (var o in set.Objects)
        {
            if (o.SopInstanceUid is not { } uid) continue;
            if (seen.TryGetValue(uid, out var first))
                sink.Report(DuplicateInstance, o.Ref, AttributePath.Root.Child(DicomTags.SOPInstanceUID).ToString(),
                    "another object in the set has the same SOP Instance UID", found: uid, expected: $"unique (also in {first.Ref.File ?? first.Ref.Label})");
            else seen[uid] = o;
        }

        foreach (var (id, objects) in set.ByPatient)
        {
            if (id.Length == 0) continue;
            Compare(objects, sink, PatientDisagrees, DicomTags.PatientName, o => o.Patient.Name, $"Patient ID {id}");
            Compare(objects, sink, PatientDisagrees, DicomTags.PatientBirthDate, o => o.Patient.BirthDate, $"Patient ID {id}");
            Compare(objects, sink, PatientDisagrees, DicomTags.PatientSex, o => o.Patient.Sex, $"Patient ID {id}");
        }

        foreach (var group in set.Objects.Where(o => o.Study.InstanceUid is not null).GroupBy(o => o.Study.InstanceUid!, StringComparer.Ordinal))
        {
            var objects = group.ToList();
            var what = $"study {group.Key}";
            Compare(objects, sink, StudyDisagrees, DicomTags.PatientID, o => o.Patient.Id, what);
            Compare(objects, sink, StudyDisagrees, DicomTags.StudyDate, o => o.Study.Date, what);
            Compare(objects, sink, StudyDisagrees, DicomTags.StudyTime, o => o.Study.Time, what);
            Compare(objects, sink, StudyDisagrees, DicomTags.StudyID, o => o.Study.Id, what);
            Compare(objects, sink, StudyDisagrees, DicomTags.AccessionNumber, o => o.Study.AccessionNumber, what);
            Compare(objects, sink, StudyDisagrees, DicomTags.ReferringPhysicianName, o => o.Study.ReferringPhysician, what);
        }

        foreach (var (series, objects) in set.BySeries)
        {
            var what = $"series {series}";
            Compare(objects, sink, SeriesDisagrees, DicomTags.StudyInstanceUID, o => o.Study.InstanceUid, what);
            Compare(objects, sink, SeriesDisagrees, DicomTags.PatientID, o => o.Patient.Id, what);
            Compare(objects, sink, SeriesDisagrees, DicomTags.Modality, o => o.Modality, what);
        }
    }

    /// <summary>Reports every object whose value differs from the first object's (in set order) for the attribute.</summary>
    public static void Compare(IReadOnlyList<ObjectSummary> objects, FindingSink sink, RuleDefinition rule, DicomTag tag, Func<ObjectSummary, string?> value, string scope)
    {
        if (objects.Count < 2) return;
        var reference = objects[0];
        var expected = value(reference) ?? "";
        foreach (var o in objects.Skip(1))
        {
            var found = value(o) ?? "";
            if (string.Equals(found, expected, StringComparison.Ordinal)) continue;
            sink.Report(rule, o.Ref, AttributePath.Root.Child(tag).ToString(), $"differs within {scope}",
                found: found.Length == 0 ? "(empty)" : found, expected: $"{(expected.Length == 0 ? "(empty)" : expected)} (as in {reference.Ref.File ?? reference.Ref.Label})");
        }
    }
}

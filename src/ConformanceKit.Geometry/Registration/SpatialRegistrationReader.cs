using ConformanceKit.Dicom;

namespace ConformanceKit.Geometry.Registration;

/// <summary>
/// Reads the Spatial Registration module (PS3.3 C.20.2) into a <see cref="SpatialRegistration"/>. It never throws
/// for bad content: what cannot be read is listed in <see cref="SpatialRegistration.Problems"/> with its location,
/// and the Rules layer decides what that means.
/// </summary>
public static class SpatialRegistrationReader
{
    public static SpatialRegistration Read(DicomDataset ds)
    {
        var problems = new List<string>();
        var items = new List<RegistrationItem>();
        var registrations = ds.GetItems(DicomTags.RegistrationSequence);
        if (registrations.Count == 0) problems.Add("Registration Sequence (0070,0308) is missing or empty");
        for (var i = 0; i < registrations.Count; i++)
            items.Add(ReadItem(registrations[i], i + 1, problems));
        return new SpatialRegistration(
            ds.GetString(DicomTags.SOPInstanceUID), ds.GetString(DicomTags.SeriesInstanceUID),
            ds.GetString(DicomTags.StudyInstanceUID), NullIfEmpty(ds.GetString(DicomTags.FrameOfReferenceUID)), items, problems);
    }

    private static RegistrationItem ReadItem(DicomDataset item, int index, List<string> problems)
    {
        var where = $"Registration Sequence item {index}";
        var images = item.GetItems(DicomTags.ReferencedImageSequence)
            .Select(r => new ReferencedImage(r.GetString(DicomTags.ReferencedSOPClassUID) ?? "", r.GetString(DicomTags.ReferencedSOPInstanceUID) ?? "",
                SafeInts(r, DicomTags.ReferencedFrameNumber, $"{where} Referenced Frame Number (0008,1160)", problems)))
            .ToList();
        var matrixRegistrations = item.GetItems(DicomTags.MatrixRegistrationSequence);
        var matrices = new List<RegistrationMatrix>();
        CodedConcept? type = null;
        string? comment = null;
        if (matrixRegistrations.Count == 0) problems.Add($"{where}: Matrix Registration Sequence (0070,0309) is missing or empty");
        if (matrixRegistrations.Count > 0)
        {
            var mr = matrixRegistrations[0];
            comment = mr.GetString(DicomTags.FrameOfReferenceTransformationComment);
            if (mr.GetItem(DicomTags.RegistrationTypeCodeSequence) is { } code)
                type = new CodedConcept(code.GetString(DicomTags.CodeValue) ?? "", code.GetString(DicomTags.CodingSchemeDesignator) ?? "", code.GetString(DicomTags.CodeMeaning) ?? "");
            var seq = mr.GetItems(DicomTags.MatrixSequence);
            if (seq.Count == 0) problems.Add($"{where}: Matrix Sequence (0070,030A) is missing or empty");
            for (var m = 0; m < seq.Count; m++)
                if (ReadMatrix(seq[m], $"{where} Matrix Sequence item {m + 1}", problems) is { } rm) matrices.Add(rm);
        }
        return new RegistrationItem(index, NullIfEmpty(item.GetString(DicomTags.FrameOfReferenceUID)), images, matrices, type, comment, matrixRegistrations.Count);
    }

    private static RegistrationMatrix? ReadMatrix(DicomDataset m, string where, List<string> problems)
    {
        var raw = m.GetStrings(DicomTags.FrameOfReferenceTransformationMatrix);
        var type = NullIfEmpty(m.GetString(DicomTags.FrameOfReferenceTransformationMatrixType));
        if (raw.Length != 16)
        {
            problems.Add($"{where}: Frame of Reference Transformation Matrix (3006,00C6) has {raw.Length} values, not 16");
            return null;
        }
        var values = new double[16];
        for (var k = 0; k < 16; k++)
        {
            try { values[k] = DicomValueCodec.ParseDecimal(raw[k], DicomTags.FrameOfReferenceTransformationMatrix); }
            catch (FormatException)
            {
                problems.Add($"{where}: Frame of Reference Transformation Matrix (3006,00C6) value {k + 1} '{raw[k]}' is not a decimal number");
                return null;
            }
        }
        return new RegistrationMatrix(new Matrix4(values), type, raw);
    }

    private static int[] SafeInts(DicomDataset ds, DicomTag tag, string where, List<string> problems)
    {
        try { return ds.GetLongs(tag).Select(v => (int)Math.Clamp(v, int.MinValue, int.MaxValue)).ToArray(); }
        catch (FormatException e) { problems.Add($"{where}: {e.Message}"); return []; }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

using System.Globalization;
using System.Text;
using ConformanceKit.Dicom;
using ConformanceKit.Rules.Tables;
using ConformanceKit.Rules.Tests.Fixtures;

namespace ConformanceKit.Rules.Tests;

/// <summary>
/// The tables (written from the current PS3.3) against the IHE-RO test tool's DVTk definitions (DICOM 2011):
/// every attribute the definitions have and the tables lack is listed, and each must be covered by a
/// justified exception below.
/// </summary>
public class TableCompletenessTests
{
    private static string? DefinitionsFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "dvtk-definitions");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Directory.Exists("/work/shared/reference/dvtk-definitions") ? "/work/shared/reference/dvtk-definitions" : null;
    }

    private static readonly (string File, string Iod)[] Pairs =
    [
        ("spatial-registration-storage.def", "SpatialRegistration"), ("ct-image-storage.def", "CtImage"), ("mr-image-storage.def", "MrImage"),
        ("pet-image-storage.def", "PetImage"), ("rt-structure-set-storage.def", "RtStructureSet"), ("rt-dose-storage.def", "RtDose"),
    ];

    /// <summary>Modules of the 2011 definitions the tables do not model, and why.</summary>
    private static readonly Dictionary<string, string> ModuleExceptions = new(StringComparer.Ordinal)
    {
        ["Specimen Module"] = "U module (specimens for pathology imaging); REG does not use it. Its values are still checked by the PS3.5 value checks.",
        ["Device Module"] = "U module (devices in the field of view); REG does not use it. Values still checked by the PS3.5 value checks.",
        ["Overlay Plane Module"] = "U module in repeating group 60xx; REG does not use overlays. Values still checked by the PS3.5 value checks.",
        ["Multi-Frame Overlay Module"] = "U module in repeating group 60xx (2011 RT Dose); not in the current RT Dose IOD.",
        ["Modality LUT Module"] = "listed in the 2011 RT Dose IOD; the current PS3.3 A.18.3-1 has no Modality LUT module (Dose Grid Scaling scales the values).",
        ["Structure Set Module"] = "listed as C in the 2011 RT Dose IOD; retired from the current RT Dose IOD (A.18.3-1).",
        ["ROI Contour Module"] = "listed as C in the 2011 RT Dose IOD; retired from the current RT Dose IOD (A.18.3-1).",
        ["RT Dose ROI Module"] = "retired from the current RT Dose IOD (A.18.3-1).",
    };

    /// <summary>Sequences whose nested content the tables do not model, and why (a missing path under one of them is covered).</summary>
    private static readonly Dictionary<string, string> SubtreeExceptions = new(StringComparer.Ordinal)
    {
        ["EquivalentCodeSequence/EquivalentCodeSequence"] = "not a nesting PS3.3 defines",
        ["AcquisitionContextSequence"] = "Content Item macro content (PS3.3 10.2): a generic name/value tree, judged by the value checks only.",
        ["ProtocolContextSequence"] = "Content Item macro content (PS3.3 10.2) inside Type 3 workflow macros.",
        ["ContentItemModifierSequence"] = "Content Item macro content (PS3.3 10.2).",
        ["ReferencedPatientPhotoSequence"] = "Type 3 reference to a photo (Hierarchical SOP Instance Reference macro); REG does not use it.",
        ["IconImageSequence"] = "Type 3 icon image (Image Pixel macro inside); REG does not use it.",
        ["RealWorldValueMappingSequence"] = "Type 3; REG does not use real-world value maps.",
        ["ReferencedPerformedProcedureStepSequence"] = "Type 3 workflow reference; the SOP Instance Reference macro content is the same everywhere.",
        ["DigitalSignaturesSequence"] = "Type 3 digital signature macro (PS3.3 C.12.1.1.3); not judged by REG.",
        ["MACParametersSequence"] = "Type 3 digital signature macro (PS3.3 C.12.1.1.3); not judged by REG.",
        ["EncryptedAttributesSequence"] = "encrypted content cannot be judged.",
        ["OriginalAttributesSequence"] = "Type 3 audit trail of modified attributes; not judged by REG.",
        ["HL7StructuredDocumentReferenceSequence"] = "HL7 document references; REG has none.",
        ["ContextGroupIdentificationSequence"] = "Type 3 private context group identification; not judged by REG.",
        ["MappingResourceIdentificationSequence"] = "Type 3 mapping resource identification; not judged by REG.",
        ["CodingSchemeIdentificationSequence/CodingSchemeResourcesSequence"] = "Type 3 nested resource list; not judged by REG.",
        ["ContributingEquipmentSequence"] = "nested items beyond Purpose of Reference and Manufacturer are Type 3 descriptive text, checked as values.",
        ["ScheduledProtocolCodeSequence"] = "Type 3 workflow codes in Request Attributes; Code Sequence macro content checked as values.",
        ["PerformedProtocolCodeSequence"] = "Type 3 workflow codes in PPS summary; Code Sequence macro content checked as values.",
        ["RadiopharmaceuticalInformationSequence"] = "2011 PET Isotope nested codes (Radiopharmaceutical Code Sequence etc.) beyond the ones REG needs; Code Sequence macro content checked as values.",
        ["InterventionDrugInformationSequence"] = "Type 3 PET intervention drug details; not judged by REG.",
        ["UDISequence"] = "Type 3 device identifiers; not judged by REG.",
        ["GroupOfPatientsIdentificationSequence"] = "Type 3 group identification; not judged by REG.",
        ["SourcePatientGroupIdentificationSequence"] = "Type 3 group identification; not judged by REG.",
        ["StrainStockSequence"] = "Type 3 animal strain detail; REG is human imaging.",
        ["GeneticModificationsSequence"] = "Type 3 animal genetics; REG is human imaging.",
        ["PrivateDataElementCharacteristicsSequence"] = "Type 3 private element descriptions; not judged by REG.",
        ["ConversionSourceAttributesSequence"] = "legacy conversion reference; REG objects are not converted.",
        ["CTAdditionalXRaySourceSequence"] = "Type 3 dual-source CT detail; not judged by REG.",
        ["ROIInterpreterSequence"] = "newer than this build's PS3.6 dictionary.",
        ["UsedSegmentsSequence"] = "newer Type 3 segmentation reference; its SOP Instance Reference content is modelled.",
        ["ReferencedDefinedProtocolSequence"] = "protocol references; not judged by REG.",
        ["ReferencedPerformedProtocolSequence"] = "protocol references; not judged by REG.",
    };

    /// <summary>Attributes of one definition file the tables do not model there (file, first keyword of the path, why).</summary>
    private static readonly (string File, string[] Keywords, string Why)[] FileExceptions =
    [
        ("rt-dose", ["AcquisitionDate", "AcquisitionTime", "AcquisitionDateTime", "AcquisitionNumber", "ImagesInAcquisition", "IrradiationEventUID",
                     "ReferencedImageSequence", "SourceImageSequence", "DerivationDescription", "ReferencedInstanceSequence", "DerivationCodeSequence"],
            "in the 2011 General Image module; the current standard moved it to the General Acquisition or General Reference module, which the current RT Dose IOD (PS3.3 A.18.3-1) does not include"),
        (".def", ["ViewCodeSequence", "SliceProgressionDirection", "TableTopLateralPosition", "TableTopLongitudinalPosition", "TableTopPitchAngle",
                  "TableTopRollAngle", "PatientSupportAngle", "IsocenterPosition", "TableTopVerticalPosition"],
            "Type 3 view and table positioning description; REG takes geometry from the Image Plane module only (PS3.3 C.7.6.2), so the tables leave these out; their values are still checked by the PS3.5 value checks"),
        ("rt-structure-set", ["RTROIObservationsSequence/PurposeOfReferenceCodeSequence"],
            "2011 nesting of the RT ROI Observations module that the current PS3.3 C.8.8.8 no longer has at this place"),
    ];

    private static HashSet<string> TablePaths(IodDefinition iod)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Walk(IEnumerable<AttributeDefinition> attrs, string prefix)
        {
            foreach (var a in attrs)
            {
                var key = prefix + a.Tag.Value.ToString("X8", CultureInfo.InvariantCulture);
                if (!set.Add(key)) continue;
                Walk(a.Children, key + "/");
            }
        }
        foreach (var use in iod.Modules) Walk(use.Module.Attributes, "");
        return set;
    }

    private static string? Justification(string file, DvtkAttribute a)
    {
        foreach (var (f, keywords, why) in FileExceptions)
            if (file.Contains(f, StringComparison.Ordinal) && keywords.Any(k => a.Describe == k || a.Describe.StartsWith(k + "/", StringComparison.Ordinal)))
                return why;
        if (ModuleExceptions.TryGetValue(a.Module, out var m)) return m;
        if (a.Path.Any(t => DicomDictionary.Find(t) is { Retired: true })) return "retired in the current PS3.6; the tables follow the current standard";
        if (a.Path.Any(t => DicomDictionary.Find(t) is null)) return "not in this build's PS3.6 dictionary";
        var names = a.Describe;
        foreach (var (subtree, why) in SubtreeExceptions)
            if (names == subtree || names.StartsWith(subtree + "/", StringComparison.Ordinal) || names.Contains("/" + subtree + "/", StringComparison.Ordinal) || names.EndsWith("/" + subtree, StringComparison.Ordinal))
                return why;
        return null;
    }

    [Test]
    public void EveryDvtkAttributeTheTablesLackIsJustified()
    {
        var folder = DefinitionsFolder();
        if (folder is null) Assert.Ignore("shared/reference/dvtk-definitions is not present");
        var report = new StringBuilder();
        var unjustified = new List<string>();
        var total = 0;
        foreach (var (file, iodId) in Pairs)
        {
            var iod = TableLibrary.Default.Iods[iodId];
            var ours = TablePaths(iod);
            var theirs = DvtkDefinition.Parse(Path.Combine(folder, file));
            Assert.That(theirs.Count, Is.GreaterThan(50), $"{file} parsed to almost nothing");
            total += theirs.Count;
            report.AppendLine($"== {file} ({theirs.Count} attribute paths) vs {iod.Name} ({ours.Count} paths)");
            foreach (var a in theirs.Where(a => !ours.Contains(a.Key)).DistinctBy(a => a.Key))
            {
                var why = Justification(file, a);
                report.AppendLine($"  {a.Describe} [{a.Module}, type {a.Type}] -> {why ?? "NOT JUSTIFIED"}");
                if (why is null) unjustified.Add($"{file}: {a.Describe} [{a.Module}, type {a.Type}]");
            }
        }
        var artefact = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dvtk-table-comparison.txt");
        File.WriteAllText(artefact, report.ToString());
        TestContext.AddTestAttachment(artefact, "attributes of the DVTk definitions the tables lack, with the reason");
        Assert.That(unjustified, Is.Empty, string.Join('\n', unjustified.Take(200)));
    }
}

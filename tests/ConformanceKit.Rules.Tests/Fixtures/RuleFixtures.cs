using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Display;
using ConformanceKit.Rules.Exchange;
using ConformanceKit.Rules.Validation;
using static ConformanceKit.Rules.Tests.Fixtures.RuleFixture;

namespace ConformanceKit.Rules.Tests.Fixtures;

/// <summary>At least one fixture per rule of the catalogue (a rule no fixture can fire is a defect).</summary>
public static class RuleFixtures
{
    private const ProfileMode Gen = ProfileMode.Gen;
    private const ProfileMode MmroIII = ProfileMode.MmroIII;

    private static DicomFile FileOf(string name, DicomDataset ds) =>
        new(DicomFileMeta.Build(ds, DicomTransferSyntax.ExplicitVRLittleEndian), ds, DicomTransferSyntax.ExplicitVRLittleEndian) { Path = name, HasPart10Header = true };

    private static IEnumerable<DicomFile> Plus(Study s, params DicomFile[] extra) => s.Files().Concat(extra);

    private static IEnumerable<DicomFile> Replace(Study s, string name, Func<DicomFile, DicomFile> change) =>
        s.Files().Select(f => f.Path == name ? change(f) : f);

    private static string NewUid(string what) => DicomUidGenerator.FromSeed("rule-fixture/" + what);

    private static IReadOnlyList<Sets.ObjectSummary> Summaries(Study s) =>
        s.Objects().Select(o => ObjectSummarizer.Summarize(o.Dataset, ObjectValidator.RefOf(o.Dataset, o.Name))).ToList();

    public static IEnumerable<RuleFixture> All()
    {
        // ---- DCM-FILE ----
        yield return new RuleFixture("DCM-FILE-001", Gen, "a file that is not DICOM", m =>
        {
            var study = Study.Phantom();
            var sources = study.Files().Select(f => new ObjectSource(f.Path!, () => f))
                .Append(new ObjectSource("notes.txt", () => DicomFileReader.Read("not a DICOM file, just some words"u8.ToArray())));
            return new FileSetValidator(new ValidationOptions { Mode = m, Parallelism = 1 }).Validate(sources).Findings.ToList();
        }, []);
        yield return InSet("DCM-FILE-002", "odd-length value read back from bytes", _ => { }, Gen,
            files: s => Replace(s, "CT1.dcm", f =>
            {
                f.Dataset.SetBytes(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ABC"u8.ToArray());
                return DicomFileReader.Read(DicomFileWriter.Encode(f)) is var r ? new DicomFile(r.FileMetaInformation, r.Dataset, r.TransferSyntax) { Path = "CT1.dcm", HasPart10Header = true, Issues = r.Issues } : f;
            }));
        yield return InSet("DCM-FILE-003", "Media Storage SOP Instance UID differs from SOP Instance UID", _ => { }, Gen,
            files: s => Replace(s, "CT1.dcm", f => { f.FileMetaInformation.With(DicomTags.MediaStorageSOPInstanceUID, NewUid("meta")); return f; }));
        yield return InSet("DCM-FILE-004", "raw dataset without Part 10 header", _ => { }, Gen,
            files: s => Replace(s, "CT1.dcm", f => new DicomFile(new DicomDataset(), f.Dataset, f.TransferSyntax) { Path = f.Path, HasPart10Header = false }));

        // ---- DCM-IOD ----
        yield return InSet("DCM-IOD-001", "a Secondary Capture object (no IOD table here)", _ => { }, Gen,
            files: s => Plus(s, FileOf("SC.dcm", new DicomDataset().With(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7").With(DicomTags.SOPInstanceUID, NewUid("sc")))));
        yield return InSet("DCM-IOD-002", "RT Structure Set without Structure Set Label", s => s.StructureSet.Remove(DicomTags.StructureSetLabel), Gen);
        yield return InSet("DCM-IOD-003", "CT without Slice Thickness (Type 2)", s => s.Ct[0].Remove(DicomTags.SliceThickness), Gen);
        yield return InSet("DCM-IOD-004", "Pixel Padding Range Limit without Pixel Padding Value", s => s.Ct[0].SetInt16(DicomTags.PixelPaddingRangeLimit, -1000), Gen);
        yield return InSet("DCM-IOD-005", "Referenced Series Sequence although the SRO references no instance", s =>
        {
            foreach (var item in s.SroMr.GetItems(DicomTags.RegistrationSequence)) item.Remove(DicomTags.ReferencedImageSequence);
        }, Gen);
        yield return InSet("DCM-IOD-006", "Dose Units not an Enumerated Value", s => s.Dose.With(DicomTags.DoseUnits, "CGY"), Gen);
        yield return InSet("DCM-IOD-007", "ROI Generation Algorithm not a Defined Term", s =>
            s.StructureSet.Item(DicomTags.StructureSetROISequence).With(DicomTags.ROIGenerationAlgorithm, "GUESSED"), Gen);
        yield return InSet("DCM-IOD-008", "two items where one is allowed", s =>
            s.Ct[0].SetSequence(DicomTags.AnatomicRegionSequence, Code("T-A0100", "SRT", "Brain"), Code("T-D1100", "SRT", "Head")), Gen);
        yield return InSet("DCM-IOD-009", "Pixel Data shorter than Rows x Columns", s =>
            s.Ct[0].SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[100]), Gen);

        // ---- DCM-VR ----
        yield return InSet("DCM-VR-001", "DS of 19 characters", s => s.Ct[0].SetRaw(DicomTags.SliceThickness, DicomVR.DS, "2.75000000000000001"), Gen);
        yield return InSet("DCM-VR-002", "control character in SH", s => s.Ct[0].SetRaw(DicomTags.StationName, DicomVR.SH, "ST\u0001N"), Gen);
        yield return InSet("DCM-VR-003", "DA with month 13", s => s.Ct[0].SetRaw(DicomTags.ContentDate, DicomVR.DA, "20241301"), Gen);
        yield return InSet("DCM-VR-004", "UI component with a leading zero", s => s.Ct[0].SetRaw(DicomTags.IrradiationEventUID, DicomVR.UI, "1.2.03.4"), Gen);
        yield return InSet("DCM-VR-005", "CS in lower case", s => s.Ct[0].SetRaw(DicomTags.ScanOptions, DicomVR.CS, "helical"), Gen);
        yield return InSet("DCM-VR-006", "ROI Display Color with two values", s =>
            s.StructureSet.Item(DicomTags.ROIContourSequence).SetIntegers(DicomTags.ROIDisplayColor, 255, 0), Gen);
        yield return InSet("DCM-VR-007", "Station Name encoded as LO", s => s.Ct[0].SetString(DicomTags.StationName, "CT1", DicomVR.LO), Gen);
        yield return InSet("DCM-VR-008", "US value of three bytes", s => s.Ct[0].SetBytes(DicomTags.SmallestImagePixelValue, DicomVR.US, new byte[] { 1, 0, 0 }), Gen);
        yield return InSet("DCM-VR-009", "standard attribute encoded as UN", s => s.Ct[0].SetBytes(DicomTags.StationName, DicomVR.UN, "CT1 "u8.ToArray()), Gen);

        // ---- DCM-SET ----
        yield return InSet("DCM-SET-001", "a second object with a CT's SOP Instance UID", _ => { }, Gen,
            files: s =>
            {
                var copy = s.Ct[0].Clone();
                var p = copy.GetDoubles(DicomTags.ImagePositionPatient);
                copy.SetDecimals(DicomTags.ImagePositionPatient, p[0], p[1], p[2] + 1000);
                return Plus(s, FileOf("CT1-copy.dcm", copy));
            });
        yield return InSet("DCM-SET-002", "Patient's Name differs on one MR image", s => s.Mr[2].With(DicomTags.PatientName, "Other^Name"));
        yield return InSet("DCM-SET-003", "Study ID differs on one MR image", s => s.Mr[2].With(DicomTags.StudyID, "99"));
        yield return InSet("DCM-SET-004", "one MR image of the series says OT", s => s.Mr[2].With(DicomTags.Modality, "OT"), Gen);

        foreach (var f in SroFixtures()) yield return f;
        foreach (var f in ImageFixtures()) yield return f;
        foreach (var f in RtFixtures()) yield return f;
        foreach (var f in EvidenceFixtures()) yield return f;
    }

    private static DicomDataset Code(string value, string scheme, string meaning) =>
        new DicomDataset().With(DicomTags.CodeValue, value).With(DicomTags.CodingSchemeDesignator, scheme).With(DicomTags.CodeMeaning, meaning);

    private static DicomDataset Item2(Study s) => s.SroMr.Item(DicomTags.RegistrationSequence, 2);

    private static Matrix4 MatrixOf(DicomDataset sro, int item) => new(sro.MatrixItem(item).GetDoubles(DicomTags.FrameOfReferenceTransformationMatrix));

    private static IEnumerable<RuleFixture> SroFixtures()
    {
        yield return InSet("REG-SRO-001", "Deformable Spatial Registration SOP Class", s => s.SroMr.With(DicomTags.SOPClassUID, DicomUids.DeformableSpatialRegistrationStorage),
            also: ["DCM-IOD-001"]);
        yield return InSet("REG-SRO-002", "Modality OT", s => s.SroMr.With(DicomTags.Modality, "OT"), also: ["DCM-IOD-006"]);
        yield return InSet("REG-SRO-003", "SRO in the CT series", s => s.SroMr.With(DicomTags.SeriesInstanceUID, s.Ct[0].GetString(DicomTags.SeriesInstanceUID)!),
            also: ["DCM-SET-004"]);
        yield return InSet("REG-SRO-004", "SRO Patient's Name differs from the images", s => s.SroMr.With(DicomTags.PatientName, "Other^Name"), also: ["DCM-SET-002"]);
        yield return InSet("REG-SRO-005", "SRO Study Description differs from the images'", s => s.SroMr.With(DicomTags.StudyDescription, "other"));
        yield return InSet("REG-SRO-006", "empty Manufacturer", s => s.SroMr.SetEmpty(DicomTags.Manufacturer));
        yield return InSet("REG-SRO-007", "Content Time absent", s => s.SroMr.Remove(DicomTags.ContentTime), also: ["DCM-IOD-002"]);
        yield return InSet("REG-SRO-008", "Content Label in lower case", s => s.SroMr.SetRaw(DicomTags.ContentLabel, DicomVR.CS, "mr to ct"), also: ["DCM-VR-005"]);
        yield return InSet("REG-SRO-009", "Content Creator's Name absent", s => s.SroMr.Remove(DicomTags.ContentCreatorName), also: ["DCM-IOD-003"]);
        yield return InSet("REG-SRO-010", "Position Reference Indicator absent", s => s.SroMr.Remove(DicomTags.PositionReferenceIndicator), also: ["DCM-IOD-003"]);
        yield return InSet("REG-SRO-011", "SRO Frame of Reference is no image set's", s => s.SroMr.With(DicomTags.FrameOfReferenceUID, NewUid("for")),
            also: ["REG-SRO-013"]);
        yield return InSet("REG-SRO-012", "one registration item only", s => s.SroMr.SetSequence(DicomTags.RegistrationSequence, s.SroMr.Item(DicomTags.RegistrationSequence, 1)));
        yield return InSet("REG-SRO-013", "item 1 in the PET Frame of Reference", s =>
            s.SroMr.Item(DicomTags.RegistrationSequence, 1).With(DicomTags.FrameOfReferenceUID, s.Pet[0].GetString(DicomTags.FrameOfReferenceUID)!),
            // the CT images then lie outside their item's Frame of Reference, and the SRO now states PET = CT, contradicting SRO_PET
            also: ["REG-SRO-017", "REG-SRO-035"]);
        yield return InSet("REG-SRO-014", "item 1 matrix translates 5 mm", s => s.SroMr.SetMatrix(1, 1, 0, 0, 5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        yield return InSet("REG-SRO-015", "item 2 in a Frame of Reference no image set has", s => Item2(s).With(DicomTags.FrameOfReferenceUID, NewUid("moving")),
            also: ["REG-SRO-017"]);
        yield return InSet("REG-SRO-016", "item 2 without Referenced Image Sequence", s => Item2(s).Remove(DicomTags.ReferencedImageSequence));
        yield return InSet("REG-SRO-017", "item 2 references an image as RT Dose", s =>
            Item2(s).Item(DicomTags.ReferencedImageSequence).With(DicomTags.ReferencedSOPClassUID, DicomUids.RTDoseStorage));
        yield return InSet("REG-SRO-018", "item 2 references all MR images but one", s =>
        {
            var refs = Item2(s).GetItems(DicomTags.ReferencedImageSequence);
            Item2(s).SetSequence(DicomTags.ReferencedImageSequence, refs.Take(refs.Count - 1).ToArray());
        });
        yield return InSet("REG-SRO-019", "frame number for a single-frame image", s =>
            Item2(s).Item(DicomTags.ReferencedImageSequence).SetIntegers(DicomTags.ReferencedFrameNumber, 1));
        yield return InSet("REG-SRO-020", "two Matrix Registration items", s =>
        {
            var mr = Item2(s).Item(DicomTags.MatrixRegistrationSequence);
            Item2(s).SetSequence(DicomTags.MatrixRegistrationSequence, mr, mr.Clone());
        }, also: ["DCM-IOD-008"]);
        yield return InSet("REG-SRO-021", "two Matrix Sequence items", s =>
        {
            var mr = Item2(s).Item(DicomTags.MatrixRegistrationSequence);
            var m = mr.Item(DicomTags.MatrixSequence);
            var identity = m.Clone().SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, Matrix4.Identity.ToArray());
            mr.SetSequence(DicomTags.MatrixSequence, m, identity);
        });
        yield return InSet("REG-SRO-022", "matrix with 15 values", s => s.SroMr.MatrixItem(2).SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix,
            MatrixOf(s.SroMr, 2).ToArray()[..15]), also: ["DCM-VR-006"]);
        yield return InSet("REG-SRO-023", "last row 0 0 0 2", s =>
        {
            var v = MatrixOf(s.SroMr, 2).ToArray();
            v[15] = 2;
            s.SroMr.SetMatrix(2, v);
        });
        yield return InSet("REG-SRO-024", "AFFINE under MMRO-II", s => s.SroMr.MatrixItem(2).With(DicomTags.FrameOfReferenceTransformationMatrixType, "AFFINE"));
        yield return InSet("REG-SRO-025", "RIGID with 0.002 shear", s => s.SroMr.SetMatrix(2, 1, 0.002, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        yield return InSet("REG-SRO-026", "RIGID reflection", s => s.SroMr.SetMatrix(2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1));
        yield return InSet("REG-SRO-027", "RIGID_SCALE with sheared columns", s =>
        {
            s.SroMr.MatrixItem(2).With(DicomTags.FrameOfReferenceTransformationMatrixType, "RIGID_SCALE");
            s.SroMr.SetMatrix(2, 2, 0.5, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
        }, Gen);
        yield return InSet("REG-SRO-028", "moving item translated 2 m", s => s.SroMr.SetMatrix(2, 1, 0, 0, 2000, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
        yield return InSet("REG-SRO-029", "registration type code outside CID 7100", s =>
            Item2(s).Item(DicomTags.MatrixRegistrationSequence).SetSequence(DicomTags.RegistrationTypeCodeSequence, Code("999999", "DCM", "Guess")));
        yield return InSet("REG-SRO-030", "Transformation Comment of 70 characters", s =>
            Item2(s).Item(DicomTags.MatrixRegistrationSequence).With(DicomTags.FrameOfReferenceTransformationComment, new string('x', 70)), also: ["DCM-VR-001"]);
        yield return InSet("REG-SRO-031", "Common Instance Reference misses one MR image", s =>
        {
            var series = s.SroMr.GetItems(DicomTags.ReferencedSeriesSequence).Single(i => i.GetString(DicomTags.SeriesInstanceUID) == s.Mr[0].GetString(DicomTags.SeriesInstanceUID));
            var refs = series.GetItems(DicomTags.ReferencedInstanceSequence);
            series.SetSequence(DicomTags.ReferencedInstanceSequence, refs.Skip(1).ToArray());
        });
        yield return InSet("REG-SRO-032", "Specific Character Set ISO_IR 192", s => s.SroMr.With(DicomTags.SpecificCharacterSet, "ISO_IR 192"));
        yield return InSet("REG-SRO-033", "SRO for a hybrid pair (MR in the CT Frame of Reference)", s =>
        {
            var ctFrame = s.Ct[0].GetString(DicomTags.FrameOfReferenceUID)!;
            foreach (var mr in s.Mr) mr.With(DicomTags.FrameOfReferenceUID, ctFrame);
            Item2(s).With(DicomTags.FrameOfReferenceUID, ctFrame);
        }, also: ["REG-SRO-015"]);
        yield return InSet("REG-SRO-034", "MR matrix differs from the reference (10 instead of 5 degrees)", _ => { },
            options: () =>
            {
                var s = Study.Phantom();
                return new ValidationOptions
                {
                    References = [new ReferenceRegistration(s.Ct[0].GetString(DicomTags.FrameOfReferenceUID)!, s.Mr[0].GetString(DicomTags.FrameOfReferenceUID)!,
                        Matrix4.Rotation(Vector3.UnitZ, -10))],
                };
            },
            // 5 degrees off moves the volume corners by centimetres: the geometric oracle fails too
            also: ["REG-SRO-036"]);
        // A 1 degree truth about an axis 0.5 mm off the origin (so that inverse and transpose differ), written inverted:
        // every element stays within the tool's 5 % / 0.05, the corners of the volume move by millimetres.
        var smallTruth = Matrix4.Rotation(Vector3.UnitZ, -1, new Vector3(0.5, 0, 0));
        yield return InSet("REG-SRO-036", "MR matrix inverted for a 1 degree truth (passes the tool's 5 %/0.05 tolerance)",
            s => s.SroMr.SetMatrix(2, smallTruth.Inverse().ToArray()),
            options: () =>
            {
                var s = Study.Phantom();
                return new ValidationOptions
                {
                    References = [new ReferenceRegistration(s.Ct[0].GetString(DicomTags.FrameOfReferenceUID)!, s.Mr[0].GetString(DicomTags.FrameOfReferenceUID)!, smallTruth)],
                };
            });
        yield return InSet("REG-SRO-035", "a second CT<-MR SRO that contradicts the first", _ => { },
            files: s =>
            {
                var second = s.SroMr.Clone().With(DicomTags.SOPInstanceUID, NewUid("sro2")).With(DicomTags.SeriesInstanceUID, NewUid("sro2-series"));
                second.SetMatrix(2, Matrix4.Rotation(Vector3.UnitZ, -10).ToArray());
                return Plus(s, FileOf("SRO_MR2.dcm", second));
            });
    }

    private static IEnumerable<RuleFixture> ImageFixtures()
    {
        yield return InSet("REG-IMG-001", "one MR image without Frame of Reference UID", s => s.Mr[2].Remove(DicomTags.FrameOfReferenceUID), also: ["DCM-IOD-002"]);
        yield return InSet("REG-IMG-002", "CT Pixel Spacing 0", s => s.Ct[0].SetDecimals(DicomTags.PixelSpacing, 0, 0));
        yield return InSet("REG-IMG-003", "MR row direction of length 1.1", s =>
        {
            foreach (var mr in s.Mr)
            {
                var o = mr.GetDoubles(DicomTags.ImageOrientationPatient);
                mr.SetDecimals(DicomTags.ImageOrientationPatient, o[0] * 1.1, o[1] * 1.1, o[2] * 1.1, o[3], o[4], o[5]);
            }
        });
        yield return InSet("REG-IMG-004", "CT Image Type value 3 LOCALIZER", s => s.Ct[0].SetStrings(DicomTags.ImageType, ["ORIGINAL", "PRIMARY", "LOCALIZER"]));
        yield return InSet("REG-IMG-005", "MR Patient Position HFDL", s => { foreach (var mr in s.Mr) mr.With(DicomTags.PatientPosition, "HFDL"); });
        yield return InSet("REG-IMG-006", "two MR slices at one position", s => s.Mr[1].SetDecimals(DicomTags.ImagePositionPatient, s.Mr[0].GetDoubles(DicomTags.ImagePositionPatient)));
        yield return InSet("REG-IMG-007", "anisotropic CT pixels", s =>
        {
            foreach (var ct in s.Ct) ct.SetDecimals(DicomTags.PixelSpacing, 2.75, 2.5);
        });
        yield return InSet("REG-IMG-008", "a non-hybrid set declared hybrid", _ => { }, options: () => new ValidationOptions { Expected = DatasetExpectation.Hybrid });
        yield return InSet("REG-IMG-009", "resampled MR in a Frame of Reference no input has", _ => { },
            options: () => new ValidationOptions { Inputs = Summaries(Study.Phantom()) },
            files: s =>
            {
                var series = NewUid("resampled-series");
                var frame = NewUid("resampled-frame");
                return Plus(s, s.Mr.Select((mr, k) => FileOf($"RS{k + 1}.dcm", mr.Clone().With(DicomTags.SOPInstanceUID, NewUid($"resampled/{k}"))
                    .With(DicomTags.SeriesInstanceUID, series).With(DicomTags.FrameOfReferenceUID, frame))).ToArray());
            });
    }

    private static IEnumerable<RuleFixture> RtFixtures()
    {
        yield return InSet("REG-RT-001", "two Referenced Frame of Reference items", s =>
        {
            var rfor = s.StructureSet.Item(DicomTags.ReferencedFrameOfReferenceSequence);
            var extra = new DicomDataset().With(DicomTags.FrameOfReferenceUID, s.Mr[0].GetString(DicomTags.FrameOfReferenceUID)!);
            s.StructureSet.SetSequence(DicomTags.ReferencedFrameOfReferenceSequence, rfor, extra);
        });
        yield return InSet("REG-RT-002", "Number of Contour Points one too many", s =>
            s.StructureSet.FirstContour().SetIntegers(DicomTags.NumberOfContourPoints, s.StructureSet.FirstContour().GetInt(DicomTags.NumberOfContourPoints)!.Value + 1));
        yield return InSet("REG-RT-003", "contour on hybrid data references CT and PET images", s =>
        {
            var ctFrame = s.Ct[0].GetString(DicomTags.FrameOfReferenceUID)!;
            foreach (var pt in s.Pet) pt.With(DicomTags.FrameOfReferenceUID, ctFrame);
            var contour = s.StructureSet.FirstContour();
            var refs = contour.GetItems(DicomTags.ContourImageSequence).ToList();
            refs.Add(new DicomDataset().With(DicomTags.ReferencedSOPClassUID, DicomUids.PositronEmissionTomographyImageStorage)
                .With(DicomTags.ReferencedSOPInstanceUID, s.Pet[0].GetString(DicomTags.SOPInstanceUID)!));
            contour.SetSequence(DicomTags.ContourImageSequence, refs.ToArray());
        }, files: s => s.Files().Where(f => f.Path != "SRO_PET.dcm"));
        yield return InSet("REG-RT-004", "Grid Frame Offset Vector not monotonic", s =>
        {
            var g = s.Dose.GetDoubles(DicomTags.GridFrameOffsetVector);
            (g[1], g[2]) = (g[2], g[1]);
            s.Dose.SetDecimals(DicomTags.GridFrameOffsetVector, g);
        });
        yield return InSet("REG-RT-005", "RT Dose in a Frame of Reference no SRO registers", s => s.Dose.With(DicomTags.FrameOfReferenceUID, NewUid("dose-frame")));
        yield return InSet("REG-RT-006", "forwarded RT Structure Set with another Manufacturer", s => s.StructureSet.With(DicomTags.Manufacturer, "Someone Else"),
            options: () => new ValidationOptions { Inputs = Summaries(Study.Phantom()) });
    }

    private static IEnumerable<RuleFixture> EvidenceFixtures()
    {
        yield return InEvidence("REG-ARC-001", "Implicit VR Little Endian SRO refused", f =>
            ArchiveChecks.CheckStorage([new StoreAttempt(DicomUids.SpatialRegistrationStorage, DicomUids.ImplicitVRLittleEndian, 0xA900)], f));
        yield return InEvidence("REG-ARC-002", "matrix DS strings re-formatted by the archive", f =>
        {
            var sent = Study.Phantom().SroMr;
            var returned = sent.Clone();
            returned.MatrixItem(2).SetRaw(DicomTags.FrameOfReferenceTransformationMatrix, DicomVR.DS, string.Join('\\', MatrixOf(sent, 2).ToArray().Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
            ArchiveChecks.CheckTransparency(sent, returned, f);
        });
        yield return InEvidence("REG-ARC-003", "SERIES level query does not return the SRO series", f =>
            ArchiveChecks.CheckFind([NewUid("sro-series")], [], [], f));
        yield return InEvidence("REG-ARC-004", "C-MOVE delivers one instance of two", f =>
            ArchiveChecks.CheckMove(new MoveOutcome(["1.2.3", "1.2.4"], ["1.2.3"], 0x0000, 1, 0, 0), f));

        var truth = Matrix4.Rotation(Vector3.UnitZ, -5);
        var p = new Vector3(0, 100, 0);
        yield return InEvidence("REG-DSP-001", "marker shown through the inverse registration", f =>
            DisplayChecks.CheckPoints(DisplayRules.AppliedDirection, truth, [new PointObservation("marker 1", p, truth.Inverse().TransformPoint(p))], DisplayChecks.Tolerance(2), f));
        yield return InEvidence("REG-DSP-002", "contour point left where it was", f =>
            DisplayChecks.CheckPoints(DisplayRules.ContoursFollow, truth, [new PointObservation("contour point", p, p)], DisplayChecks.Tolerance(2), f));
        yield return InEvidence("REG-DSP-003", "MR fused onto CT without an SRO", f =>
            DisplayChecks.CheckFusion([new FusionObservation("1.2.3.1", "1.2.3.2", Fused: true, RegistrationAvailable: false)], f));
        yield return InEvidence("REG-DSP-004", "FFP data set marker 10 mm off", f =>
            DisplayChecks.CheckPoints(DisplayRules.PositionsAndPlanes, truth, [new PointObservation("FFP marker", p, truth.TransformPoint(p) + new Vector3(10, 0, 0))], DisplayChecks.Tolerance(2), f));
        yield return InEvidence("REG-DSP-005", "MR-based registration refused", f =>
            DisplayChecks.CheckNonCtPrimaryAccepted("MR", accepted: false, "primary must be CT", f), MmroIII);
        yield return InEvidence("REG-DSP-006", "chained MR<->PET marker wrong", f =>
            DisplayChecks.CheckPoints(DisplayRules.ChainedRegistration, truth, [new PointObservation("chained marker", p, p + new Vector3(0, 0, 5))], DisplayChecks.Tolerance(2), f));
    }
}

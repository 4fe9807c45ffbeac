using ConformanceKit.Dicom;
using ConformanceKit.Rules.Catalogue;
using ConformanceKit.Rules.Tables;

namespace ConformanceKit.Rules.Iod;

/// <summary>
/// Checks a dataset against its IOD's module tables (PS3.3 Annex A and C): attribute types, conditions,
/// enumerated values and defined terms, item counts and module-level VM. Findings are DCM-IOD-*.
/// </summary>
public sealed class IodChecker(TableLibrary tables)
{
    public TableLibrary Tables { get; } = tables;

    public void Check(DicomDataset dataset, ObjectFindings findings)
    {
        var sopClass = SafeString(dataset, DicomTags.SOPClassUID);
        var iod = Tables.ForSopClass(sopClass);
        if (iod is null)
        {
            findings.Report(DicomRules.UnknownIod, AttributePath.Root.Child(DicomTags.SOPClassUID),
                "no IOD table for this SOP Class; only encoding and values were checked",
                found: sopClass is null ? "(absent)" : $"{sopClass} ({DicomUidRegistry.NameOf(sopClass)})");
            return;
        }
        var run = new Run(findings);
        foreach (var use in iod.Modules)
        {
            var required = use.Usage == ModuleUsage.Mandatory || use.Usage == ModuleUsage.Conditional && use.Condition?.Evaluate(dataset) == true;
            if (!required && !use.OwnTags.Any(dataset.Contains)) continue;
            run.CheckItem(dataset, use.Module.Attributes, AttributePath.Root, use.Module);
        }
        CheckPixelDataLength(dataset, findings);
    }

    /// <summary>Native (uncompressed) Pixel Data holds exactly Rows x Columns x Samples x Frames values of Bits Allocated (PS3.5 8.1.1, odd length padded).</summary>
    private static void CheckPixelDataLength(DicomDataset ds, ObjectFindings findings)
    {
        if (ds[DicomTags.PixelData] is not DicomValueElement pixels) return;
        long rows, cols, samples, bits, frames;
        try
        {
            rows = ds.GetInt(DicomTags.Rows) ?? -1;
            cols = ds.GetInt(DicomTags.Columns) ?? -1;
            samples = ds.GetInt(DicomTags.SamplesPerPixel) ?? -1;
            bits = ds.GetInt(DicomTags.BitsAllocated) ?? -1;
            frames = ds.Contains(DicomTags.NumberOfFrames) ? ds.GetInt(DicomTags.NumberOfFrames) ?? 1 : 1;
        }
        catch (Exception e) when (e is FormatException or OverflowException) { return; } // reported by the value checks
        if (rows <= 0 || cols <= 0 || samples <= 0 || bits <= 0 || frames <= 0) return;
        var expectedBits = rows * cols * samples * frames * bits;
        var expected = (expectedBits + 7) / 8;
        var padded = expected + (expected & 1);
        if (pixels.Length == expected || pixels.Length == padded) return;
        findings.Report(DicomRules.PixelDataLength, AttributePath.Root.Child(DicomTags.PixelData),
            "Pixel Data length does not match the image description",
            found: $"{pixels.Length} bytes", expected: $"{expected} bytes ({rows}x{cols}x{samples} samples x {frames} frames x {bits} bits)");
    }

    private static string? SafeString(DicomDataset ds, DicomTag tag)
    {
        try { return ds.GetString(tag); }
        catch (Exception e) when (e is FormatException or DicomCharacterSetException) { return null; }
    }

    private sealed class Run(ObjectFindings findings)
    {
        // Two modules of one IOD may list the same attribute (Modality, Instance Number): report each fault once.
        private readonly HashSet<(string Rule, string Path)> _reported = [];

        private void Report(RuleDefinition rule, AttributePath path, string message, string? found = null, string? expected = null)
        {
            var text = path.ToString();
            if (_reported.Add((rule.Id, text))) findings.Report(rule, text, message, found, expected);
        }

        public void CheckItem(DicomDataset item, IReadOnlyList<AttributeDefinition> attributes, AttributePath path, ModuleDefinition module)
        {
            foreach (var a in attributes)
            {
                var element = item[a.Tag];
                var p = path.Child(a.Tag);

                switch (a.Type)
                {
                    case AttributeType.Type1:
                        if (element is null) Report(DicomRules.Type1Missing, p, $"missing ({Where(module, a)})", expected: "present with a value");
                        else if (!Condition.HasValue(element)) Report(DicomRules.Type1Missing, p, $"empty ({Where(module, a)})", found: "empty", expected: "a value");
                        break;
                    case AttributeType.Type2:
                        if (element is null) Report(DicomRules.Type2Missing, p, $"missing ({Where(module, a)})", expected: "present, empty allowed");
                        break;
                    case AttributeType.Type1C or AttributeType.Type2C when a.Condition is { } condition:
                        var holds = condition.Evaluate(item);
                        if (holds && element is null)
                            Report(DicomRules.ConditionalMissing, p, $"missing although required: {condition.Text} ({Where(module, a)})", expected: "present");
                        else if (holds && a.Type == AttributeType.Type1C && !Condition.HasValue(element))
                            Report(DicomRules.ConditionalMissing, p, $"empty although required: {condition.Text} ({Where(module, a)})", found: "empty", expected: "a value");
                        else if (!holds && element is not null && a.AbsentOtherwise)
                            Report(DicomRules.ConditionalForbidden, p, $"present although its condition does not hold: {condition.Text} ({Where(module, a)})", expected: "absent");
                        break;
                    case AttributeType.Type1C when element is not null && !Condition.HasValue(element):
                        // Condition not evaluable mechanically; when present, a Type 1C attribute still needs a value (PS3.5 7.4.2).
                        Report(DicomRules.ConditionalMissing, p, $"present but empty; a Type 1C attribute needs a value ({Where(module, a)})", found: "empty", expected: "a value");
                        break;
                }
                if (element is not null && a.ForbiddenIf is { } forbidden && forbidden.Evaluate(item))
                    Report(DicomRules.ConditionalForbidden, p, $"shall not be present when {forbidden.Text} ({Where(module, a)})", expected: "absent");
                if (element is null) continue;
                if (element is DicomSequence sq) CheckSequence(sq, a, p, module);
                else if (element is DicomValueElement v && v.Length > 0) CheckValues(item, a, p, module);
            }
        }

        private static string Where(ModuleDefinition module, AttributeDefinition a) => $"{module.Name} module, type {a.Type.Name()}";

        private void CheckSequence(DicomSequence sq, AttributeDefinition a, AttributePath p, ModuleDefinition module)
        {
            var count = sq.Items.Count;
            // An empty Type 2 sequence means "unknown" (PS3.5 7.4.3); a Type 1 or 3 sequence present must hold the items the module asks for.
            var mayBeEmpty = a.Type is AttributeType.Type2 or AttributeType.Type2C or AttributeType.Type1 or AttributeType.Type1C; // 1/1C emptiness is reported above
            if (a.Items is { } allowed && (count > 0 || !mayBeEmpty) && !allowed.Allows(count))
                Report(DicomRules.ItemCount, p, $"{count} item(s) ({module.Name} module)", found: $"{count}", expected: $"{allowed} item(s)");
            for (var i = 0; i < count; i++)
                CheckItem(sq.Items[i], a.Children, p.Item(i + 1), module);
        }

        private void CheckValues(DicomDataset item, AttributeDefinition a, AttributePath p, ModuleDefinition module)
        {
            if (a.EnumeratedValues.Count == 0 && a.DefinedTerms.Count == 0 && !a.VMFromModule) return;
            var values = Validation.SafeRead.Texts(item, a.Tag); // unreadable values are the value checks' business
            if (a.VMFromModule && !a.VM.Allows(values.Length))
                Report(DicomRules.DictionaryMultiplicity, p, $"{values.Length} value(s) ({module.Name} module)", found: $"{values.Length}", expected: $"VM {a.VM}");
            CheckList(a.EnumeratedValues, values, p, module, DicomRules.NotEnumerated, "Enumerated Values");
            CheckList(a.DefinedTerms, values, p, module, DicomRules.NotDefinedTerm, "Defined Terms");
        }

        private void CheckList(IReadOnlyDictionary<int, IReadOnlyList<string>> lists, string[] values, AttributePath p, ModuleDefinition module,
            RuleDefinition rule, string what)
        {
            foreach (var (index, allowed) in lists)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    if (index != 0 && index != i + 1) continue;
                    var v = values[i];
                    if (v.Length == 0 && index == 0) continue;
                    if (allowed.Contains(v, StringComparer.Ordinal)) continue;
                    Report(rule, p, $"value {i + 1} is not among the {what} ({module.Name} module)",
                        found: v.Length == 0 ? "(empty)" : v, expected: "one of " + string.Join(", ", allowed));
                }
            }
        }
    }
}

using ConformanceKit.Dicom;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Imaging;
using ConformanceKit.Geometry.Phantoms;
using ConformanceKit.Reports.Sections;
using ConformanceKit.Reports.Tests.Support;
using ConformanceKit.Reports.Views;
using SkiaSharp;

namespace ConformanceKit.Reports.Tests;

/// <summary>SRO panels and fusion previews computed from captured files with the lower layers.</summary>
public class SectionTests
{
    private static PhantomSet Tiny() => PhantomGenerator.Generate(ConformanceKit.Geometry.Phantoms.PhantomPresets.Get("tiny"));

    [Test]
    public void An_sro_panel_decomposes_each_item_and_names_a_transposed_matrix()
    {
        using var folder = new RunFolderBuilder();
        var set = Tiny();
        var sro = set.Registrations[0].Dataset.Clone();
        var moving = sro.GetItems(DicomTags.RegistrationSequence)[1].GetItem(DicomTags.MatrixRegistrationSequence)!.GetItem(DicomTags.MatrixSequence)!;
        var truth = set.Registrations[0].BaseFromMoving;
        moving.SetDecimals(DicomTags.FrameOfReferenceTransformationMatrix, truth.Transpose().ToArray());
        var objects = new[] { folder.Keep("sro", sro, "received"), folder.Keep("ct", set.Series[0].Datasets[0], "received"), folder.Keep("mr", set.Series[1].Datasets[0], "received") };
        var scenario = RunFolderBuilder.Scenario(RunFolderBuilder.Step("receive", objects));

        var (panels, graph) = new RegistrationPanels(new RunFolderFiles(folder.Directory)).Build(scenario, "s1", []);

        var panel = panels.Single();
        Assert.That(panel.Items.Select(i => i.IsIdentity), Is.EqualTo(new[] { true, false }));
        var item = panel.Items[1];
        Assert.That(item.Matrix.Select(r => r.Cells.Count), Is.EqualTo(new[] { 4, 4, 4, 4 }));
        var angle = item.Decomposition.Single(d => d.Name == "rotation angle").Value;
        var expected = ConformanceKit.Geometry.Transforms.TransformDecomposition.Of(truth).RotationAngleDegrees;
        Assert.That(double.Parse(angle.TrimEnd('\u00b0'), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected).Within(1e-3));
        Assert.That(item.Remarks, Has.Some.Contains("column-major (transposed)"));
        Assert.That(panel.Items[0].Remarks, Has.Some.Contains("identity item of the Registered Frame of Reference"));
        Assert.That(graph.Markup, Does.Contain(">CT<").And.Contain(">MR<").And.Contain("MR frame \u2192 CT frame: 1 registration"));
    }

    [Test]
    public void Fusion_previews_show_three_planes_and_the_difference_between_sut_and_reference()
    {
        using var folder = new RunFolderBuilder();
        var set = Tiny();
        var ct = set.Series[0];
        var reference = ImageSeriesWriter.Write(ct.Volume, set.PatientAndStudy,
            new ImageSeriesOptions("CT", DicomUidGenerator.New(), ct.FrameOfReferenceUid, 2, "reference", k => DicomUidGenerator.New()));
        var shifted = new ImageVolume(ct.Volume.Geometry, ct.Volume.Voxels.Select((v, n) => n % ct.Volume.Geometry.Columns == 0 ? v : ct.Volume.Voxels[n - 1]).ToArray(),
            ct.Volume.RescaleSlope, ct.Volume.RescaleIntercept);
        var sut = ImageSeriesWriter.Write(shifted, set.PatientAndStudy,
            new ImageSeriesOptions("CT", DicomUidGenerator.New(), ct.FrameOfReferenceUid, 3, "sut", k => DicomUidGenerator.New()));
        var objects = reference.Select(d => folder.Keep("ref", d, FusionPreviews.ReferenceOrigin)).Concat(sut.Select(d => folder.Keep("sut", d, "received"))).ToList();
        var step = RunFolderBuilder.Step("check-resampled", objects);

        var view = new FusionPreviews(new RunFolderFiles(folder.Directory)).Build(RunFolderBuilder.Scenario(step), "s1", step);

        Assert.That(view, Is.Not.Null);
        Assert.That(view!.Note, Is.Empty);
        Assert.That(view.Planes.Select(p => p.Plane), Is.EqualTo(new[] { "axial plane (slice 23)", "coronal plane (row 25)", "sagittal plane (column 25)" }));
        foreach (var p in view.Planes)
        {
            foreach (var img in new[] { p.Checkerboard.Markup, p.Difference.Markup })
            {
                var base64 = System.Text.RegularExpressions.Regex.Match(img, "data:image/png;base64,([A-Za-z0-9+/=]+)").Groups[1].Value;
                using var bitmap = SKBitmap.Decode(Convert.FromBase64String(base64));
                Assert.That(Math.Max(bitmap.Width, bitmap.Height), Is.EqualTo(FusionPreviews.MaxSide));
            }
            Assert.That(p.Statistics, Does.Not.StartWith("largest |difference| on this plane 0 "), "a shifted SUT output differs from the reference");
        }
    }

    [Test]
    public void Fusion_previews_of_identical_series_show_no_difference()
    {
        using var folder = new RunFolderBuilder();
        var set = Tiny();
        var ct = set.Series[0];
        IEnumerable<DicomDataset> Series(string description) => ImageSeriesWriter.Write(ct.Volume, set.PatientAndStudy,
            new ImageSeriesOptions("CT", DicomUidGenerator.New(), ct.FrameOfReferenceUid, 2, description, k => DicomUidGenerator.New()));
        var objects = Series("ref").Select(d => folder.Keep("ref", d, FusionPreviews.ReferenceOrigin)).Concat(Series("sut").Select(d => folder.Keep("sut", d, "received"))).ToList();
        var step = RunFolderBuilder.Step("check-resampled", objects);
        var view = new FusionPreviews(new RunFolderFiles(folder.Directory)).Build(RunFolderBuilder.Scenario(step), "s1", step);
        Assert.That(view!.Planes.Select(p => p.Statistics), Has.All.StartWith("largest |difference| on this plane 0 "));
    }

    [Test]
    public void A_step_without_reference_objects_has_no_preview()
    {
        using var folder = new RunFolderBuilder();
        var set = Tiny();
        var step = RunFolderBuilder.Step("receive", set.Series[0].Datasets.Select(d => folder.Keep("ct", d, "received")));
        Assert.That(new FusionPreviews(new RunFolderFiles(folder.Directory)).Build(RunFolderBuilder.Scenario(step), "s1", step), Is.Null);
    }
}

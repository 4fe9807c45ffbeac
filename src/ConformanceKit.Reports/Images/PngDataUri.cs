using ConformanceKit.Reports.Html;
using SkiaSharp;

namespace ConformanceKit.Reports.Images;

/// <summary>RGB pixels encoded as PNG (SkiaSharp) and embedded as an &lt;img&gt; with a data URI: the report needs no image files.</summary>
public static class PngDataUri
{
    /// <param name="rgb">width*height*3 bytes, rows top to bottom</param>
    public static byte[] Encode(byte[] rgb, int width, int height)
    {
        if (rgb.Length != width * height * 3) throw new ArgumentException($"{rgb.Length} bytes for a {width}x{height} RGB image");
        var rgba = new byte[width * height * 4];
        for (int p = 0, q = 0; p < rgb.Length; p += 3, q += 4)
        {
            rgba[q] = rgb[p];
            rgba[q + 1] = rgb[p + 1];
            rgba[q + 2] = rgb[p + 2];
            rgba[q + 3] = 255;
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var data = SKData.CreateCopy(rgba);
        using var image = SKImage.FromPixels(info, data, width * 4) ?? throw new InvalidOperationException("SkiaSharp could not wrap the pixels");
        using var png = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG");
        return png.ToArray();
    }

    public static TrustedHtml Image(byte[] rgb, int width, int height, string alt)
    {
        var png = Encode(rgb, width, height);
        return new HtmlWriter().Empty("img", ("src", "data:image/png;base64," + Convert.ToBase64String(png)), ("width", width), ("height", height), ("alt", alt)).ToHtml();
    }
}

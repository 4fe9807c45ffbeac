using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ConformanceKit.Geometry.Imaging;

/// <summary>
/// MetaImage (.mha, single file) read/write for int16 volumes, the exchange format with ITK-based tools such as
/// plastimatch. ITK works in LPS like DICOM, so the geometry carries over unchanged: Offset is the first voxel
/// centre, ElementSpacing is (column, row, slice) spacing, TransformMatrix lists the i, j and k axis directions
/// one after the other. Stored int16 values are written; rescale is not part of the format.
/// </summary>
public static class MetaImageFile
{
    public static void Write(string path, ImageVolume volume)
    {
        var g = volume.Geometry;
        var inv = CultureInfo.InvariantCulture;
        string V(params double[] v) => string.Join(' ', v.Select(x => x.ToString("R", inv)));
        var header = new StringBuilder()
            .Append("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = False\n")
            .Append($"TransformMatrix = {V(g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z, g.SliceDirection.X, g.SliceDirection.Y, g.SliceDirection.Z)}\n")
            .Append($"Offset = {V(g.Origin.X, g.Origin.Y, g.Origin.Z)}\n")
            .Append("CenterOfRotation = 0 0 0\nAnatomicalOrientation = RAI\n")
            .Append($"ElementSpacing = {V(g.ColumnSpacing, g.RowSpacing, g.SliceSpacing)}\n")
            .Append($"DimSize = {g.Columns} {g.Rows} {g.Slices}\nElementType = MET_SHORT\nElementDataFile = LOCAL\n");
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        fs.Write(Encoding.ASCII.GetBytes(header.ToString()));
        fs.Write(MemoryMarshal.AsBytes(volume.Voxels.AsSpan()));
    }

    /// <summary>Reads a single-file MetaImage of MET_SHORT or MET_FLOAT voxels (floats are rounded to int16).</summary>
    public static ImageVolume Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pos = 0;
        while (pos < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', pos);
            if (end < 0) throw new InvalidDataException($"{path}: MetaImage header not terminated");
            var line = Encoding.ASCII.GetString(bytes, pos, end - pos).Trim();
            pos = end + 1;
            var eq = line.IndexOf('=');
            if (eq < 0) continue;
            fields[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            if (line.StartsWith("ElementDataFile", StringComparison.OrdinalIgnoreCase)) break;
        }
        double[] D(string key, string fallback) => (fields.GetValueOrDefault(key) ?? fallback)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (fields.GetValueOrDefault("ElementDataFile") != "LOCAL") throw new InvalidDataException($"{path}: only single-file MetaImage (ElementDataFile = LOCAL) is read");
        var dim = D("DimSize", "").Select(x => (int)x).ToArray();
        var sp = D("ElementSpacing", "1 1 1");
        var off = D("Offset", fields.GetValueOrDefault("Position") ?? "0 0 0");
        var m = D("TransformMatrix", "1 0 0 0 1 0 0 0 1");
        if (dim.Length != 3 || dim.Any(d => d <= 0)) throw new InvalidDataException($"{path}: DimSize must give three positive sizes");
        var g = new VolumeGeometry(new Vector3(off[0], off[1], off[2]), new Vector3(m[0], m[1], m[2]), new Vector3(m[3], m[4], m[5]), new Vector3(m[6], m[7], m[8]),
            sp[0], sp[1], sp[2], dim[0], dim[1], dim[2]);
        var count = checked((int)g.VoxelCount);
        var voxels = new short[count];
        var type = fields.GetValueOrDefault("ElementType");
        var data = bytes.AsSpan(pos);
        switch (type)
        {
            case "MET_SHORT" when data.Length >= count * 2:
                MemoryMarshal.Cast<byte, short>(data[..(count * 2)]).CopyTo(voxels);
                break;
            case "MET_FLOAT" when data.Length >= count * 4:
                var f = MemoryMarshal.Cast<byte, float>(data[..(count * 4)]);
                for (var n = 0; n < count; n++) voxels[n] = (short)Math.Clamp(MathF.Round(f[n]), short.MinValue, short.MaxValue);
                break;
            default:
                throw new InvalidDataException($"{path}: ElementType {type} with {data.Length} data bytes for {count} voxels is not supported");
        }
        return new ImageVolume(g, voxels);
    }
}

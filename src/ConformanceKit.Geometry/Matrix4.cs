using System.Globalization;

namespace ConformanceKit.Geometry;

/// <summary>
/// A 4x4 homogeneous transform, row-major like Frame of Reference Transformation Matrix (3006,00C6):
/// element k is row k/4, column k%4, translation at indices 3, 7 and 11 (PS3.3 C.20.2.1.1).
/// Points are column vectors: p' = M * [p; 1].
/// </summary>
public sealed class Matrix4 : IEquatable<Matrix4>
{
    private readonly double[] _m;

    public Matrix4(ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != 16) throw new ArgumentException($"a 4x4 matrix needs 16 values, not {rowMajor.Length}", nameof(rowMajor));
        _m = rowMajor.ToArray();
    }

    public static Matrix4 Identity { get; } = new([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    public double this[int row, int col] => _m[4 * row + col];
    public double this[int index] => _m[index];

    /// <summary>The 16 values in row-major order (a copy).</summary>
    public double[] ToArray() => (double[])_m.Clone();

    public Vector3 Translation => new(_m[3], _m[7], _m[11]);

    public static Matrix4 Translate(Vector3 t) => new([1, 0, 0, t.X, 0, 1, 0, t.Y, 0, 0, 1, t.Z, 0, 0, 0, 1]);

    /// <summary>Rotation by <paramref name="degrees"/> about a unit axis through <paramref name="center"/> (right-hand rule).</summary>
    public static Matrix4 Rotation(Vector3 axis, double degrees, Vector3? center = null)
    {
        var u = axis.Normalized();
        var a = degrees * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a), t = 1 - c;
        var r = new Matrix4([
            t * u.X * u.X + c, t * u.X * u.Y - s * u.Z, t * u.X * u.Z + s * u.Y, 0,
            t * u.X * u.Y + s * u.Z, t * u.Y * u.Y + c, t * u.Y * u.Z - s * u.X, 0,
            t * u.X * u.Z - s * u.Y, t * u.Y * u.Z + s * u.X, t * u.Z * u.Z + c, 0,
            0, 0, 0, 1]);
        if (center is not { } p) return r;
        return Translate(p) * r * Translate(-p);
    }

    /// <summary>Scaling along the patient axes (used for cm/mm and LPS/RAS hypotheses).</summary>
    public static Matrix4 Scale(double sx, double sy, double sz) => new([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1]);

    /// <summary>The affine map whose columns are <paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/> and the origin (e.g. voxel index to patient, PS3.3 Eq. C.7.6.2.1-1).</summary>
    public static Matrix4 FromColumns(Vector3 x, Vector3 y, Vector3 z, Vector3 origin) => new([
        x.X, y.X, z.X, origin.X,
        x.Y, y.Y, z.Y, origin.Y,
        x.Z, y.Z, z.Z, origin.Z,
        0, 0, 0, 1]);

    /// <summary>Column <paramref name="col"/> (0..3) of the upper three rows.</summary>
    public Vector3 Column(int col) => new(_m[col], _m[4 + col], _m[8 + col]);

    /// <summary>The upper-left 3x3 block with no translation.</summary>
    public Matrix4 Linear => new([_m[0], _m[1], _m[2], 0, _m[4], _m[5], _m[6], 0, _m[8], _m[9], _m[10], 0, 0, 0, 0, 1]);

    /// <summary>The same linear part with another translation.</summary>
    public Matrix4 WithTranslation(Vector3 t) => new([_m[0], _m[1], _m[2], t.X, _m[4], _m[5], _m[6], t.Y, _m[8], _m[9], _m[10], t.Z, _m[12], _m[13], _m[14], _m[15]]);

    /// <summary>Largest deviation of the bottom row from (0, 0, 0, 1); non-zero for a transposed (column-major) matrix (PS3.3 C.20.2.1.1).</summary>
    public double BottomRowError => Math.Max(Math.Max(Math.Abs(_m[12]), Math.Abs(_m[13])), Math.Max(Math.Abs(_m[14]), Math.Abs(_m[15] - 1)));

    /// <summary>Largest element of |R^T R - I| for the 3x3 part R: zero for a rotation (PS3.3 C.20.2.1.2 RIGID).</summary>
    public double OrthonormalityError
    {
        get
        {
            double max = 0;
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 3; j++)
                {
                    var dot = Column(i).Dot(Column(j));
                    max = Math.Max(max, Math.Abs(dot - (i == j ? 1 : 0)));
                }
            return max;
        }
    }

    public bool IsFinite => _m.All(double.IsFinite);

    public static Matrix4 operator *(Matrix4 a, Matrix4 b)
    {
        var r = new double[16];
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++)
            {
                double sum = 0;
                for (var k = 0; k < 4; k++) sum += a._m[4 * i + k] * b._m[4 * k + j];
                r[4 * i + j] = sum;
            }
        return new Matrix4(r);
    }

    /// <summary>Maps a point (w = 1).</summary>
    public Vector3 TransformPoint(Vector3 p) => new(
        _m[0] * p.X + _m[1] * p.Y + _m[2] * p.Z + _m[3],
        _m[4] * p.X + _m[5] * p.Y + _m[6] * p.Z + _m[7],
        _m[8] * p.X + _m[9] * p.Y + _m[10] * p.Z + _m[11]);

    /// <summary>Maps a direction (w = 0).</summary>
    public Vector3 TransformVector(Vector3 v) => new(
        _m[0] * v.X + _m[1] * v.Y + _m[2] * v.Z,
        _m[4] * v.X + _m[5] * v.Y + _m[6] * v.Z,
        _m[8] * v.X + _m[9] * v.Y + _m[10] * v.Z);

    public Matrix4 Transpose()
    {
        var r = new double[16];
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++) r[4 * j + i] = _m[4 * i + j];
        return new Matrix4(r);
    }

    public double Determinant3x3 =>
        _m[0] * (_m[5] * _m[10] - _m[6] * _m[9]) - _m[1] * (_m[4] * _m[10] - _m[6] * _m[8]) + _m[2] * (_m[4] * _m[9] - _m[5] * _m[8]);

    /// <summary>General 4x4 inverse (Gauss-Jordan with partial pivoting); throws for a singular matrix.</summary>
    public Matrix4 Inverse()
    {
        var a = new double[4, 8];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++) a[i, j] = _m[4 * i + j];
            a[i, 4 + i] = 1;
        }
        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 4; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-300) throw new InvalidOperationException("matrix is singular");
            if (pivot != col) for (var j = 0; j < 8; j++) (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            var d = a[col, col];
            for (var j = 0; j < 8; j++) a[col, j] /= d;
            for (var r = 0; r < 4; r++)
            {
                if (r == col) continue;
                var f = a[r, col];
                if (f == 0) continue;
                for (var j = 0; j < 8; j++) a[r, j] -= f * a[col, j];
            }
        }
        var inv = new double[16];
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++) inv[4 * i + j] = a[i, 4 + j];
        return new Matrix4(inv);
    }

    /// <summary>Largest absolute element difference.</summary>
    public double MaxAbsDifference(Matrix4 other)
    {
        double max = 0;
        for (var i = 0; i < 16; i++) max = Math.Max(max, Math.Abs(_m[i] - other._m[i]));
        return max;
    }

    public bool Equals(Matrix4? other) => other is not null && _m.AsSpan().SequenceEqual(other._m);
    public override bool Equals(object? obj) => Equals(obj as Matrix4);
    public override int GetHashCode() => HashCode.Combine(_m[0], _m[3], _m[5], _m[7], _m[10], _m[11]);

    public override string ToString() => string.Join(" \\ ", Enumerable.Range(0, 4).Select(r =>
        string.Join(" ", Enumerable.Range(0, 4).Select(c => _m[4 * r + c].ToString("0.######", CultureInfo.InvariantCulture)))));
}

namespace ConformanceKit.Geometry.Transforms;

/// <summary>A rotation as a unit quaternion (W, X, Y, Z); converts to and from 3x3 rotation matrices.</summary>
public readonly record struct UnitQuaternion(double W, double X, double Y, double Z)
{
    /// <summary>The rotation matrix (no translation).</summary>
    public Matrix4 ToMatrix()
    {
        var n = Math.Sqrt(W * W + X * X + Y * Y + Z * Z);
        double w = W / n, x = X / n, y = Y / n, z = Z / n;
        return new Matrix4([
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 0,
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 0,
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y), 0,
            0, 0, 0, 1]);
    }

    /// <summary>The quaternion of the 3x3 part of <paramref name="r"/>, taken as a rotation (Shepperd's method, stable for every angle).</summary>
    public static UnitQuaternion FromRotation(Matrix4 r)
    {
        double m00 = r[0, 0], m11 = r[1, 1], m22 = r[2, 2];
        var trace = m00 + m11 + m22;
        double w, x, y, z;
        if (trace > 0)
        {
            var s = 2 * Math.Sqrt(trace + 1);
            w = s / 4; x = (r[2, 1] - r[1, 2]) / s; y = (r[0, 2] - r[2, 0]) / s; z = (r[1, 0] - r[0, 1]) / s;
        }
        else if (m00 > m11 && m00 > m22)
        {
            var s = 2 * Math.Sqrt(1 + m00 - m11 - m22);
            w = (r[2, 1] - r[1, 2]) / s; x = s / 4; y = (r[0, 1] + r[1, 0]) / s; z = (r[0, 2] + r[2, 0]) / s;
        }
        else if (m11 > m22)
        {
            var s = 2 * Math.Sqrt(1 + m11 - m00 - m22);
            w = (r[0, 2] - r[2, 0]) / s; x = (r[0, 1] + r[1, 0]) / s; y = s / 4; z = (r[1, 2] + r[2, 1]) / s;
        }
        else
        {
            var s = 2 * Math.Sqrt(1 + m22 - m00 - m11);
            w = (r[1, 0] - r[0, 1]) / s; x = (r[0, 2] + r[2, 0]) / s; y = (r[1, 2] + r[2, 1]) / s; z = s / 4;
        }
        var n = Math.Sqrt(w * w + x * x + y * y + z * z);
        if (w < 0) n = -n; // canonical form: angle in [0, 180]
        return new UnitQuaternion(w / n, x / n, y / n, z / n);
    }

    /// <summary>Rotation angle in degrees, 0..180.</summary>
    public double AngleDegrees => 2 * Math.Atan2(Math.Sqrt(X * X + Y * Y + Z * Z), Math.Abs(W)) * 180 / Math.PI;

    /// <summary>Unit rotation axis (right-hand rule), or +z for the identity.</summary>
    public Vector3 Axis
    {
        get
        {
            var v = new Vector3(X, Y, Z);
            if (v.Length < 1e-15) return Vector3.UnitZ;
            return W < 0 ? -v.Normalized() : v.Normalized();
        }
    }
}

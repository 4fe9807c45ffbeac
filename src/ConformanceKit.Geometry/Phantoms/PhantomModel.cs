namespace ConformanceKit.Geometry.Phantoms;

/// <summary>What a phantom region is made of; each modality gives each material its own value.</summary>
public enum PhantomMaterial { Air, Body, Bone, Lung, Soft, Fiducial }

/// <summary>A cylinder insert parallel to the body axis (z of the phantom frame).</summary>
public sealed record PhantomInsert(string Name, double CentreX, double CentreY, double Radius, double HalfLength, PhantomMaterial Material);

/// <summary>
/// The geometric phantom in its own frame (the base Frame of Reference, LPS mm): an elliptic body cylinder
/// along z, cylinder inserts of different materials, and fiducial spheres at known, deliberately irregular
/// positions (so that point matching is unambiguous and they keep clear of inserts and edges).
/// </summary>
public sealed record PhantomModel(
    double BodySemiAxisX,
    double BodySemiAxisY,
    double BodyHalfLength,
    IReadOnlyList<PhantomInsert> Inserts,
    IReadOnlyList<Vector3> Fiducials,
    double FiducialRadius)
{
    public static PhantomModel Default { get; } = new(100, 75, 80,
        [
            new("bone", -55, -10, 12, 60, PhantomMaterial.Bone),
            new("lung", 55, -10, 12, 60, PhantomMaterial.Lung),
            new("soft", 0, 45, 12, 60, PhantomMaterial.Soft),
        ],
        [
            new(-25, -45, -50), new(35, 30, -30), new(-35, 25, 0), new(20, -30, 25),
            new(-15, 5, 55), new(50, 30, 50), new(5, -5, -60),
        ],
        7);

    /// <summary>The centre of the body (phantom frame).</summary>
    public Vector3 Centre => Vector3.Zero;

    /// <summary>Half-extent of a box that holds the whole phantom.</summary>
    public Vector3 HalfExtent => new(BodySemiAxisX, BodySemiAxisY, BodyHalfLength);

    /// <summary>
    /// The material on top at <paramref name="p"/> (regions painted in order body, inserts, fiducials; the last
    /// one containing p wins) and the distance to the nearest region boundary (estimated for the elliptic body).
    /// </summary>
    /// <remarks>Builds a sampler per call; bulk callers keep one <see cref="PhantomSampler"/>.</remarks>
    public PhantomMaterial MaterialAt(Vector3 p, out double nearestBoundaryMm) => new PhantomSampler(this).MaterialAt(p, out nearestBoundaryMm);
}

/// <summary>Modality values of each material (CT in HU; MR and PET in arbitrary units) and the noise added.</summary>
public sealed record ModalityContrast(string Modality, double Air, double Body, double Bone, double Lung, double Soft, double Fiducial, double NoiseSigma)
{
    public static readonly ModalityContrast CT = new("CT", -1000, 0, 600, -800, -100, 1500, 5);
    public static readonly ModalityContrast MR = new("MR", 0, 600, 200, 100, 1100, 2500, 8);
    public static readonly ModalityContrast PT = new("PT", 0, 100, 40, 10, 300, 2000, 5);

    public static ModalityContrast For(string modality) => modality switch
    {
        "CT" => CT, "MR" => MR, "PT" => PT,
        _ => throw new ArgumentException($"no phantom contrast for modality {modality}"),
    };

    public double ValueOf(PhantomMaterial m) => m switch
    {
        PhantomMaterial.Air => Air, PhantomMaterial.Body => Body, PhantomMaterial.Bone => Bone,
        PhantomMaterial.Lung => Lung, PhantomMaterial.Soft => Soft, _ => Fiducial,
    };
}

/// <summary>The phantom flattened into arrays: the voxelizer calls it millions of times.</summary>
public sealed class PhantomSampler
{
    private readonly double _ax2, _ay2, _minAxis, _halfLength, _fidRadius;
    private readonly double[] _insX, _insY, _insR, _insHalf;
    private readonly PhantomMaterial[] _insMaterial;
    private readonly double[] _fid; // x, y, z triples

    public PhantomSampler(PhantomModel m)
    {
        _ax2 = m.BodySemiAxisX * m.BodySemiAxisX; _ay2 = m.BodySemiAxisY * m.BodySemiAxisY;
        _minAxis = Math.Min(m.BodySemiAxisX, m.BodySemiAxisY); _halfLength = m.BodyHalfLength; _fidRadius = m.FiducialRadius;
        _insX = m.Inserts.Select(i => i.CentreX).ToArray(); _insY = m.Inserts.Select(i => i.CentreY).ToArray();
        _insR = m.Inserts.Select(i => i.Radius).ToArray(); _insHalf = m.Inserts.Select(i => i.HalfLength).ToArray();
        _insMaterial = m.Inserts.Select(i => i.Material).ToArray();
        _fid = m.Fiducials.SelectMany(f => new[] { f.X, f.Y, f.Z }).ToArray();
    }

    /// <summary>Whether a fiducial sphere's surface is within <paramref name="margin"/> of <paramref name="p"/>.</summary>
    public bool NearFiducial(Vector3 p, double margin)
    {
        for (var n = 0; n < _fid.Length; n += 3)
        {
            double dx = p.X - _fid[n], dy = p.Y - _fid[n + 1], dz = p.Z - _fid[n + 2];
            if (Math.Abs(Math.Sqrt(dx * dx + dy * dy + dz * dz) - _fidRadius) <= margin) return true;
        }
        return false;
    }

    public PhantomMaterial MaterialAt(Vector3 p, out double nearestBoundaryMm)
    {
        var material = PhantomMaterial.Air;
        var e = Math.Sqrt(p.X * p.X / _ax2 + p.Y * p.Y / _ay2);
        var bodyD = Math.Max((e - 1) * _minAxis, Math.Abs(p.Z) - _halfLength);
        var nearest = Math.Abs(bodyD);
        if (bodyD < 0) material = PhantomMaterial.Body;
        for (var n = 0; n < _insX.Length; n++)
        {
            double dx = p.X - _insX[n], dy = p.Y - _insY[n];
            var d = Math.Max(Math.Sqrt(dx * dx + dy * dy) - _insR[n], Math.Abs(p.Z) - _insHalf[n]);
            nearest = Math.Min(nearest, Math.Abs(d));
            if (d < 0) material = _insMaterial[n];
        }
        for (var n = 0; n < _fid.Length; n += 3)
        {
            double dx = p.X - _fid[n], dy = p.Y - _fid[n + 1], dz = p.Z - _fid[n + 2];
            var d = Math.Sqrt(dx * dx + dy * dy + dz * dz) - _fidRadius;
            nearest = Math.Min(nearest, Math.Abs(d));
            if (d < 0) material = PhantomMaterial.Fiducial;
        }
        nearestBoundaryMm = nearest;
        return material;
    }
}

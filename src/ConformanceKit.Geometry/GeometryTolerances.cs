namespace ConformanceKit.Geometry;

/// <summary>
/// Every tolerance the Geometry layer compares with, named, with where the number comes from.
/// Lengths are millimetres (PS3.3 C.7.6.2.1.1), angles degrees.
/// </summary>
public static class GeometryTolerances
{
    /// <summary>
    /// |R^T R - I| allowed for a RIGID matrix written as DS. The IHE-RO MMRO-II reference SROs print six
    /// decimals, which gives c^2 + s^2 - 1 = 6.5e-7 for their 5 degree rotation; 1e-5 leaves a factor of 15
    /// while still catching a matrix that is not a rotation (reg-profile.md 6.6, REG-SRO-025 warning level).
    /// </summary>
    public const double RigidOrthonormality = 1e-5;

    /// <summary>|R^T R - I| beyond which a RIGID matrix is plainly not a rotation (REG-SRO-025 error level).</summary>
    public const double RigidOrthonormalityGross = 1e-3;

    /// <summary>|det R - 1| allowed for a proper rotation; det near -1 is a reflection (PS3.3 C.20.2.1.2; REG-SRO-026).</summary>
    public const double RigidDeterminant = 1e-3;

    /// <summary>Bottom row (0, 0, 0, 1): exact in every writer seen; 1e-9 absorbs DS round trips (REG-SRO-023).</summary>
    public const double BottomRow = 1e-9;

    /// <summary>Identity item (REG-SRO-014): the IHE-RO tool compares exactly; 1e-9 absorbs DS round trips.</summary>
    public const double IdentityMatrix = 1e-9;

    /// <summary>
    /// Unit length and orthogonality of Image Orientation (Patient) direction cosines. The standard presumes
    /// orthonormal cosines (PS3.3 C.7.6.2.1.1); DS values printed with 4-6 decimals are off by up to ~1e-5,
    /// so 1e-4 accepts real scanners and rejects wrong data (IHE-RO white paper "Image Geometry Requirements"; REG-IMG-003).
    /// </summary>
    public const double DirectionCosine = 1e-4;

    /// <summary>Two slices have the same orientation when every direction cosine agrees within this (REG-IMG-006).</summary>
    public const double SameOrientation = 1e-4;

    /// <summary>Axial images: IOP within 0.001 (about 0.057 degrees) of (+-1,0,0,0,+-1,0), as the IHE-RO MMRO-II tool checks.</summary>
    public const double AxialOrientation = 1e-3;

    /// <summary>
    /// Slice positions whose distance along the normal differs by less than this are duplicates. IPP is DS;
    /// writers print 3-6 decimals, so positions that are meant to be equal agree within 1e-3 mm.
    /// </summary>
    public const double DuplicateSlicePositionMm = 1e-3;

    /// <summary>
    /// Largest deviation of one slice step from the series' typical step before spacing is reported as
    /// non-uniform: 0.01 mm is ten times the DS print precision of IPP and far below any slice thickness.
    /// </summary>
    public const double SliceSpacingUniformityMm = 1e-2;

    /// <summary>A step at least this many times the typical step is reported as a gap (missing slices), not just non-uniform spacing.</summary>
    public const double SliceGapFactor = 1.5;

    /// <summary>In-plane offset between consecutive slices (mm) above which the stack is sheared: gantry tilt (PS3.3 C.7.6.2.1.1 note on tilt).</summary>
    public const double GantryTiltLateralMm = 1e-2;

    /// <summary>Matrices re-encoded through DS agree within this per element (reg-profile.md 8.2, transport tier).</summary>
    public const double TransportMatrixElement = 1e-6;

    /// <summary>
    /// Point residual (mm) under which a candidate matrix is taken to be a given mistake hypothesis or the truth.
    /// Six-decimal DS matrices move a point 300 mm from the origin by at most about 3e-4 mm; 0.05 mm keeps
    /// a wide margin while every mistake modelled here moves some test point by millimetres.
    /// </summary>
    public const double DiagnosisMatchMm = 0.05;

    /// <summary>Rotation difference (degrees) under which two rotations are taken as the same for diagnosis.</summary>
    public const double DiagnosisMatchDegrees = 0.01;
}

using ConformanceKit.Actors.Faults;
using ConformanceKit.Actors.ReferenceSuts;
using ConformanceKit.Geometry;
using ConformanceKit.Geometry.Registration;

namespace ConformanceKit.Actors.Display;

/// <summary>
/// The transform the display applies between two Frames of Reference: the chain of accepted SRO items
/// (<see cref="FrameOfReferenceGraph"/>, PS3.3 Eq. C.20.2-3), the identity within one Frame of Reference, and
/// none without a registration (REG-DSP-003). A display playing a matrix fault misreads every SRO matrix as
/// that fault says (inverted, column-major, RAS, centimetres).
/// </summary>
public sealed class FusionGeometry(IReadOnlyList<ReceivedRegistration> accepted, string? fault)
{
    private readonly FrameOfReferenceGraph _graph = Build(accepted, fault);

    /// <summary>base &lt;- moving (p_base = M p_moving), or null when no registration relates the two frames.</summary>
    public Matrix4? BaseFromMoving(string movingFrameOfReferenceUid, string baseFrameOfReferenceUid)
    {
        if (movingFrameOfReferenceUid == baseFrameOfReferenceUid) return Matrix4.Identity;
        return _graph.FindPath(movingFrameOfReferenceUid, baseFrameOfReferenceUid)?.Matrix;
    }

    private static FrameOfReferenceGraph Build(IReadOnlyList<ReceivedRegistration> accepted, string? fault)
    {
        var graph = new FrameOfReferenceGraph();
        foreach (var r in accepted)
        {
            if (r.Model.FrameOfReferenceUid is not { } registered) continue;
            foreach (var item in r.Model.Items)
            {
                if (item.FrameOfReferenceUid is not { } source || source == registered || item.Transform is not { } m) continue;
                graph.Add(source, registered, Misread(m, fault), r.Model.SopInstanceUid, item.Index);
            }
        }
        return graph;
    }

    private static Matrix4 Misread(Matrix4 m, string? fault)
    {
        var flip = Matrix4.Scale(-1, -1, 1);
        return fault switch
        {
            FaultCatalogue.InvertedMatrix => m.Inverse(),
            FaultCatalogue.TransposedMatrix => m.Transpose(),
            FaultCatalogue.RasCoordinates => flip * m * flip,
            FaultCatalogue.CmUnits => m.WithTranslation(m.Translation / 10),
            _ => m,
        };
    }
}

namespace ConformanceKit.Geometry.Registration;

/// <summary>One hop of a path: from one Frame of Reference into another through one SRO item (or its inverse).</summary>
public sealed record FrameOfReferenceHop(string From, string To, Matrix4 ToFromMatrix, string? SopInstanceUid, int ItemIndex, bool Inverted);

/// <summary>A chain of hops and the matrix it composes to: p_to = Matrix * p_from.</summary>
public sealed record FrameOfReferencePath(string From, string To, Matrix4 Matrix, IReadOnlyList<FrameOfReferenceHop> Hops);

/// <summary>
/// Frames of Reference as nodes and SRO items as edges (item FoR -> the SRO's Registered FoR with the item
/// matrix, and back with its inverse), so that any two frames joined by registrations can be related:
/// BMC = (AMB)^-1 * AMC, PS3.3 Eq. C.20.2-3, applied hop by hop (reg-profile.md 9).
/// </summary>
public sealed class FrameOfReferenceGraph
{
    private readonly Dictionary<string, List<FrameOfReferenceHop>> _edges = new(StringComparer.Ordinal);

    public IEnumerable<string> FramesOfReference => _edges.Keys;

    /// <summary>Adds every item of <paramref name="sro"/> that names a Frame of Reference other than the Registered one and has a matrix.</summary>
    public FrameOfReferenceGraph Add(SpatialRegistration sro)
    {
        if (sro.FrameOfReferenceUid is not { } registered) return this;
        Node(registered);
        foreach (var item in sro.Items)
        {
            if (item.FrameOfReferenceUid is not { } source || item.Transform is not { } m) continue;
            if (source == registered) continue; // the identity item of IHE-RO SROs
            Add(source, registered, m, sro.SopInstanceUid, item.Index);
        }
        return this;
    }

    /// <summary>Adds one registration: p_to = toFromMatrix * p_from.</summary>
    public FrameOfReferenceGraph Add(string from, string to, Matrix4 toFromMatrix, string? sopInstanceUid = null, int itemIndex = 0)
    {
        Node(from).Add(new FrameOfReferenceHop(from, to, toFromMatrix, sopInstanceUid, itemIndex, false));
        Matrix4 inverse;
        try { inverse = toFromMatrix.Inverse(); }
        catch (InvalidOperationException) { return this; } // a singular matrix cannot be walked backwards
        Node(to).Add(new FrameOfReferenceHop(to, from, inverse, sopInstanceUid, itemIndex, true));
        return this;
    }

    private List<FrameOfReferenceHop> Node(string uid)
    {
        if (!_edges.TryGetValue(uid, out var list)) _edges[uid] = list = [];
        return list;
    }

    /// <summary>The shortest chain of registrations from <paramref name="from"/> to <paramref name="to"/>, or null when they are not connected.</summary>
    public FrameOfReferencePath? FindPath(string from, string to)
    {
        if (from == to) return new FrameOfReferencePath(from, to, Matrix4.Identity, []);
        if (!_edges.ContainsKey(from) || !_edges.ContainsKey(to)) return null;
        var previous = new Dictionary<string, FrameOfReferenceHop>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var hop in _edges[node])
            {
                if (!seen.Add(hop.To)) continue;
                previous[hop.To] = hop;
                if (hop.To == to) return Build(from, to, previous);
                queue.Enqueue(hop.To);
            }
        }
        return null;
    }

    private static FrameOfReferencePath Build(string from, string to, Dictionary<string, FrameOfReferenceHop> previous)
    {
        var hops = new List<FrameOfReferenceHop>();
        for (var n = to; n != from; n = previous[n].From) hops.Add(previous[n]);
        hops.Reverse();
        var m = hops.Aggregate(Matrix4.Identity, (acc, h) => h.ToFromMatrix * acc);
        return new FrameOfReferencePath(from, to, m, hops);
    }

    /// <summary>
    /// For every pair of frames joined by two different registrations (parallel edges, e.g. two SROs that both
    /// relate MR to CT), the largest distance between the two mappings of the test points. A consistent set of
    /// SROs gives residuals at DS precision (REG-SRO-035).
    /// </summary>
    public IReadOnlyList<(string From, string To, double ResidualMm)> ParallelResiduals(IReadOnlyList<Vector3> testPoints)
    {
        var result = new List<(string, string, double)>();
        foreach (var (node, hops) in _edges)
            foreach (var group in hops.Where(h => !h.Inverted).GroupBy(h => h.To))
            {
                var list = group.ToList();
                for (var a = 0; a < list.Count; a++)
                    for (var b = a + 1; b < list.Count; b++)
                        result.Add((node, group.Key, testPoints.Max(p => list[a].ToFromMatrix.TransformPoint(p).DistanceTo(list[b].ToFromMatrix.TransformPoint(p)))));
            }
        return result;
    }
}

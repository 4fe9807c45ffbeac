using ConformanceKit.Rules.Images;
using ConformanceKit.Rules.Registration;
using ConformanceKit.Rules.RtObjects;
using ConformanceKit.Rules.Sets;

namespace ConformanceKit.Rules.Validation;

/// <summary>The rules over a set of objects (grouped by patient, study, series and Frame of Reference).</summary>
public static class SetValidator
{
    public static void Validate(IReadOnlyList<ObjectSummary> objects, ValidationOptions options, FindingSink sink)
    {
        var set = new SetIndex(objects);
        ConsistencyRules.Check(set, sink);
        ImageSetRules.Check(set, options, sink);
        SroSetRules.Check(set, options, sink);
        RtSetRules.Check(set, options, sink);
    }
}

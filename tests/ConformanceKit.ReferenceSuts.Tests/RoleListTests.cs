using ConformanceKit.Scenarios.ReferenceSuts;

namespace ConformanceKit.ReferenceSuts.Tests;

/// <summary>The reference SUT roles are listed, not found by reflection (native ck): the list must name every role class.</summary>
public sealed class RoleListTests
{
    [Test]
    public void Every_role_class_is_listed_once_in_class_name_order()
    {
        var classes = typeof(IReferenceSutRole).Assembly.GetTypes()
            .Where(t => typeof(IReferenceSutRole).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        var listed = ReferenceSutRegistry.AllRoles().Select(r => r.GetType().FullName!).ToList();
        Assert.That(listed, Is.EqualTo(classes));
    }
}

using System.Xml.Linq;
using CustomerService.Core.Testing;

namespace CustomerService.Core.Tests.Conformance;

/// <summary>The conformance kit package keeps the repository's promises: documented thread safety, few dependencies, sealed exceptions, virtual tests.</summary>
public sealed class TestingPackageTests
{
    private static readonly System.Reflection.Assembly Package = typeof(StorageConformanceTests).Assembly;

    [Fact]
    public void EveryPublicType_StatesItsThreadSafety()
    {
        var docs = XDocument.Load(Path.ChangeExtension(Package.Location, ".xml"));
        var documented = docs.Descendants("member")
            .Where(m => m.Element("threadsafety") is not null)
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = Package.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(id => !documented.Contains(id))
            .ToList();

        Assert.True(missing.Count == 0, "Public types without <threadsafety>: " + string.Join(", ", missing));
    }

    [Fact]
    public void Package_ReferencesOnlyTheCoreItsStudioDeskNodaTimeAndXunit()
    {
        string[] allowed = ["CustomerService.Core", "CustomerService.Core.Leads.Studio", "NodaTime", "xunit.assert", "xunit.core", "xunit.abstractions"];

        var referenced = Package.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib");

        Assert.All(referenced, name => Assert.Contains(name, allowed));
    }

    [Fact]
    public void EveryPublicException_IsSealedAndNotALibraryException()
    {
        var exceptions = Package.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        Assert.Equal([typeof(InjectedFaultException)], exceptions);
        Assert.True(typeof(InjectedFaultException).IsSealed);
        Assert.False(typeof(CustomerServiceException).IsAssignableFrom(typeof(InjectedFaultException)), "An injected infrastructure fault must not look like a domain error.");
    }

    [Theory]
    [InlineData(typeof(StorageConformanceTests), 35)]
    [InlineData(typeof(CustomerProfileStoreConformanceTests), 15)]
    public void EveryConformanceTest_IsPublicVirtualAndNamedMethodScenarioExpected(Type kit, int atLeast)
    {
        var tests = kit.GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(FactAttribute), inherit: true).Length > 0)
            .ToList();

        Assert.True(tests.Count >= atLeast, $"Expected the kit's tests, found {tests.Count}.");
        Assert.All(tests, m => Assert.True(m.IsVirtual && !m.IsFinal && m.IsPublic, $"{m.Name} must be public virtual."));
        Assert.All(tests, m => Assert.Equal(3, m.Name.Split('_').Length));
        Assert.All(tests, m => Assert.Equal(typeof(Task), m.ReturnType));
    }
}

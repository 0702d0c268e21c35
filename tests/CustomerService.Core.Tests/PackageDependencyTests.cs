using System.Reflection;

namespace CustomerService.Core.Tests;

/// <summary>The package promises to depend on NodaTime, Stateless and the two Microsoft.Extensions abstractions only.</summary>
public sealed class PackageDependencyTests
{
    [Fact]
    public void Package_ReferencesOnlyThePromisedAssemblies()
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "NodaTime",
            "Stateless",
            "Microsoft.Extensions.DependencyInjection.Abstractions",
            "Microsoft.Extensions.Options",
            "Microsoft.Extensions.Logging.Abstractions",
            "Microsoft.Extensions.Primitives",
        };

        var referenced = typeof(CustomerServiceException).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib")
            .ToList();

        Assert.All(referenced, name => Assert.Contains(name, allowed));
    }

    [Fact]
    public void Package_ShipsXmlDocumentationBesideTheAssembly()
    {
        var location = typeof(CustomerServiceException).Assembly.Location;
        var xml = Path.ChangeExtension(location, ".xml");
        Assert.True(File.Exists(xml), $"Expected XML docs at {xml}.");
        Assert.Contains("CustomerServiceException", File.ReadAllText(xml), StringComparison.Ordinal);
    }
}

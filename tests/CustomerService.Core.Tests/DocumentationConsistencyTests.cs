using System.Xml.Linq;

namespace CustomerService.Core.Tests;

/// <summary>Every public type tells its users whether they may share it between threads.</summary>
public sealed class DocumentationConsistencyTests
{
    [Fact]
    public void EveryPublicType_StatesItsThreadSafety()
    {
        var assembly = typeof(CustomerServiceException).Assembly;
        var docs = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var documented = docs.Descendants("member")
            .Where(m => m.Element("threadsafety") is not null)
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = assembly.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(id => !documented.Contains(id))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "Public types without <threadsafety>: " + string.Join(", ", missing));
    }
}

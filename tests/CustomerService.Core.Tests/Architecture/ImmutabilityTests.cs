using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CustomerService.Core.Tests.Architecture;

/// <summary>
/// Every public type whose documentation claims immutability (its <c>threadsafety</c> note says "This type is
/// immutable…", "Instances are immutable…", "Commands/Events are immutable…", or "an immutable value type") has no
/// settable state: no public setter other than <c>init</c>, no writable instance field (in the type or in its bases of
/// the package), and no public property or field of a mutable collection type.
/// </summary>
public sealed partial class ImmutabilityTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(CustomerServiceEvent).Assembly,
        typeof(Core.Sqlite.SqliteDocumentStore).Assembly,
        typeof(Core.PostgreSql.PostgreSqlDocumentStore).Assembly,
        typeof(Core.Hosting.HostedDueWorkOptions).Assembly,
        typeof(Core.Routing.RoutingTable).Assembly,
        typeof(Core.Knowledge.ArticleLifecycle).Assembly,
        typeof(Core.Testing.StorageConformanceTests).Assembly,
    ];

    [Fact]
    public void TypesClaimingImmutability_AreFound()
    {
        // The check below must have something to check: the claims are read from the XML documentation.
        Assert.True(ClaimingTypes().Count() > 100, $"only {ClaimingTypes().Count()} types claim immutability; is the XML documentation beside the assemblies?");
    }

    [Fact]
    public void TypesClaimingImmutability_HaveNoSettableState()
    {
        var problems = ClaimingTypes().SelectMany(Problems).ToList();

        Assert.True(problems.Count == 0, "Types documented as immutable with settable state:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Problems_OfAMutableType_AreFound()
    {
        // The check can fail: a setter (and its writable backing field), a writable field and a list property.
        Assert.Equal(4, Problems(typeof(Mutable), [typeof(Mutable).Assembly]).Count());
        Assert.Empty(Problems(typeof(Immutable), [typeof(Immutable).Assembly]));
    }

    private static IEnumerable<Type> ClaimingTypes()
    {
        foreach (var assembly in Packages)
        {
            var xml = Path.ChangeExtension(assembly.Location, ".xml");
            var claims = XDocument.Load(xml).Descendants("member")
                .Where(m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true)
                .Where(m => m.Element("threadsafety") is { } note && Claim().IsMatch(note.Value))
                .Select(m => ((string)m.Attribute("name")!)[2..])
                .ToHashSet(StringComparer.Ordinal);
            foreach (var type in assembly.GetExportedTypes().Where(t => !t.IsEnum && claims.Contains(DocumentationName(t))))
            {
                yield return type;
            }
        }
    }

    private static IEnumerable<string> Problems(Type type) => Problems(type, Packages);

    /// <summary>The settable state of <paramref name="type"/> declared in <paramref name="scope"/> (not, say, <see cref="Exception.HelpLink"/>).</summary>
    private static IEnumerable<string> Problems(Type type, IReadOnlyCollection<Assembly> scope)
    {
        const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => scope.Contains(p.DeclaringType!.Assembly)))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                yield return $"{type.FullName}.{property.Name} has a public setter";
            }

            if (IsMutableCollection(property.PropertyType))
            {
                yield return $"{type.FullName}.{property.Name} is a mutable collection ({property.PropertyType.Name})";
            }
        }

        for (var t = type; t is not null && scope.Contains(t.Assembly); t = t.BaseType)
        {
            foreach (var field in t.GetFields(Declared).Where(f => !f.IsInitOnly && !f.IsLiteral))
            {
                yield return $"{t.FullName}.{field.Name} is a writable field";
            }
        }
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsMutableCollection(Type type) =>
        type.IsArray
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(List<>) || d == typeof(Dictionary<,>) || d == typeof(HashSet<>) || d == typeof(SortedDictionary<,>) || d == typeof(ICollection<>) || d == typeof(IList<>) || d == typeof(IDictionary<,>) || d == typeof(ISet<>)));

    /// <summary>The XML documentation id of a type: namespace and nested names joined by dots, generic arity kept.</summary>
    private static string DocumentationName(Type type) => type.FullName!.Replace('+', '.');

    [GeneratedRegex(@"(This type is (an )?immutable|Instances are immutable|Commands are immutable|Events are immutable|an immutable value type)")]
    private static partial Regex Claim();

    private sealed class Mutable
    {
        private int _count;

        public string Name { get; set; } = "";

        public List<int> Items { get; } = [];

        public int Count => _count++;
    }

    private sealed record Immutable(string Name, IReadOnlyList<int> Items)
    {
        public string Label { get; init; } = "";
    }
}

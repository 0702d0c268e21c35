using System.Reflection;
using CustomerService.Core.Leads;

namespace CustomerService.Core.Tests.Leads;

/// <summary>The general rules engine (<c>CustomerService.Core.Leads</c>) knows nothing of the studio playbook built on it (<c>CustomerService.Core.Leads.Studio</c>).</summary>
public sealed class LeadsNamespaceTests
{
    private const string Engine = "CustomerService.Core.Leads";
    private const string Studio = "CustomerService.Core.Leads.Studio";

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void EngineTypes_ReferenceNoStudioType()
    {
        var engineTypes = typeof(SegmentationRuleSet).Assembly.GetTypes().Where(t => t.Namespace == Engine).ToList();
        Assert.Contains(typeof(SegmentationRuleSet), engineTypes);

        var offenders = engineTypes
            .SelectMany(t => ReferencedTypes(t).Where(IsStudio).Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "The engine references the studio: " + string.Join(", ", offenders));
    }

    [Fact]
    public void StudioTypes_LiveInTheStudioNamespace()
    {
        Assert.Equal(Studio, typeof(CustomerService.Core.Leads.Studio.StudioPlaybook).Namespace);
        Assert.Equal(Studio, typeof(CustomerService.Core.Leads.Studio.OutreachPlanner).Namespace);
        Assert.Equal(Studio, typeof(CustomerService.Core.Leads.Studio.StudioSegmentation).Namespace);
        Assert.Equal(Engine, typeof(FactValue).Namespace);
        Assert.Equal(Engine, typeof(ChurnRisk).Namespace);
    }

    private static bool IsStudio(Type type) =>
        type.Namespace is { } ns && (ns == Studio || ns.StartsWith(Studio + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        var found = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            found.Add(baseType);
        }

        found.AddRange(type.GetInterfaces());
        foreach (var field in type.GetFields(Everything))
        {
            found.Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            found.Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }

            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method.GetMethodBody() is { } body)
            {
                found.AddRange(body.LocalVariables.Select(l => l.LocalType));
            }
        }

        return found.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Expand).Append(type) : [type];
    }
}

using System.Reflection;
using CustomerService.Core;

namespace CustomerService.Core.Tour;

/// <summary>Prints which package version the tour runs against and what it depends on.</summary>
internal static class AboutSection
{
    public static void Run(TextWriter output)
    {
        var assembly = typeof(CustomerServiceException).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        output.WriteLine($"CustomerService.Core {version}");
        foreach (var reference in assembly.GetReferencedAssemblies().Where(r => !r.Name!.StartsWith("System", StringComparison.Ordinal)).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"  depends on {reference.Name} {reference.Version}");
        }
    }
}

using System.Reflection;
using CustomerService.Core;

namespace CustomerService.Core.Tour;

/// <summary>Prints which package version the tour runs against and the package versions it depends on.</summary>
internal static class AboutSection
{
    public static void Run(TextWriter output)
    {
        var assembly = typeof(CustomerServiceException).Assembly;
        output.WriteLine($"CustomerService.Core {InformationalVersion(assembly)}");
        foreach (var reference in assembly.GetReferencedAssemblies()
                     .Where(r => !r.Name!.StartsWith("System", StringComparison.Ordinal))
                     .OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            // Assembly versions are not package versions (Stateless 5.x ships assembly version 4.0.0.0):
            // read the informational version of the assembly actually loaded.
            output.WriteLine($"  depends on {reference.Name} {InformationalVersion(Assembly.Load(reference))}");
        }
    }

    private static string InformationalVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var metadata = version.IndexOf('+', StringComparison.Ordinal);
        return metadata < 0 ? version : version[..metadata];
    }
}

using CustomerService.Core.Leads.Studio;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CustomerService.Core.DependencyInjection;
using CustomerService.Core.Hosting;
using CustomerService.Core.PostgreSql;
using CustomerService.Core.Knowledge;
using CustomerService.Core.Routing;
using CustomerService.Core.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Core.Tests;

/// <summary>Every public type tells its users whether they may share it between threads; every JSON example of the docs binds.</summary>
public sealed partial class DocumentationConsistencyTests
{
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CustomerService.Core.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with CustomerService.Core.sln) was not found above the test's directory.");
    }

    /// <summary>Every ```json block of every docs page, the README and the package READMEs.</summary>
    public static TheoryData<string, int> JsonExamples()
    {
        var root = RepositoryRoot();
        var pages = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Append(Path.Combine(root, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories));
        var data = new TheoryData<string, int>();
        foreach (var page in pages.Order(StringComparer.Ordinal))
        {
            var count = JsonBlock().Count(File.ReadAllText(page));
            for (var i = 0; i < count; i++)
            {
                data.Add(Path.GetRelativePath(root, page), i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonExamples))]
    public void JsonExample_OfTheDocs_BindsAndValidatesThroughTheRealBinding(string page, int index)
    {
        var json = JsonBlock().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), page)))[index].Groups[1].Value;
        using (var document = JsonDocument.Parse(json))
        {
            Assert.True(
                document.RootElement.TryGetProperty(CustomerServiceCoreOptions.SectionName, out _),
                $"{page}, JSON example {index}: write it as a whole appsettings.json, with the CustomerServiceCore section at the top.");
        }

        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        // Every package's section is known (the storage registered last wins; the examples are only bound and validated).
        services.AddCustomerServiceCore(configuration)
            .AddPostgreSqlStorage(o => o.ConnectionString = string.IsNullOrEmpty(o.ConnectionString) ? "Host=localhost;Database=docs" : o.ConnectionString)
            .AddSqliteStorage(o => o.ConnectionString = string.IsNullOrEmpty(o.ConnectionString) ? "Data Source=docs.db" : o.ConnectionString)
            .AddHostedDueWork()
            .AddStudioDesk()
            .AddRouting()
            .AddKnowledgeBase();
        using var provider = services.BuildServiceProvider();

        provider.ValidateCustomerServiceCoreOptions();
    }

    [Fact]
    public void PackageReadmes_LinkOnlyToAbsoluteAddresses()
    {
        var root = RepositoryRoot();
        var projects = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var readme = Path.Combine(Path.GetDirectoryName(project)!, "README.md");
            Assert.True(File.Exists(readme), $"{project} has no package README.");
            var links = MarkdownLink().Matches(File.ReadAllText(readme)).Select(m => m.Groups[1].Value).ToList();
            Assert.All(links, link => Assert.StartsWith("https://", link, StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("```json\\s*\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"\]\(([^)]+)\)")]
    private static partial Regex MarkdownLink();

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

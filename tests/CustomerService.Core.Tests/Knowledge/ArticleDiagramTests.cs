using System.Text;
using CustomerService.Core.Knowledge;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>
/// The article diagram in docs/knowledge.md is generated from the lifecycle's definition; this test fails when it is stale.
/// Regenerate it with <c>UPDATE_LIFECYCLE_DIAGRAMS=1 dotnet test tests/CustomerService.Core.Tests -c Release --filter FullyQualifiedName~ArticleDiagramTests</c>.
/// </summary>
public sealed class ArticleDiagramTests
{
    private const string UpdateVariable = "UPDATE_LIFECYCLE_DIAGRAMS";
    private const string Begin = "<!-- BEGIN generated article diagram -->";
    private const string End = "<!-- END generated article diagram -->";

    [Fact]
    public void Diagram_CommittedInDocs_MatchesTheDefinition()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "knowledge.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var stop = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/knowledge.md must contain the markers {Begin} and {End}.");

        var expected = Block(Stateless.Graph.MermaidGraph.Format(ArticleLifecycle.GetInfo()));
        var committed = text[(start + Begin.Length)..stop];
        if (committed == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, string.Concat(text.AsSpan(0, start + Begin.Length), expected, text.AsSpan(stop)));
            return;
        }

        Assert.Fail($"The article diagram in docs/knowledge.md is stale. Regenerate it with `{UpdateVariable}=1 dotnet test tests/CustomerService.Core.Tests -c Release --filter FullyQualifiedName~ArticleDiagramTests` and commit docs/knowledge.md.");
    }

    private static string Block(string mermaid)
    {
        var lines = mermaid.ReplaceLineEndings("\n").Split('\n').Select(l => l.Replace("\t", "    ", StringComparison.Ordinal).TrimEnd()).Where(l => l.Length > 0);
        var builder = new StringBuilder("\n```mermaid\n");
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.Append("```\n").ToString();
    }

    private static string RepositoryRoot()
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
}

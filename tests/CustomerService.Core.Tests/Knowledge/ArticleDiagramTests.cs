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
        var path = Path.Combine(RepositoryFiles.Root, "docs", "knowledge.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var stop = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/knowledge.md must contain the markers {Begin} and {End}.");

        var expected = LifecycleDiagramTests.Block(Stateless.Graph.MermaidGraph.Format(ArticleLifecycle.GetInfo()));
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
}

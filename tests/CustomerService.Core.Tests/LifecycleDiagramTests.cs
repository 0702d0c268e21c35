using System.Text;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.Core.Tests;

/// <summary>
/// The diagrams in docs/lifecycles.md are generated from the lifecycle definitions; this test fails when they are
/// stale. Regenerate them with:
/// <c>UPDATE_LIFECYCLE_DIAGRAMS=1 dotnet test tests/CustomerService.Core.Tests -c Release --filter FullyQualifiedName~LifecycleDiagramTests</c>.
/// </summary>
public sealed class LifecycleDiagramTests
{
    private const string UpdateVariable = "UPDATE_LIFECYCLE_DIAGRAMS";

    public static TheoryData<string> Names() => ["ticket", "complaint", "callback"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Diagram_CommittedInDocs_MatchesTheDefinition(string name)
    {
        var path = Path.Combine(RepositoryFiles.Root, "docs", "lifecycles.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var (begin, end) = Markers(name);
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/lifecycles.md must contain the markers {begin} and {end}.");

        var expected = Block(Generate(name));
        var committed = text[(start + begin.Length)..stop];
        if (committed == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, string.Concat(text.AsSpan(0, start + begin.Length), expected, text.AsSpan(stop)));
            return;
        }

        Assert.Fail($"The {name} diagram in docs/lifecycles.md is stale. Regenerate it with `{UpdateVariable}=1 dotnet test tests/CustomerService.Core.Tests -c Release --filter FullyQualifiedName~LifecycleDiagramTests` and commit docs/lifecycles.md.");
    }

    private static string Generate(string name) => name switch
    {
        "ticket" => new TicketLifecycle(new TicketOptions()).ToMermaid(),
        "complaint" => new ComplaintLifecycle().ToMermaid(),
        "callback" => new CallbackLifecycle(new CallbackOptions().ToRetryPolicy(), DateTimeZoneProviders.Tzdb).ToMermaid(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (string Begin, string End) Markers(string name) =>
        ($"<!-- BEGIN generated {name} diagram -->", $"<!-- END generated {name} diagram -->");

    /// <summary>A Mermaid diagram as the fenced block the docs hold (tabs as four spaces, no blank or trailing-space lines).</summary>
    internal static string Block(string mermaid)
    {
        var lines = mermaid.ReplaceLineEndings("\n").Split('\n').Select(l => l.Replace("\t", "    ", StringComparison.Ordinal).TrimEnd()).Where(l => l.Length > 0);
        var builder = new StringBuilder("\n```mermaid\n");
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.Append("```\n").ToString();
    }
}

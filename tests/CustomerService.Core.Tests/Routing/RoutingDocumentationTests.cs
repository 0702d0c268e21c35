using CustomerService.Core.Leads;
using CustomerService.Core.Routing;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;

namespace CustomerService.Core.Tests.Routing;

/// <summary>The variables docs/routing.md's classification snippet uses.</summary>
public sealed class RoutingSnippetGlobals
{
#pragma warning disable SA1307, SA1401, CA1051, IDE1006 // The snippet's own variable names.
    public RoutingTable table = null!;
    public Instant now;
#pragma warning restore SA1307, SA1401, CA1051, IDE1006
}

/// <summary>The code and the explanation shown in docs/routing.md are what the package does.</summary>
public sealed class RoutingDocumentationTests : IDisposable
{
    private readonly RoutingDesk _desk = new(RoutingDesk.At(7, 10));

    public void Dispose() => _desk.Dispose();

    private static string Page => RepositoryFiles.Read("docs", "routing.md");

    [Fact]
    public async Task ClassificationSnippet_RunsAsWritten_AndTakesTheRouteItsCommentSays()
    {
        var snippet = RepositoryFiles.CodeBlocks(Page, "csharp").Single(c => c.Contains("table.Classify", StringComparison.Ordinal));
        var options = ScriptOptions.Default
            .AddReferences(typeof(RoutingTable).Assembly, typeof(FactValue).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "NodaTime", "CustomerService.Core.Leads", "CustomerService.Core.Routing");

        var state = await CSharpScript.RunAsync(snippet, options, new RoutingSnippetGlobals { table = _desk.Table, now = RoutingDesk.At(7, 10) });

        Assert.Contains("// \"Loyal care\", by rule LoyalComplaint", snippet, StringComparison.Ordinal);
        Assert.Equal("Loyal care", ((RouteDefinition)state.GetVariable("route").Value).Name);
        Assert.Equal("LoyalComplaint", _desk.Table.Classification.Rules[((SegmentDecision)state.GetVariable("rule").Value).RuleIndex].Name);
    }

    [Fact]
    public void ExplanationShown_IsTheTablesExplanationOfTheTenOClockCall()
    {
        var shown = RepositoryFiles.CodeBlocks(Page, "text")[0].Trim().ReplaceLineEndings("\n");
        var statuses = new AgentStatus[_desk.Table.Agents.Count];
        _desk.Board.GetStatuses(_desk.Table, RoutingDesk.At(7, 10), statuses);

        var explanation = _desk.Table.Explain(RoutingDesk.Facts(_desk.Table, "Complaint", segment: "Loyal"), RoutingDesk.At(7, 10), statuses, new CustomerAffinity("zhang", null), 0);

        Assert.Equal(shown, explanation.ToString().ReplaceLineEndings("\n"));
    }
}

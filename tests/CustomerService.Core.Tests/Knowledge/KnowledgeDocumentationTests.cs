using CustomerService.Core.Calendars;
using CustomerService.Core.Knowledge;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>The variables docs/knowledge.md's lifecycle snippet uses.</summary>
public sealed class KnowledgeSnippetGlobals
{
#pragma warning disable SA1307, SA1401, CA1051, IDE1006 // The snippet's own variable names.
    public BusinessCalendar beijing = null!;
    public Instant approvedAt;
#pragma warning restore SA1307, SA1401, CA1051, IDE1006
}

/// <summary>The code shown in docs/knowledge.md is what the package does.</summary>
public sealed class KnowledgeDocumentationTests
{
    [Fact]
    public async Task LifecycleSnippet_RunsAsWritten_AndGivesTheReviewDateItsCommentSays()
    {
        var snippet = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "knowledge.md"), "csharp").Single(c => c.Contains("lifecycle.Create", StringComparison.Ordinal));
        var options = ScriptOptions.Default
            .AddReferences(typeof(ArticleLifecycle).Assembly, typeof(BusinessCalendar).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "System.Collections.Generic", "NodaTime", "CustomerService.Core.Knowledge");
        var approvedAt = new LocalDateTime(2026, 9, 30, 10, 0).InZoneStrictly(KnowledgeDesk.Shanghai).ToInstant();

        var state = await CSharpScript.RunAsync(snippet, options, new KnowledgeSnippetGlobals { beijing = KnowledgeDesk.Beijing, approvedAt = approvedAt });

        Assert.Contains("// published.ReviewDueAt: Tuesday 13 October 2026, 10:00 in Shanghai", snippet, StringComparison.Ordinal);
        var published = (Article)state.GetVariable("published").Value;
        Assert.Equal(new LocalDateTime(2026, 10, 13, 10, 0).InZoneStrictly(KnowledgeDesk.Shanghai).ToInstant(), published.ReviewDueAt);
    }
}

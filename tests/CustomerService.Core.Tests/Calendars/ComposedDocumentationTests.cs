using CustomerService.Core.Calendars;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The composed and versioned calendar examples of docs/calendars.md run as written and give the answers they state.</summary>
public sealed class ComposedDocumentationTests
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(BusinessCalendar).Assembly, typeof(Instant).Assembly)
        .AddImports("System", "NodaTime", "CustomerService.Core.Calendars");

    private static string Snippet(string marker) =>
        RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "calendars.md"), "csharp").Single(c => c.Contains(marker, StringComparison.Ordinal));

    [Fact]
    public async Task ComposedSnippet_RunsAsWritten()
    {
        var state = await CSharpScript.RunAsync(Snippet("BusinessCalendar.Difference("), Options);
        var covered = (BusinessCalendar)state.GetVariable("covered").Value;

        // Team 08:00–17:00 Shanghai ∩ contract 09:00–18:00 Berlin (16:00–01:00 Shanghai in winter) = 16:00–17:00 on weekdays.
        Assert.Equal(Instant.FromUtc(2026, 1, 6, 9, 0), state.GetVariable("due").Value);
        Assert.Equal(ClosedReason.Excluded, state.GetVariable("why").Value);
        Assert.Equal(Duration.FromMinutes(270), covered.BusinessTimeBetween(Instant.FromUtc(2026, 1, 5, 0, 0), Instant.FromUtc(2026, 1, 10, 0, 0)));
    }

    [Fact]
    public async Task VersionedSnippet_RunsAsWritten()
    {
        var state = await CSharpScript.RunAsync(Snippet("BusinessCalendar.Versioned("), Options);

        // Monday 2025-06-02 09:00 + 12 h of 09:00–18:00 = Tuesday 12:00; Monday 2026-03-02 08:00 + 12 h of 08:00–20:00 = Monday 20:00.
        Assert.Equal(Instant.FromUtc(2025, 6, 3, 4, 0), state.GetVariable("oldDue").Value);
        Assert.Equal(Instant.FromUtc(2026, 3, 2, 12, 0), state.GetVariable("newDue").Value);
    }
}

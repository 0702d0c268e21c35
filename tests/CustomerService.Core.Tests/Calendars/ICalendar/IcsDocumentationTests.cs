using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.ICalendar;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NodaTime;
using NodaTime.Testing;
using Interval = NodaTime.Interval;

namespace CustomerService.Core.Tests.Calendars.ICalendar;

/// <summary>The variables docs/calendars.md's iCalendar snippet uses.</summary>
public sealed class IcsSnippetGlobals
{
#pragma warning disable SA1307, SA1401, CA1051, IDE1006 // The snippet's own variable names.
    public string ics = string.Empty;
    public IClock clock = null!;
#pragma warning restore SA1307, SA1401, CA1051, IDE1006
}

/// <summary>The iCalendar example of docs/calendars.md runs as written and builds the China help desk.</summary>
public sealed class IcsDocumentationTests
{
    [Fact]
    public async Task IcsSnippet_RunsAsWritten_AndBuildsTheHandBuiltChinaDesk()
    {
        var snippet = RepositoryFiles.CodeBlocks(RepositoryFiles.Read("docs", "calendars.md"), "csharp").Single(c => c.Contains(".ImportIcs(", StringComparison.Ordinal));
        var options = ScriptOptions.Default
            .AddReferences(typeof(BusinessCalendar).Assembly, typeof(IcsExport).Assembly, typeof(Instant).Assembly)
            .AddImports("System", "System.IO", "NodaTime", "CustomerService.Core.Calendars", "CustomerService.Core.Calendars.ICalendar");
        var ics = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Calendars", "Data", "cn-holidays-2025-2026.ics"));

        var state = await CSharpScript.RunAsync(snippet, options, new IcsSnippetGlobals { ics = ics, clock = new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0)) });

        var desk = (BusinessCalendar)state.GetVariable("desk").Value;
        var byHand = MainlandChinaHolidays.BuildHelpDesk(years: [2025, 2026]);
        var all = new Interval(Instant.FromUtc(2024, 12, 1, 0, 0), Instant.FromUtc(2027, 2, 1, 0, 0));
        Assert.Equal(byHand.OpenIntervals(all), desk.OpenIntervals(all));

        var exported = (string)state.GetVariable("exported").Value;
        var year = new Interval(Instant.FromUtc(2024, 12, 31, 16, 0), Instant.FromUtc(2025, 12, 31, 16, 0));
        var back = BusinessCalendar.CreateBuilder("back", MainlandChinaHolidays.Shanghai)
            .OpenWeekdays(new LocalTime(9, 0), new LocalTime(12, 0))
            .OpenWeekdays(new LocalTime(13, 0), new LocalTime(18, 0))
            .ImportIcs(exported, new IcsImportOptions())
            .Build();
        Assert.Equal(desk.OpenIntervals(year), back.OpenIntervals(year));
    }
}

using CustomerService.Core.Calendars;
using CustomerService.Core.Knowledge;
using NodaTime;

namespace CustomerService.Core.Tests.Knowledge;

/// <summary>A hand-made desk for the knowledge-base tests: two owners' calendars, review intervals per category.</summary>
internal static class KnowledgeDesk
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Weekdays 09:00–18:00 in Shanghai; closed 1–7 October 2026 (a holiday week), open Saturday 10 October (a make-up working day).</summary>
    public static readonly BusinessCalendar Beijing = BuildBeijing();

    /// <summary>Weekdays 09:00–17:00 in London.</summary>
    public static readonly BusinessCalendar LondonDesk = BusinessCalendar.CreateBuilder("London desk", London)
        .OpenWeekdays(new LocalTime(9, 0), new LocalTime(17, 0))
        .Build();

    /// <summary>20 business days by default, 5 for <c>refund-status</c>; <c>agent-london</c> counts on the London calendar, everyone else on Beijing's.</summary>
    public static readonly ArticleReviewSchedule Schedule = new(
        Beijing,
        20,
        new Dictionary<string, int> { ["refund-status"] = 5 },
        new Dictionary<string, BusinessCalendar> { ["agent-london"] = LondonDesk });

    public static readonly ArticleLifecycle Lifecycle = new(Schedule);

    /// <summary>Monday 2026-09-28 10:00 in Shanghai.</summary>
    public static readonly Instant Monday = new LocalDateTime(2026, 9, 28, 10, 0).InZoneStrictly(Shanghai).ToInstant();

    public static NewArticle Sample(string id = "KB-1", string category = "refund-status", string owner = "agent-owner") =>
        new(id, category, owner, "How long does a refund take?", "cms://kb/" + id);

    /// <summary>A published article: created by <c>agent-writer</c>, submitted, approved by <c>agent-reviewer</c>, all at <paramref name="at"/>.</summary>
    public static Article Published(Instant at, string id = "KB-1", string category = "refund-status", string owner = "agent-owner")
    {
        var draft = Lifecycle.Create(Sample(id, category, owner), "agent-writer", at);
        var submitted = Lifecycle.Apply(draft, new ArticleCommand.Submit(), "agent-writer", at);
        return Lifecycle.Apply(submitted, new ArticleCommand.Approve(), "agent-reviewer", at);
    }

    private static BusinessCalendar BuildBeijing()
    {
        var builder = BusinessCalendar.CreateBuilder("Beijing desk", Shanghai).OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0));
        for (var day = 1; day <= 7; day++)
        {
            builder.Closed(new LocalDate(2026, 10, day));
        }

        return builder.OpenOn(new LocalDate(2026, 10, 10), new LocalTime(9, 0), new LocalTime(18, 0)).Build();
    }
}

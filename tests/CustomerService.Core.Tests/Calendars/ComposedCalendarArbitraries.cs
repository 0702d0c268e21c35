using CustomerService.Core.Calendars;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CustomerService.Core.Tests.Calendars;

/// <summary>The three compositions.</summary>
public enum SetOperation
{
    Intersection,
    Union,
    Difference,
}

/// <summary>A composed calendar of two random calendars, with an oracle built from the two configurations alone.</summary>
public sealed class ComposedSpec(CalendarSpec first, CalendarSpec second, SetOperation kind)
{
    private readonly Lazy<BusinessCalendar> calendar = new(() => kind switch
    {
        SetOperation.Intersection => BusinessCalendar.Intersection("Composed", first.Calendar, second.Calendar),
        SetOperation.Union => BusinessCalendar.Union("Composed", first.Calendar, second.Calendar),
        _ => BusinessCalendar.Difference("Composed", first.Calendar, second.Calendar),
    });

    public BusinessCalendar Calendar => calendar.Value;

    public CalendarSpec First => first;

    public CalendarSpec Second => second;

    public SetOperation Kind => kind;

    /// <summary>Membership from the two configurations, independently of the library's schedules and timelines.</summary>
    public bool ContainsBySpec(Instant instant) => kind switch
    {
        SetOperation.Intersection => first.ContainsBySpec(instant) && second.ContainsBySpec(instant),
        SetOperation.Union => first.ContainsBySpec(instant) || second.ContainsBySpec(instant),
        _ => first.ContainsBySpec(instant) && !second.ContainsBySpec(instant),
    };

    public override string ToString() => $"{kind}({first} | {second})";
}

/// <summary>A versioned calendar: random versions in one zone from random dates on, with an oracle from the configurations.</summary>
public sealed class VersionedSpec(string zoneId, CalendarSpec initial, (LocalDate Date, CalendarSpec Spec)[] changes)
{
    private readonly Lazy<BusinessCalendar> calendar = new(() => BusinessCalendar.Versioned(
        "Versioned", initial.Calendar, [.. changes.Select(c => new CalendarVersion(c.Date, c.Spec.Calendar))]));

    public BusinessCalendar Calendar => calendar.Value;

    /// <summary>The version in force at an instant: the last whose date's first instant in the zone is not after it.</summary>
    public CalendarSpec VersionAt(Instant instant)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var spec = initial;
        foreach (var (date, version) in changes)
        {
            if (zone.AtStartOfDay(date).ToInstant() <= instant)
            {
                spec = version;
            }
        }

        return spec;
    }

    public bool ContainsBySpec(Instant instant) => VersionAt(instant).ContainsBySpec(instant);

    public override string ToString() => $"{initial} {string.Join(" ", changes.Select(c => $"from {c.Date:uuuu-MM-dd}: {c.Spec}"))}";
}

/// <summary>Generators of composed and versioned calendars over the whole supported range.</summary>
public static class ComposedCalendarArbitraries
{
    private static readonly string[] ZoneIds = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "America/Havana", "Australia/Lord_Howe"];

    // DST changes as version dates: New York (02:00), Berlin (02:00/03:00), Havana (at midnight, so the day starts at 01:00), Lord Howe (half hour).
    private static readonly LocalDate[] DstDates =
    [
        new(2026, 3, 8), new(2026, 11, 1), new(2025, 3, 30), new(2025, 10, 26), new(2024, 3, 10), new(2024, 11, 3),
        new(2025, 10, 5), new(2025, 4, 6), new(1970, 4, 26), new(1970, 10, 25),
    ];

    public static Arbitrary<ComposedSpec> Composed() =>
        (from first in CalendarArbitraries.CalendarGen()
         from second in CalendarArbitraries.CalendarGen()
         from kind in Gen.Elements(SetOperation.Intersection, SetOperation.Union, SetOperation.Difference)
         select new ComposedSpec(first, second, kind)).ToArbitrary();

    public static Arbitrary<VersionedSpec> Versioned() =>
        (from zoneId in Gen.Elements(ZoneIds)
         from initial in CalendarArbitraries.CalendarGenIn(zoneId)
         from count in Gen.Choose(0, 3)
         from dates in Gen.ArrayOf(Gen.Frequency((3, CalendarArbitraries.DateGen()), (2, Gen.Elements(DstDates))), count)
         from specs in Gen.ArrayOf(CalendarArbitraries.CalendarGenIn(zoneId), count)
         let ordered = dates.Where(d => d > new LocalDate(1900, 1, 1)).Distinct().Order().ToArray()
         select new VersionedSpec(zoneId, initial, [.. ordered.Zip(specs)])).ToArbitrary();
}

using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>The immutable configuration of a calendar: weekly ranges per day of week and date overrides.</summary>
internal sealed class CalendarSchedule
{
    private readonly LocalRange[][] weekly;
    private readonly Dictionary<LocalDate, LocalRange[]> overrides;

    public CalendarSchedule(LocalRange[][] weekly, Dictionary<LocalDate, LocalRange[]> overrides)
    {
        this.weekly = weekly;
        this.overrides = overrides;
    }

    /// <summary>Gets a value indicating whether no date has any open range.</summary>
    public bool IsNeverOpen => weekly.All(r => r.Length == 0) && overrides.Values.All(r => r.Length == 0);

    /// <summary>Gets the date overrides (an empty array means closed all day).</summary>
    public IReadOnlyDictionary<LocalDate, LocalRange[]> Overrides => overrides;

    /// <summary>Returns the weekly ranges of one day of the week.</summary>
    public LocalRange[] WeeklyRanges(IsoDayOfWeek day) => weekly[(int)day];

    /// <summary>Returns the ranges that belong to a date: its override when it has one, else its weekly ranges.</summary>
    public LocalRange[] RangesFor(LocalDate date) =>
        overrides.Count != 0 && overrides.TryGetValue(date, out var ranges) ? ranges : weekly[(int)date.DayOfWeek];
}

using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>One version of a versioned calendar: the calendar in force from a date on (see <see cref="BusinessCalendar.Versioned"/>).</summary>
/// <param name="EffectiveFrom">The first local date on which <paramref name="Calendar"/> is in force, read in the versioned calendar's zone.</param>
/// <param name="Calendar">The calendar in force from <paramref name="EffectiveFrom"/> until the next version's date.</param>
/// <threadsafety>This is an immutable value; it is thread-safe.</threadsafety>
public readonly record struct CalendarVersion(LocalDate EffectiveFrom, BusinessCalendar Calendar);

namespace CustomerService.Core.Sla;

/// <content>The calendar the resolution chain chose for the case (issue 17, item 4).</content>
public sealed partial record SlaClockSet
{
    /// <summary>Both names in one reference, so a set without a chosen calendar (the common case) grows by one field only.</summary>
    private readonly CalendarChoice? _calendarChoice;

    /// <summary>Gets the name of the calendar the catalog's resolution chain (<see cref="SlaCatalog.CalendarResolution"/>) chose for the case's clocks.</summary>
    /// <value>
    /// A calendar name of the catalog, or <see langword="null"/> (the default, also for sets stored before calendar resolution
    /// existed) when no link chose one and the clocks count on the policy's own calendar. Metrics with their own calendar count on
    /// it whatever this says. <see cref="SlaCatalog.TryGetPolicy(SlaClockSet, out SlaPolicy?)"/> gives the policy on this calendar.
    /// </value>
    public string? Calendar
    {
        get => _calendarChoice?.Calendar;
        init => _calendarChoice = CalendarChoice.Of(value, _calendarChoice?.Source);
    }

    /// <summary>Gets the name of the resolution link (<see cref="SlaCalendarSource.Name"/>) that chose <see cref="Calendar"/>.</summary>
    /// <value>The link's name when the calendar was last chosen, or <see langword="null"/> when <see cref="Calendar"/> is <see langword="null"/>.</value>
    public string? CalendarSource
    {
        get => _calendarChoice?.Source;
        init => _calendarChoice = CalendarChoice.Of(_calendarChoice?.Calendar, value);
    }

    private sealed record CalendarChoice(string? Calendar, string? Source)
    {
        public static CalendarChoice? Of(string? calendar, string? source) => calendar is null && source is null ? null : new(calendar, source);
    }
}

using CustomerService.Core.Calendars;

namespace CustomerService.Core.Sla;

/// <summary>A calendar version: the tag given with the calendar, or its fingerprint computed on first use.</summary>
internal sealed class SlaCalendarVersionSource
{
    private readonly BusinessCalendar? _calendar;
    private string? _value;

    public SlaCalendarVersionSource(string value) => _value = value;

    public SlaCalendarVersionSource(BusinessCalendar calendar) => _calendar = calendar;

    public bool IsTag => _calendar is null;

    // A benign race: two threads may both compute the same fingerprint; either result is kept.
    public string Value => Volatile.Read(ref _value) ?? Compute();

    private string Compute()
    {
        var value = SlaCalendarFingerprint.Compute(_calendar!);
        Volatile.Write(ref _value, value);
        return value;
    }
}

using NodaTime;

namespace CustomerService.Core.Sla;

/// <summary>How a clock measures time: business time on a calendar, or plain wall-clock time.</summary>
internal abstract class SlaTimeline
{
    /// <summary>Gets a value indicating whether this timeline is plain wall-clock time (24×7 in UTC).</summary>
    public abstract bool IsWallClock { get; }

    /// <summary>The counted time in <c>[from, to)</c>; <paramref name="to"/> is never before <paramref name="from"/> here.</summary>
    public abstract Duration Between(Instant from, Instant to);

    /// <summary>The earliest instant at or after <paramref name="start"/> where <paramref name="amount"/> has been counted.</summary>
    public abstract Instant Add(Instant start, Duration amount);

    /// <summary>Like <see cref="Add"/>, but answers <see langword="false"/> instead of throwing when the result would lie after the supported range.</summary>
    public bool TryAdd(Instant start, Duration amount, out Instant result)
    {
        try
        {
            result = Add(start, amount);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            result = default;
            return false;
        }
    }
}

/// <summary>Plain wall-clock time: the basis of <see cref="SlaTimeBasis.CalendarTime"/> targets.</summary>
internal sealed class WallClockTimeline : SlaTimeline
{
    public static readonly WallClockTimeline Instance = new();

    private WallClockTimeline()
    {
    }

    public override bool IsWallClock => true;

    public override Duration Between(Instant from, Instant to) => to - from;

    /// <remarks>Checked like the calendar's <c>Add</c>: a result after the supported range throws instead of overflowing.</remarks>
    public override Instant Add(Instant start, Duration amount)
    {
        var due = start + amount;
        return due <= CustomerService.Core.Calendars.BusinessCalendar.MaxSupportedInstant
            ? due
            : throw new ArgumentOutOfRangeException(nameof(amount), "The result would lie after the supported range.");
    }
}

/// <summary>Business time on a calendar: the basis of <see cref="SlaTimeBasis.BusinessTime"/> targets.</summary>
internal sealed class CalendarTimeline : SlaTimeline
{
    private readonly CustomerService.Core.Calendars.BusinessCalendar _calendar;

    public CalendarTimeline(CustomerService.Core.Calendars.BusinessCalendar calendar) => _calendar = calendar;

    public override bool IsWallClock => false;

    public override Duration Between(Instant from, Instant to) => _calendar.BusinessTimeBetween(from, to);

    public override Instant Add(Instant start, Duration amount) => _calendar.Add(start, amount);
}

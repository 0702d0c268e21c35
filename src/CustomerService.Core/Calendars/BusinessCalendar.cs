using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Calendars;

/// <summary>
/// A business calendar: the open hours of a desk in one time zone, as a weekly schedule plus date overrides
/// (holidays, half days, make-up working days), answering business-time questions exactly across DST changes.
/// </summary>
/// <remarks>
/// <para>
/// An instant is open when its local date-time in <see cref="Zone"/> falls in an open range that belongs to a
/// date's schedule. A range belongs to the date it starts on; a range whose end is not after its start (for example
/// <c>22:00–06:00</c>) runs past midnight into the next date and still belongs to its start date, so a holiday on the
/// next date does not cut it. A date override replaces that date's weekly schedule. Local times skipped by a
/// spring-forward change are never open; local times repeated by a fall-back change are open both times.
/// </para>
/// <para>
/// Instants must lie within <see cref="MinSupportedInstant"/> and <see cref="MaxSupportedInstant"/>, both included:
/// 300 years, answered exactly over the whole range (business time is counted without the 292-year limit of an
/// <see cref="long"/> of nanoseconds, so even <c>BusinessTimeBetween(MinSupportedInstant, MaxSupportedInstant)</c> is
/// right). An instant outside the range, or a result that would fall outside it, throws
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter; no question overflows or answers with a wrong sign.
/// Searches for open time give up after <see cref="SearchHorizon"/> with a <see cref="CalendarConfigurationException"/>.
/// Create calendars with <see cref="CreateBuilder(string, DateTimeZone)"/>.
/// </para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe: one instance may be shared by every thread of a host.</threadsafety>
public sealed class BusinessCalendar
{
    private readonly DayWalkBusinessTime dayWalk;
    private readonly CompiledTimeline timeline;

    internal BusinessCalendar(string name, DateTimeZone zone, CalendarSchedule schedule)
    {
        Name = name;
        Zone = zone;
        Schedule = schedule;
        dayWalk = new DayWalkBusinessTime(name, schedule, zone);
        timeline = new CompiledTimeline(name, schedule, zone);
    }

    /// <summary>Gets the earliest instant the calendar accepts and returns: 1900-01-01T00:00:00Z (included).</summary>
    /// <value>1900-01-01T00:00:00Z.</value>
    public static Instant MinSupportedInstant => CalendarErrors.MinInstant;

    /// <summary>Gets the latest instant the calendar accepts and returns: 2200-01-01T00:00:00Z (included).</summary>
    /// <value>2200-01-01T00:00:00Z, 300 years (109,573 days) after <see cref="MinSupportedInstant"/>.</value>
    public static Instant MaxSupportedInstant => CalendarErrors.MaxInstant;

    /// <summary>Gets how far a search for open time looks before it reports a calendar without open time.</summary>
    /// <value>3,653 days (ten years).</value>
    public static Duration SearchHorizon { get; } = Duration.FromNanoseconds(CalendarErrors.HorizonNanoseconds);

    /// <summary>Gets the calendar's name, as given to its builder; errors about the calendar quote it.</summary>
    /// <value>A non-empty name.</value>
    public string Name { get; }

    /// <summary>Gets the time zone in which the calendar's local dates and times are read.</summary>
    /// <value>The zone given to the builder.</value>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the immutable schedule (weekly ranges and date overrides).</summary>
    internal CalendarSchedule Schedule { get; }

    /// <summary>Gets the day-by-day reference implementation over the same schedule.</summary>
    internal DayWalkBusinessTime DayWalk => dayWalk;

    /// <summary>Gets the compiled timeline that answers the public questions.</summary>
    internal CompiledTimeline Timeline => timeline;

    /// <summary>Starts building a calendar with a name and a time zone.</summary>
    /// <param name="name">The calendar's name, used in error messages; for example <c>"Shanghai help desk"</c>.</param>
    /// <param name="zone">The zone in which local dates and times are read, for example <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>.</param>
    /// <returns>A new single-use builder with no open ranges.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> or <paramref name="zone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    public static BusinessCalendarBuilder CreateBuilder(string name, DateTimeZone zone) => new(name, zone);

    /// <summary>Returns whether the calendar is open at an instant.</summary>
    /// <param name="instant">The instant to test.</param>
    /// <returns><see langword="true"/> when the instant belongs to an open range; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range.</exception>
    public bool IsOpen(Instant instant) => timeline.IsOpen(CalendarErrors.CheckInstant(instant, nameof(instant)));

    /// <summary>Returns the business time (the total open time) between two instants.</summary>
    /// <param name="from">The start of the span, inclusive.</param>
    /// <param name="to">The end of the span, exclusive.</param>
    /// <returns>
    /// The open time within <c>[from, to)</c>; the negated open time within <c>[to, from)</c> when <paramref name="to"/> is
    /// before <paramref name="from"/>. Exact over the whole supported range: up to 300 years, more than
    /// <see cref="Duration.ToInt64Nanoseconds"/> can hold.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="from"/> or <paramref name="to"/> lies outside the supported range.</exception>
    public Duration BusinessTimeBetween(Instant from, Instant to)
    {
        var a = CalendarErrors.CheckInstant(from, nameof(from));
        var b = CalendarErrors.CheckInstant(to, nameof(to));
        return timeline.Between(a, b);
    }

    /// <summary>Returns the earliest instant at which a given amount of business time has passed since a start.</summary>
    /// <remarks>
    /// A start outside open hours begins counting at the next opening; the result can be a closing time (it is never the
    /// next opening after it); a zero amount returns <paramref name="start"/> itself.
    /// </remarks>
    /// <param name="start">The instant counting starts from.</param>
    /// <param name="businessTime">The business time to add; not negative and at most the length of the supported range (300 years).</param>
    /// <returns>The earliest instant <c>t ≥ start</c> with <c>BusinessTimeBetween(start, t) == businessTime</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="start"/> lies outside the supported range (named <c>start</c>), or <paramref name="businessTime"/> is negative, longer than the supported range, or would take the result past <see cref="MaxSupportedInstant"/> (named <c>businessTime</c>).</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> where counting needs it.</exception>
    public Instant Add(Instant start, Duration businessTime)
    {
        var s = CalendarErrors.CheckInstant(start, nameof(start));
        var d = CalendarErrors.CheckAmount(businessTime, nameof(businessTime));
        return OpenSet.ToInstant(timeline.Add(s, d, nameof(businessTime)));
    }

    /// <summary>Returns the latest instant from which a given amount of business time passes until an end.</summary>
    /// <param name="end">The instant counting back starts from.</param>
    /// <param name="businessTime">The business time to subtract; not negative and at most the length of the supported range (300 years).</param>
    /// <returns>The latest instant <c>t ≤ end</c> with <c>BusinessTimeBetween(t, end) == businessTime</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="end"/> lies outside the supported range (named <c>end</c>), or <paramref name="businessTime"/> is negative, longer than the supported range, or would take the result before <see cref="MinSupportedInstant"/> (named <c>businessTime</c>).</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> where counting needs it.</exception>
    public Instant Subtract(Instant end, Duration businessTime)
    {
        var e = CalendarErrors.CheckInstant(end, nameof(end));
        var d = CalendarErrors.CheckAmount(businessTime, nameof(businessTime));
        return OpenSet.ToInstant(timeline.Subtract(e, d, nameof(businessTime)));
    }

    /// <summary>Returns the earliest open instant at or after an instant.</summary>
    /// <param name="instant">The instant to search from.</param>
    /// <returns><paramref name="instant"/> itself when the calendar is open then; otherwise the next opening.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range, or the calendar does not open again until after <see cref="MaxSupportedInstant"/>; named <c>instant</c> in both cases.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> after <paramref name="instant"/>.</exception>
    public Instant NextOpening(Instant instant) =>
        OpenSet.ToInstant(timeline.NextOpening(CalendarErrors.CheckInstant(instant, nameof(instant)), nameof(instant)));

    /// <summary>Returns the open time within an interval as maximal, disjoint, ordered intervals.</summary>
    /// <param name="interval">A bounded interval within the supported range.</param>
    /// <returns>The open intervals clipped to <paramref name="interval"/>, in order; touching open ranges are merged into one interval.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="interval"/> has no start or no end.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="interval"/> reaches outside the supported range.</exception>
    public IReadOnlyList<Interval> OpenIntervals(Interval interval)
    {
        if (!interval.HasStart || !interval.HasEnd)
        {
            throw new ArgumentException("The interval must have both a start and an end.", nameof(interval));
        }

        var a = CalendarErrors.CheckInstant(interval.Start, nameof(interval));
        var b = CalendarErrors.CheckInstant(interval.End, nameof(interval));
        var list = new List<(long Start, long End)>();
        timeline.OpenIntervals(a, b, list);
        var result = new Interval[list.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new Interval(OpenSet.ToInstant(list[i].Start), OpenSet.ToInstant(list[i].End));
        }

        return result;
    }

    /// <summary>Adds business time to many starts at once, writing each due instant into <paramref name="results"/>.</summary>
    /// <param name="starts">The instants counting starts from.</param>
    /// <param name="businessTimes">The business time to add to each start, in the same order; none negative.</param>
    /// <param name="results">Receives <c>Add(starts[i], businessTimes[i])</c> at index <c>i</c>.</param>
    /// <exception cref="ArgumentException">Thrown when the three spans do not have the same length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an instant lies outside the supported range (named <c>starts</c>) or an amount is negative or longer than the range (named <c>businessTimes</c>), and <paramref name="results"/> is then left unchanged; or when a result would fall after <see cref="MaxSupportedInstant"/> (named <c>businessTimes</c>), and <paramref name="results"/> may then be partly written.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> where counting needs it; <paramref name="results"/> may then be partly written.</exception>
    public void Add(ReadOnlySpan<Instant> starts, ReadOnlySpan<Duration> businessTimes, Span<Instant> results)
    {
        CheckBatch(starts, businessTimes, results.Length, nameof(starts), nameof(businessTimes), nameof(results));
        timeline.AddBatch(starts, businessTimes, results, nameof(businessTimes));
    }

    /// <summary>Subtracts business time from many ends at once, writing each start instant into <paramref name="results"/>.</summary>
    /// <param name="ends">The instants counting back starts from.</param>
    /// <param name="businessTimes">The business time to subtract from each end, in the same order; none negative.</param>
    /// <param name="results">Receives <c>Subtract(ends[i], businessTimes[i])</c> at index <c>i</c>.</param>
    /// <exception cref="ArgumentException">Thrown when the three spans do not have the same length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an instant lies outside the supported range (named <c>ends</c>) or an amount is negative or longer than the range (named <c>businessTimes</c>), and <paramref name="results"/> is then left unchanged; or when a result would fall before <see cref="MinSupportedInstant"/> (named <c>businessTimes</c>), and <paramref name="results"/> may then be partly written.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> where counting needs it; <paramref name="results"/> may then be partly written.</exception>
    public void Subtract(ReadOnlySpan<Instant> ends, ReadOnlySpan<Duration> businessTimes, Span<Instant> results)
    {
        CheckBatch(ends, businessTimes, results.Length, nameof(ends), nameof(businessTimes), nameof(results));
        var compiled = timeline;
        for (var i = 0; i < ends.Length; i++)
        {
            var end = CalendarErrors.CheckedInstantToNanoseconds(ends[i]);
            var amount = CalendarErrors.CheckedAmountToNanoseconds(businessTimes[i]);
            results[i] = OpenSet.ToInstant(compiled.Subtract(end, amount, nameof(businessTimes)));
        }
    }

    /// <summary>Computes the business time between many pairs of instants at once.</summary>
    /// <param name="from">The start of each span, inclusive.</param>
    /// <param name="to">The end of each span, exclusive, in the same order.</param>
    /// <param name="results">Receives <c>BusinessTimeBetween(from[i], to[i])</c> at index <c>i</c>.</param>
    /// <exception cref="ArgumentException">Thrown when the three spans do not have the same length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when an instant lies outside the supported range (named <c>from</c> or <c>to</c>); <paramref name="results"/> is then left unchanged.</exception>
    public void BusinessTimeBetween(ReadOnlySpan<Instant> from, ReadOnlySpan<Instant> to, Span<Duration> results)
    {
        if (from.Length != to.Length || from.Length != results.Length)
        {
            throw new ArgumentException("The spans 'from', 'to' and 'results' must have the same length.", nameof(results));
        }

        for (var i = 0; i < from.Length; i++)
        {
            CalendarErrors.CheckInstant(from[i], nameof(from));
            CalendarErrors.CheckInstant(to[i], nameof(to));
        }

        var compiled = timeline;
        for (var i = 0; i < from.Length; i++)
        {
            var a = CalendarErrors.CheckedInstantToNanoseconds(from[i]);
            var b = CalendarErrors.CheckedInstantToNanoseconds(to[i]);
            results[i] = compiled.Between(a, b);
        }
    }

    /// <summary>Returns the calendar's name and zone, for logs and debugging.</summary>
    /// <returns>For example <c>Shanghai help desk (Asia/Shanghai)</c>.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Zone.Id})");

    private static void CheckBatch(ReadOnlySpan<Instant> instants, ReadOnlySpan<Duration> amounts, int resultsLength, string instantsName, string amountsName, string resultsName)
    {
        if (instants.Length != amounts.Length || instants.Length != resultsLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The spans '{instantsName}', '{amountsName}' and '{resultsName}' must have the same length."), resultsName);
        }

        for (var i = 0; i < instants.Length; i++)
        {
            CalendarErrors.CheckInstant(instants[i], instantsName);
            CalendarErrors.CheckAmount(amounts[i], amountsName);
        }
    }
}

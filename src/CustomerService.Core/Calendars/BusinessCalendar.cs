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
    private readonly CalendarDefinition _definition;
    private readonly DayWalkBusinessTime _dayWalk;
    private readonly CompiledTimeline _timeline;
    private readonly BusinessDayIndex _dayIndex;

    internal BusinessCalendar(string name, DateTimeZone zone, CalendarSchedule schedule)
        : this(name, new ScheduleDefinition(schedule, zone))
    {
    }

    private BusinessCalendar(string name, CalendarDefinition definition)
    {
        Name = name;
        Zone = definition.Zone;
        _definition = definition;
        _dayWalk = new DayWalkBusinessTime(name, definition);
        _timeline = new CompiledTimeline(name, definition);
        _dayIndex = new BusinessDayIndex(name, definition);
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

    /// <summary>Gets the immutable schedule (weekly ranges and date overrides) of a plain calendar.</summary>
    /// <exception cref="InvalidOperationException">Thrown for a composed or versioned calendar, which has no schedule of its own.</exception>
    internal CalendarSchedule Schedule => (_definition as ScheduleDefinition)?.Schedule ?? throw NoSchedule();

    /// <summary>Gets the definition of the open set that the timeline, the day index and the day walk read.</summary>
    internal CalendarDefinition Definition => _definition;

    /// <summary>Gets the day-by-day reference implementation over the same schedule.</summary>
    internal DayWalkBusinessTime DayWalk => _dayWalk;

    /// <summary>Gets the compiled timeline that answers the public questions.</summary>
    internal CompiledTimeline Timeline => _timeline;

    /// <summary>Starts building a calendar with a name and a time zone.</summary>
    /// <param name="name">The calendar's name, used in error messages; for example <c>"Shanghai help desk"</c>.</param>
    /// <param name="zone">The zone in which local dates and times are read, for example <c>DateTimeZoneProviders.Tzdb["Asia/Shanghai"]</c>.</param>
    /// <returns>A new single-use builder with no open ranges.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="name"/> or <paramref name="zone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    public static BusinessCalendarBuilder CreateBuilder(string name, DateTimeZone zone) => new(name, zone);

    /// <summary>Composes a calendar open where both calendars are open: team hours ∩ a customer's contract hours.</summary>
    /// <remarks>
    /// A composed calendar answers every question of a plain one, exactly, from the same kind of compiled timeline (so
    /// as fast and without allocation per call); its open set is the intersection of the two open sets, instant by
    /// instant, whatever their zones. Its <see cref="Zone"/> is <paramref name="first"/>'s: the date questions read
    /// dates there, and a date is a business day when the composed open set meets that local day.
    /// <see cref="WhyClosed(Instant)"/> gives the reason of the first calendar that is closed.
    /// </remarks>
    /// <param name="name">The composed calendar's name, used in error messages.</param>
    /// <param name="first">The first calendar; its zone is the composed calendar's zone.</param>
    /// <param name="second">The second calendar.</param>
    /// <returns>A new immutable calendar.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    public static BusinessCalendar Intersection(string name, BusinessCalendar first, BusinessCalendar second) =>
        Compose(name, CompositionKind.Intersection, first, second);

    /// <summary>Composes a calendar open where either calendar is open: two shifts as one desk.</summary>
    /// <remarks>
    /// As for <see cref="Intersection"/>: same questions, same speed; the open set is the union, and touching open
    /// intervals of the two calendars make one interval. <see cref="WhyClosed(Instant)"/> gives <paramref name="first"/>'s reason.
    /// </remarks>
    /// <param name="name">The composed calendar's name, used in error messages.</param>
    /// <param name="first">The first calendar; its zone is the composed calendar's zone.</param>
    /// <param name="second">The second calendar.</param>
    /// <returns>A new immutable calendar.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    public static BusinessCalendar Union(string name, BusinessCalendar first, BusinessCalendar second) =>
        Compose(name, CompositionKind.Union, first, second);

    /// <summary>Composes a calendar open where one calendar is open and another is not: opening hours minus a maintenance window.</summary>
    /// <remarks>
    /// As for <see cref="Intersection"/>: same questions, same speed; the open set is <paramref name="calendar"/>'s minus
    /// <paramref name="excluded"/>'s. <see cref="WhyClosed(Instant)"/> answers <see cref="ClosedReason.Excluded"/> where
    /// only the excluded calendar closes it, else <paramref name="calendar"/>'s reason.
    /// </remarks>
    /// <param name="name">The composed calendar's name, used in error messages.</param>
    /// <param name="calendar">The calendar to take open time from; its zone is the composed calendar's zone.</param>
    /// <param name="excluded">The calendar whose open time is taken out (for example a maintenance window built as a calendar open only then).</param>
    /// <returns>A new immutable calendar.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    public static BusinessCalendar Difference(string name, BusinessCalendar calendar, BusinessCalendar excluded) =>
        Compose(name, CompositionKind.Difference, calendar, excluded);

    /// <summary>Builds a calendar whose hours change from given dates on: each version answers for its own period, so old cases keep the hours in force then.</summary>
    /// <remarks>
    /// <para>
    /// The boundary rule, exactly: a version with effective date <c>D</c> is in force from the first instant of <c>D</c>
    /// in the <paramref name="initial"/> calendar's zone (<c>zone.AtStartOfDay(D)</c>: local midnight, or the first
    /// local time after a gap when a DST change skips midnight) up to, not including, the next version's first instant;
    /// <paramref name="initial"/> is in force before the first change, back to <see cref="MinSupportedInstant"/>. An
    /// instant is open when it is open in the version in force at that instant. So an overnight range of the day before
    /// <c>D</c> is cut at the boundary and the rest of that night follows the new version (which opens it only if its own
    /// ranges of the day before reach past midnight). Date questions use the version in force on the date.
    /// </para>
    /// <para>
    /// The result is a plain <see cref="BusinessCalendar"/>: SLA policies given it measure each stretch of a clock with the
    /// hours in force then, so recomputing after adding a version changes only what lies after its date.
    /// </para>
    /// </remarks>
    /// <param name="name">The versioned calendar's name, used in error messages.</param>
    /// <param name="initial">The calendar in force before the first change; its zone is the versioned calendar's zone.</param>
    /// <param name="changes">The later versions, in order of their effective dates, each with the zone of <paramref name="initial"/>.</param>
    /// <returns>A new immutable calendar.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument or a version's calendar is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when two versions take effect on the same date (they overlap) or out of order, when a version's zone differs from <paramref name="initial"/>'s, or when an effective date lies outside 1900-01-02 to 2199-12-31; the message names the versions at fault by position, date and calendar name.</exception>
    public static BusinessCalendar Versioned(string name, BusinessCalendar initial, IEnumerable<CalendarVersion> changes)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(changes);
        var versions = new List<CalendarVersion> { new(CalendarErrors.MinDate, initial) };
        foreach (var change in changes)
        {
            if (change.Calendar is null)
            {
                throw new ArgumentNullException(nameof(changes), string.Create(CultureInfo.InvariantCulture, $"Version {versions.Count} (effective {LocalRange.FormatDate(change.EffectiveFrom)}) has no calendar."));
            }

            var number = versions.Count;
            var previous = versions[^1];
            string Describe(int n, CalendarVersion v) => n == 0
                ? string.Create(CultureInfo.InvariantCulture, $"the initial version ('{v.Calendar.Name}')")
                : string.Create(CultureInfo.InvariantCulture, $"version {n} (effective {LocalRange.FormatDate(v.EffectiveFrom)}, '{v.Calendar.Name}')");

            if (change.EffectiveFrom.Calendar != CalendarSystem.Iso || change.EffectiveFrom <= CalendarErrors.MinDate || change.EffectiveFrom > CalendarErrors.MaxDate)
            {
                throw new CalendarConfigurationException(name, string.Create(CultureInfo.InvariantCulture, $"Calendar '{name}': {Describe(number, change)} must take effect on an ISO date from 1900-01-02 to 2199-12-31."));
            }

            if (change.Calendar.Zone.Id != initial.Zone.Id)
            {
                throw new CalendarConfigurationException(name, string.Create(CultureInfo.InvariantCulture, $"Calendar '{name}': {Describe(number, change)} is in zone '{change.Calendar.Zone.Id}', not '{initial.Zone.Id}' like the initial version; versions share one zone."));
            }

            if (number > 1 && change.EffectiveFrom == previous.EffectiveFrom)
            {
                throw new CalendarConfigurationException(name, string.Create(CultureInfo.InvariantCulture, $"Calendar '{name}': {Describe(number - 1, previous)} and {Describe(number, change)} overlap: both take effect on {LocalRange.FormatDate(change.EffectiveFrom)}."));
            }

            if (number > 1 && change.EffectiveFrom < previous.EffectiveFrom)
            {
                throw new CalendarConfigurationException(name, string.Create(CultureInfo.InvariantCulture, $"Calendar '{name}': {Describe(number, change)} is out of order: it takes effect before {Describe(number - 1, previous)}; list versions by effective date."));
            }

            versions.Add(change);
        }

        return new BusinessCalendar(name, new VersionedDefinition(
            initial.Zone,
            [.. versions.Select(v => v.EffectiveFrom)],
            [.. versions.Select(v => v.Calendar._definition)]));
    }

    /// <summary>Returns whether the calendar is open at an instant.</summary>
    /// <param name="instant">The instant to test.</param>
    /// <returns><see langword="true"/> when the instant belongs to an open range; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range.</exception>
    public bool IsOpen(Instant instant) => _timeline.IsOpen(CalendarErrors.CheckInstant(instant, nameof(instant)));

    /// <summary>Returns why the calendar is closed at an instant: a holiday, a break, a date override or simply outside the weekly hours.</summary>
    /// <remarks>
    /// The reasons are tried in this order on the instant's local date (and, for an overnight range, the date before):
    /// the date is a holiday → <see cref="ClosedReason.Holiday"/>; a range of the date would hold the instant but for a
    /// break → <see cref="ClosedReason.Break"/>; the weekly schedule would hold it but the date (or the date before) is
    /// overridden → <see cref="ClosedReason.Holiday"/> or <see cref="ClosedReason.DateOverride"/>; otherwise
    /// <see cref="ClosedReason.OutsideWeeklyHours"/>. Not a hot path: it reads the configuration, not the compiled timeline.
    /// </remarks>
    /// <param name="instant">The instant to explain.</param>
    /// <returns><see cref="ClosedReason.None"/> when the calendar is open at <paramref name="instant"/>; otherwise the reason it is closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range.</exception>
    public ClosedReason WhyClosed(Instant instant) =>
        _timeline.IsOpen(CalendarErrors.CheckInstant(instant, nameof(instant))) ? ClosedReason.None : _definition.WhyClosed(instant);

    /// <summary>Returns the calendar's configuration as options: its weekly ranges, breaks, holidays, dates with their own ranges and precedence.</summary>
    /// <remarks>
    /// For hosts that show or export a calendar. Building the options again (<see cref="BusinessCalendarOptions.BuildCalendar()"/>,
    /// with a zone provider that knows <see cref="Zone"/>'s id) gives a calendar with the same open set and the same
    /// options. Ranges are written as the options read them: <c>"22:00-06:00+1"</c> for an overnight range, <c>"24:00"</c>
    /// for an end at midnight; dates as <c>"yyyy-MM-dd"</c>, in order.
    /// </remarks>
    /// <returns>A new options object, the caller's to change.</returns>
    /// <exception cref="InvalidOperationException">Thrown for a composed or versioned calendar (<see cref="Intersection"/>, <see cref="Union"/>, <see cref="Difference"/>, <see cref="Versioned"/>): it has no options form; export its operands or versions instead.</exception>
    public BusinessCalendarOptions ToOptions()
    {
        if (_definition is not ScheduleDefinition)
        {
            throw NoSchedule();
        }

        var options = new BusinessCalendarOptions { Name = Name, TimeZone = Zone.Id, DatePrecedence = Schedule.Precedence };
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            if (Schedule.Weekly[(int)day].Length != 0)
            {
                options.Weekly[day.ToString()] = [.. Schedule.Weekly[(int)day].Select(r => r.ToOptionString())];
            }

            if (Schedule.WeeklyBreaks[(int)day].Length != 0)
            {
                options.Breaks[day.ToString()] = [.. Schedule.WeeklyBreaks[(int)day].Select(r => r.ToOptionString())];
            }
        }

        foreach (var date in Schedule.Holidays.Order())
        {
            options.Holidays.Add(LocalRange.FormatDate(date));
        }

        foreach (var (date, ranges) in Schedule.OpenDates.OrderBy(o => o.Key))
        {
            options.OpenDates[LocalRange.FormatDate(date)] = [.. ranges.Select(r => r.ToOptionString())];
        }

        foreach (var (date, breaks) in Schedule.DatedBreaks.OrderBy(o => o.Key))
        {
            options.Breaks[LocalRange.FormatDate(date)] = [.. breaks.Select(r => r.ToOptionString())];
        }

        return options;
    }

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
        return _timeline.Between(a, b);
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
        return OpenSet.ToInstant(_timeline.Add(s, d, nameof(businessTime)));
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
        return OpenSet.ToInstant(_timeline.Subtract(e, d, nameof(businessTime)));
    }

    /// <summary>Returns the earliest open instant at or after an instant.</summary>
    /// <param name="instant">The instant to search from.</param>
    /// <returns><paramref name="instant"/> itself when the calendar is open then; otherwise the next opening.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range, or the calendar does not open again until after <see cref="MaxSupportedInstant"/>; named <c>instant</c> in both cases.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> after <paramref name="instant"/>.</exception>
    public Instant NextOpening(Instant instant) =>
        OpenSet.ToInstant(_timeline.NextOpening(CalendarErrors.CheckInstant(instant, nameof(instant)), nameof(instant)));

    /// <summary>Returns the earliest closed instant at or after an instant: the closing of the open interval that holds it.</summary>
    /// <param name="instant">The instant to search from.</param>
    /// <returns><paramref name="instant"/> itself when the calendar is closed then; otherwise the end of the maximal open interval that holds it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range, or the calendar stays open until after <see cref="MaxSupportedInstant"/>; named <c>instant</c> in both cases.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar stays open for <see cref="SearchHorizon"/> or longer after <paramref name="instant"/> (a 24×7 calendar never closes).</exception>
    public Instant NextClosing(Instant instant) =>
        OpenSet.ToInstant(_timeline.NextClosing(CalendarErrors.CheckInstant(instant, nameof(instant)), nameof(instant)));

    /// <summary>Returns the latest opening at or before an instant: the start of the open interval that holds it, or of the last one before it.</summary>
    /// <param name="instant">The instant to search back from.</param>
    /// <returns>The start of the maximal open interval that holds <paramref name="instant"/> (which may be <paramref name="instant"/> itself), or of the last open interval before it when the calendar is closed then.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range, or the opening lies before <see cref="MinSupportedInstant"/>; named <c>instant</c> in both cases.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> before <paramref name="instant"/>.</exception>
    public Instant PreviousOpening(Instant instant) =>
        OpenSet.ToInstant(_timeline.PreviousOpening(CalendarErrors.CheckInstant(instant, nameof(instant)), nameof(instant)));

    /// <summary>Returns the latest closing at or before an instant: the end of the last open interval that ends by then.</summary>
    /// <param name="instant">The instant to search back from.</param>
    /// <returns>The end of the last maximal open interval that ends at or before <paramref name="instant"/> (which may be <paramref name="instant"/> itself, when the calendar closes just then).</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="instant"/> lies outside the supported range, or no open interval ends between <see cref="MinSupportedInstant"/> and it; named <c>instant</c> in both cases.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no open time within <see cref="SearchHorizon"/> before <paramref name="instant"/>, or stays open that long.</exception>
    public Instant PreviousClosing(Instant instant) =>
        OpenSet.ToInstant(_timeline.PreviousClosing(CalendarErrors.CheckInstant(instant, nameof(instant)), nameof(instant)));

    /// <summary>Enumerates the open intervals from an instant forward, lazily and without a window.</summary>
    /// <remarks>
    /// <code>
    /// foreach (var open in desk.OpenIntervalsAfter(now))
    /// {
    ///     if (open.Start &gt;= until) break;
    ///     Console.WriteLine(open);
    /// }
    /// </code>
    /// </remarks>
    /// <param name="start">The instant to enumerate from; an interval that holds it comes first, cut to start there.</param>
    /// <returns>The open set within <c>[start, MaxSupportedInstant)</c> as maximal, disjoint intervals in order, computed step by step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="start"/> lies outside the supported range.</exception>
    public OpenIntervalSequence OpenIntervalsAfter(Instant start) =>
        new(_timeline, CalendarErrors.CheckInstant(start, nameof(start)), forward: true);

    /// <summary>Enumerates the open intervals before an instant, latest first, lazily and without a window.</summary>
    /// <param name="end">The instant to enumerate back from; an interval that holds it comes first, cut to end there.</param>
    /// <returns>The open set within <c>[MinSupportedInstant, end)</c> as maximal, disjoint intervals, latest first, computed step by step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="end"/> lies outside the supported range.</exception>
    public OpenIntervalSequence OpenIntervalsBefore(Instant end) =>
        new(_timeline, CalendarErrors.CheckInstant(end, nameof(end)), forward: false);

    /// <summary>Returns whether a date is a business day: whether its own ranges (its override, else its weekly ranges) hold open time.</summary>
    /// <remarks>A range belongs to the date it starts on, so a night shift's morning half does not make the next date a business day.</remarks>
    /// <param name="date">An ISO date from 1900-01-01 to 2199-12-31.</param>
    /// <returns><see langword="true"/> when <see cref="OpenIntervals(LocalDate)"/> of the date is not empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="date"/> lies outside the supported dates.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="date"/> is not in the ISO calendar.</exception>
    public bool IsBusinessDay(LocalDate date) => _dayIndex.IsBusinessDay(CalendarErrors.CheckDate(date, nameof(date)));

    /// <summary>Returns the open intervals of a date's own ranges (its override, else its weekly ranges), as instants.</summary>
    /// <remarks>
    /// An overnight range of the date runs into the next date and is returned whole; the overnight range of the day
    /// before is not (it belongs to that day). Not a hot path: the intervals are computed afresh and returned in a new list.
    /// </remarks>
    /// <param name="date">An ISO date from 1900-01-01 to 2199-12-31.</param>
    /// <returns>The date's open time as maximal, disjoint, ordered intervals; empty when the date is not a business day. The first and last supported dates may reach a few hours beyond the supported instants.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="date"/> lies outside the supported dates.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="date"/> is not in the ISO calendar.</exception>
    public IReadOnlyList<Interval> OpenIntervals(LocalDate date)
    {
        CalendarErrors.CheckDate(date, nameof(date));
        var list = new List<(long Start, long End)>();
        _definition.DateIntervals(date, list);
        return [.. list.Select(i => new Interval(OpenSet.ToInstant(i.Start), OpenSet.ToInstant(i.End)))];
    }

    /// <summary>Returns the first business day after a date.</summary>
    /// <param name="date">An ISO date from 1900-01-01 to 2199-12-31; itself never the answer.</param>
    /// <returns>The earliest business day later than <paramref name="date"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="date"/> lies outside the supported dates, or no business day follows it by 2199-12-31.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="date"/> is not in the ISO calendar.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when no business day follows within <see cref="SearchHorizon"/> (3,653 days).</exception>
    public LocalDate NextBusinessDay(LocalDate date)
    {
        var index = CalendarErrors.CheckDate(date, nameof(date));
        var found = _dayIndex.Next(index, date);
        return found >= 0 ? CalendarErrors.DateAt(found) : throw CalendarErrors.DateResultOutsideRange(nameof(date), forward: true);
    }

    /// <summary>Returns the last business day before a date.</summary>
    /// <param name="date">An ISO date from 1900-01-01 to 2199-12-31; itself never the answer.</param>
    /// <returns>The latest business day earlier than <paramref name="date"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="date"/> lies outside the supported dates, or no business day precedes it from 1900-01-01.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="date"/> is not in the ISO calendar.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when no business day precedes it within <see cref="SearchHorizon"/> (3,653 days).</exception>
    public LocalDate PreviousBusinessDay(LocalDate date)
    {
        var index = CalendarErrors.CheckDate(date, nameof(date));
        var found = _dayIndex.Previous(index, date);
        return found >= 0 ? CalendarErrors.DateAt(found) : throw CalendarErrors.DateResultOutsideRange(nameof(date), forward: false);
    }

    /// <summary>Returns the number of business days from one date, inclusive, to another, exclusive.</summary>
    /// <param name="from">The first date counted.</param>
    /// <param name="to">The date after the last date counted.</param>
    /// <returns>The business days in <c>[from, to)</c>; the negated count in <c>[to, from)</c> when <paramref name="to"/> is before <paramref name="from"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="from"/> or <paramref name="to"/> lies outside the supported dates.</exception>
    /// <exception cref="ArgumentException">Thrown when a date is not in the ISO calendar.</exception>
    public int BusinessDaysBetween(LocalDate from, LocalDate to)
    {
        var a = CalendarErrors.CheckDate(from, nameof(from));
        var b = CalendarErrors.CheckDate(to, nameof(to));
        return b >= a ? _dayIndex.Count(a, b) : -_dayIndex.Count(b, a);
    }

    /// <summary>Returns the date a number of business days after a date.</summary>
    /// <remarks>Counting starts the day after <paramref name="date"/>: Friday plus one is the next Monday on a Monday–Friday calendar, and so is Saturday plus one.</remarks>
    /// <param name="date">The date counting starts after.</param>
    /// <param name="days">The number of business days to add; not negative. Zero returns <paramref name="date"/> itself, business day or not.</param>
    /// <returns>The earliest date <c>E ≥ date</c> with <c>BusinessDaysBetween(date + 1, E + 1) == days</c>: a business day unless <paramref name="days"/> is zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="date"/> lies outside the supported dates (named <c>date</c>), or <paramref name="days"/> is negative or takes the result past 2199-12-31 (named <c>days</c>).</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="date"/> is not in the ISO calendar.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no business day within <see cref="SearchHorizon"/> where counting needs one.</exception>
    public LocalDate AddBusinessDays(LocalDate date, int days)
    {
        var index = CalendarErrors.CheckDate(date, nameof(date));
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return days == 0 ? date : CalendarErrors.DateAt(AdvanceDays(index, days, date));
    }

    /// <summary>Returns the instant a number of business days after an instant, at the same local time of day.</summary>
    /// <remarks>
    /// The rule for the time of day: the result is the date <see cref="AddBusinessDays(LocalDate, int)"/> gives for the
    /// start's local date, at the start's local time of day, mapped to an instant leniently (NodaTime's
    /// <c>InZoneLeniently</c>: a time skipped by a spring-forward change moves forward by the gap; a repeated time
    /// takes its earlier occurrence). The time is kept even when the desk is closed then — a ticket opened at 20:00 with
    /// "reply within 2 business days" is due at 20:00 — so call <see cref="NextOpening(Instant)"/> on the result when
    /// the answer must be an open instant.
    /// </remarks>
    /// <param name="start">The instant counting starts from; its local date must be a supported date.</param>
    /// <param name="days">The number of business days to add; not negative. Zero returns <paramref name="start"/> itself.</param>
    /// <returns>The start's local time of day on the business day reached.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="start"/> or its local date lies outside the supported range (named <c>start</c>), or <paramref name="days"/> is negative or takes the result past <see cref="MaxSupportedInstant"/> (named <c>days</c>).</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when the calendar has no business day within <see cref="SearchHorizon"/> where counting needs one.</exception>
    public Instant AddBusinessDays(Instant start, int days)
    {
        CalendarErrors.CheckInstant(start, nameof(start));
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
        {
            return start;
        }

        var local = start.InZone(Zone).LocalDateTime;
        var index = CalendarErrors.CheckDate(local.Date, nameof(start));

        var result = CalendarErrors.DateAt(AdvanceDays(index, days, local.Date)).At(local.TimeOfDay).InZoneLeniently(Zone).ToInstant();
        return result <= MaxSupportedInstant ? result : throw CalendarErrors.ResultOutsideRange(nameof(days), forward: true);
    }

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
        _timeline.OpenIntervals(a, b, list);
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
        _timeline.AddBatch(starts, businessTimes, results, nameof(businessTimes));
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
        var compiled = _timeline;
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

        var compiled = _timeline;
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

    private static BusinessCalendar Compose(string name, CompositionKind kind, BusinessCalendar first, BusinessCalendar second)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new BusinessCalendar(name, new ComposedDefinition(kind, first._definition, second._definition));
    }

    private static void CheckName(string name) => ArgumentException.ThrowIfNullOrWhiteSpace(name);

    private InvalidOperationException NoSchedule() =>
        new(string.Create(CultureInfo.InvariantCulture, $"Calendar '{Name}' is composed or versioned: it has no weekly schedule or options of its own; use its operands or versions."));

    private int AdvanceDays(int index, int count, LocalDate date)
    {
        var found = _dayIndex.Advance(index, count, date);
        return found >= 0 ? found : throw CalendarErrors.DateResultOutsideRange("days", forward: true);
    }

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

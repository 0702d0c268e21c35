using System.Globalization;
using CustomerService.Core.Calendars.ICalendar;
using NodaTime;

namespace CustomerService.Core.Calendars.China;

/// <summary>
/// The official mainland China public holidays and make-up working days (调休), one year at a time, from the State
/// Council General Office notices; applied onto a <see cref="BusinessCalendarBuilder"/> through the iCalendar import.
/// </summary>
/// <remarks>
/// <para>
/// Each year is one iCalendar resource (<see cref="GetIcs(int)"/>): all-day events with <c>CATEGORIES:HOLIDAY</c> close
/// their dates (weekend days inside a holiday's range included); all-day events with <c>CATEGORIES:WORKDAY</c> are
/// make-up working days. Make-up days are opt-in: <see cref="AddMainlandChinaHolidays"/> opens them only when given the
/// hours to open them with (usually the desk's weekday hours), since some businesses keep make-up Saturdays closed.
/// </para>
/// <para>
/// The data is versioned per year: a year's notice is published around November of the year before and shipped as a
/// new resource (<see cref="Years"/> lists those shipped); a year already shipped changes only if the State Council
/// amends its notice. Mainland only (not Hong Kong, Macao or Taiwan).
/// </para>
/// </remarks>
/// <threadsafety>All members are thread-safe; the resources are read once and cached.</threadsafety>
public static class ChinaHolidays
{
    private static readonly int[] ShippedYears = [2025, 2026];
    private static readonly Lazy<string>[] Texts = [.. ShippedYears.Select(year => new Lazy<string>(() => Read(year)))];

    /// <summary>Gets the years whose notices this package ships, in order.</summary>
    /// <value>2025 and 2026.</value>
    public static IReadOnlyList<int> Years { get; } = Array.AsReadOnly(ShippedYears);

    /// <summary>Returns one year's holidays and make-up working days as iCalendar (RFC 5545) text.</summary>
    /// <param name="year">A year listed in <see cref="Years"/>.</param>
    /// <returns>One <c>VCALENDAR</c> of all-day events: <c>CATEGORIES:HOLIDAY</c> for dates off, <c>CATEGORIES:WORKDAY</c> for make-up working days.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="year"/> is not shipped; the message lists the years that are.</exception>
    public static string GetIcs(int year) => Texts[IndexOf(year)].Value;

    /// <summary>Closes one year's official holidays on the builder, and opens its make-up working days when given their hours.</summary>
    /// <remarks>
    /// <code>
    /// var desk = BusinessCalendar.CreateBuilder("Shanghai help desk", DateTimeZoneProviders.Tzdb["Asia/Shanghai"])
    ///     .OpenWeekdays(new LocalTime(9, 0), new LocalTime(18, 0))
    ///     .AddMainlandChinaHolidays(2026, (new LocalTime(9, 0), new LocalTime(18, 0)))
    ///     .Build();
    /// </code>
    /// The year's data is checked whole before the builder changes (see <see cref="IcsCalendarBuilderExtensions"/>).
    /// </remarks>
    /// <param name="builder">The builder, usually holding the desk's weekly hours only.</param>
    /// <param name="year">A year listed in <see cref="Years"/>.</param>
    /// <param name="makeUpDayHours">The ranges each make-up working day opens with, <c>[Start, End)</c> local time; none (the default) leaves make-up days as the weekly hours have them (closed weekend days).</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="year"/> is not shipped; the message lists the years that are.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="makeUpDayHours"/> has overlapping ranges.</exception>
    /// <exception cref="CalendarConfigurationException">Thrown when a date of the year conflicts with a date the builder already has.</exception>
    /// <exception cref="InvalidOperationException">Thrown when the builder has already built its calendar.</exception>
    public static BusinessCalendarBuilder AddMainlandChinaHolidays(this BusinessCalendarBuilder builder, int year, params ReadOnlySpan<(LocalTime Start, LocalTime End)> makeUpDayHours)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var ics = GetIcs(year);
        var options = new IcsImportOptions { IncludeMakeUpDays = !makeUpDayHours.IsEmpty, MakeUpDayCategory = "WORKDAY" };
        foreach (var range in makeUpDayHours)
        {
            options.MakeUpDayHours.Add(range);
        }

        return builder.ImportIcs(ics, options);
    }

    private static int IndexOf(int year)
    {
        var index = Array.IndexOf(ShippedYears, year);
        return index >= 0
            ? index
            : throw new ArgumentOutOfRangeException(nameof(year), year, string.Create(CultureInfo.InvariantCulture, $"No mainland China holiday schedule is shipped for {year}; shipped years: {string.Join(", ", ShippedYears)}."));
    }

    private static string Read(int year)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"cn-holidays-{year}.ics");
        using var stream = typeof(ChinaHolidays).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource '{name}' is missing from the package.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

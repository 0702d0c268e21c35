using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Calendars;

/// <summary>
/// Validates <see cref="BusinessCalendarOptions"/>, reporting every error at once and naming its key: a missing name,
/// an unknown time-zone id, an unknown day name, a malformed range or date, overlapping ranges, a break as long as the
/// day, an unknown precedence.
/// </summary>
/// <remarks>Register it with <c>services.AddSingleton&lt;IValidateOptions&lt;BusinessCalendarOptions&gt;, BusinessCalendarOptionsValidator&gt;()</c> and
/// <c>.ValidateOnStart()</c>; outside the Generic Host call <see cref="Validate(string, BusinessCalendarOptions)"/> yourself, or let
/// <see cref="BusinessCalendarOptions.BuildCalendar()"/> throw.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
internal sealed class BusinessCalendarOptionsValidator : IValidateOptions<BusinessCalendarOptions>
{
    private static readonly LocalTimePattern[] TimePatterns =
    [
        LocalTimePattern.CreateWithInvariantCulture("HH':'mm"),
        LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss"),
        LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss.FFFFFFFFF"),
    ];

    private readonly IDateTimeZoneProvider _zoneProvider;

    /// <summary>Initializes a new instance of the <see cref="BusinessCalendarOptionsValidator"/> class that resolves zones from TZDB.</summary>
    public BusinessCalendarOptionsValidator()
        : this(DateTimeZoneProviders.Tzdb)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BusinessCalendarOptionsValidator"/> class that resolves zones from a provider.</summary>
    /// <param name="zoneProvider">The provider that resolves time-zone ids.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zoneProvider"/> is <see langword="null"/>.</exception>
    public BusinessCalendarOptionsValidator(IDateTimeZoneProvider zoneProvider)
    {
        ArgumentNullException.ThrowIfNull(zoneProvider);
        _zoneProvider = zoneProvider;
    }

    /// <summary>Validates one named instance of the options.</summary>
    /// <param name="name">The options instance's name, or <see langword="null"/> for the default instance.</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing every error with the key it concerns.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="options"/> is <see langword="null"/>.</exception>
    public ValidateOptionsResult Validate(string? name, BusinessCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Parse(options, _zoneProvider).Errors;
        if (errors.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var builder = new ValidateOptionsResultBuilder();
        var prefix = string.IsNullOrEmpty(name) ? string.Empty : $"{nameof(BusinessCalendarOptions)} '{name}': ";
        foreach (var error in errors)
        {
            builder.AddError(prefix + error);
        }

        return builder.Build();
    }

    /// <summary>Parses the options into typed values, collecting one message per error.</summary>
    internal static ParsedOptions Parse(BusinessCalendarOptions options, IDateTimeZoneProvider zoneProvider)
    {
        var parsed = new ParsedOptions();
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            parsed.Errors.Add("Name: a calendar needs a name.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            parsed.Errors.Add("TimeZone: a calendar needs a time-zone id such as 'Asia/Shanghai'; there is no implicit zone.");
        }
        else
        {
            parsed.Zone = zoneProvider.GetZoneOrNull(options.TimeZone);
            if (parsed.Zone is null)
            {
                parsed.Errors.Add($"TimeZone: '{options.TimeZone}' is not a known time-zone id of {zoneProvider.VersionId}.");
            }
        }

        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            parsed.Weekly[day] = [];
        }

        for (var i = 0; i < options.Weekdays.Count; i++)
        {
            if (ParseRange(options.Weekdays[i], $"Weekdays:{i}", parsed.Errors) is { } range)
            {
                for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Friday; day++)
                {
                    AddWithoutOverlap(parsed.Weekly[day], range, $"Weekdays:{i}", day.ToString(), parsed.Errors);
                }
            }
        }

        foreach (var (key, ranges) in options.Weekly)
        {
            if (DayNamed(key) is not { } day)
            {
                parsed.Errors.Add($"Weekly:{key}: '{key}' is not a day of the week; use Monday to Sunday{DependencyInjection.Suggest.Hint(key, Enum.GetNames<IsoDayOfWeek>().Where(n => n != nameof(IsoDayOfWeek.None)).ToArray()).TrimEnd('.')}.");
                continue;
            }

            if (ranges is null)
            {
                parsed.Errors.Add($"Weekly:{key}: the day needs a list of ranges like [\"09:00-12:00\"] (an empty list for none).");
                continue;
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                if (ParseRange(ranges[i], $"Weekly:{key}:{i}", parsed.Errors) is { } range)
                {
                    AddWithoutOverlap(parsed.Weekly[day], range, $"Weekly:{key}:{i}", day.ToString(), parsed.Errors);
                }
            }
        }

        var closed = new HashSet<LocalDate>();
        for (var i = 0; i < options.Holidays.Count; i++)
        {
            if (ParseDate(options.Holidays[i], $"Holidays:{i}", parsed.Errors) is { } date && closed.Add(date))
            {
                parsed.Holidays.Add(date);
            }
        }

        foreach (var (key, ranges) in options.OpenDates)
        {
            if (ParseDate(key, $"OpenDates:{key}", parsed.Errors) is not { } date)
            {
                continue;
            }

            if (ranges is null)
            {
                parsed.Errors.Add($"OpenDates:{key}: the date needs a list of ranges like [\"09:00-12:00\"]; to close it, list it in Holidays.");
                continue;
            }

            var list = new List<(LocalRange Range, string Key)>();
            for (var i = 0; i < ranges.Count; i++)
            {
                if (ParseRange(ranges[i], $"OpenDates:{key}:{i}", parsed.Errors) is { } range)
                {
                    AddWithoutOverlap(list, range, $"OpenDates:{key}:{i}", key, parsed.Errors);
                }
            }

            parsed.OpenDates[date] = [.. list.Select(r => r.Range)];
        }

        foreach (var (key, ranges) in options.Breaks)
        {
            var day = DayNamed(key);
            var weekdays = string.Equals(key.Trim(), "Weekdays", StringComparison.OrdinalIgnoreCase);
            LocalDate? date = null;
            if (day is null && !weekdays && (date = ParseDate(key, $"Breaks:{key}", [])) is null)
            {
                parsed.Errors.Add($"Breaks:{key}: '{key}' is neither 'Weekdays', a day of the week (Monday to Sunday) nor a date like \"2025-10-01\".");
                continue;
            }

            if (ranges is null)
            {
                parsed.Errors.Add($"Breaks:{key}: the key needs a list of breaks like [\"12:00-13:00\"] (an empty list for none).");
                continue;
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                if (ParseRange(ranges[i], $"Breaks:{key}:{i}", parsed.Errors) is not { } range)
                {
                    continue;
                }

                if (range.Start == range.End)
                {
                    parsed.Errors.Add($"Breaks:{key}:{i}: the break '{ranges[i]}' would last the whole day; a break must be shorter than a day (list the date in Holidays instead).");
                    continue;
                }

                if (date is { } d)
                {
                    parsed.DatedBreaks.Add((d, range));
                }
                else
                {
                    for (var dow = IsoDayOfWeek.Monday; dow <= IsoDayOfWeek.Sunday; dow++)
                    {
                        if (dow == day || (weekdays && dow <= IsoDayOfWeek.Friday))
                        {
                            parsed.WeeklyBreaks.Add((dow, range));
                        }
                    }
                }
            }
        }

        if (options.DatePrecedence is not (DatePrecedence.OpeningWins or DatePrecedence.HolidayWins))
        {
            parsed.Errors.Add($"DatePrecedence: '{options.DatePrecedence}' is not a precedence; use OpeningWins or HolidayWins.");
        }

        return parsed;
    }

    private static IsoDayOfWeek? DayNamed(string key)
    {
        for (var day = IsoDayOfWeek.Monday; day <= IsoDayOfWeek.Sunday; day++)
        {
            if (string.Equals(day.ToString(), key.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }

        return null;
    }

    private static void AddWithoutOverlap(List<(LocalRange Range, string Key)> ranges, LocalRange range, string key, string day, List<string> errors)
    {
        foreach (var (existing, existingKey) in ranges)
        {
            if (existing.Overlaps(range))
            {
                errors.Add($"{key}: the range {range} overlaps {existing} ({existingKey}) on {day}.");
                return;
            }
        }

        ranges.Add((range, key));
    }

    /// <summary>
    /// Reads <c>HH:mm-HH:mm</c>. A range that runs past midnight must say so: <c>22:00-06:00+1</c> (the end is on the next
    /// day), or end at <c>24:00</c>; an end not after the start without the marker is an error, because <c>13:00-08:00</c>
    /// is far more often a typo for <c>13:00-18:00</c> than a 19-hour night shift. (The builder's code API keeps its rule:
    /// an end not after the start runs past midnight.)
    /// </summary>
    private static LocalRange? ParseRange(string? text, string key, List<string> errors)
    {
        var value = (text ?? string.Empty).Trim();
        var nextDay = value.EndsWith("+1", StringComparison.Ordinal);
        if (nextDay)
        {
            value = value[..^2].TrimEnd();
        }

        var parts = value.Split('-');
        var endsAtMidnight = parts.Length == 2 && parts[1].Trim() is "24:00" or "24:00:00";
        if (parts.Length == 2 && ParseTime(parts[0]) is { } start && (endsAtMidnight ? LocalTime.Midnight : ParseTime(parts[1])) is { } end)
        {
            var overnight = endsAtMidnight ? start != LocalTime.Midnight : end <= start;
            if (overnight && !nextDay && !endsAtMidnight)
            {
                errors.Add($"{key}: '{text}' ends before it starts; a range that runs past midnight is written with the next-day marker, '{parts[0].Trim()}-{parts[1].Trim()}+1' (or ends at 24:00).");
                return null;
            }

            if (nextDay && (!overnight || endsAtMidnight))
            {
                errors.Add($"{key}: '{text}' has the next-day marker '+1', but the range ends on the day it starts; remove '+1'.");
                return null;
            }

            return new LocalRange(start, end);
        }

        errors.Add($"{key}: '{text}' is not a range like \"09:00-12:00\" (write \"22:00-06:00+1\" for a range that ends the next day).");
        return null;
    }


    private static LocalTime? ParseTime(string text)
    {
        foreach (var pattern in TimePatterns)
        {
            var result = pattern.Parse(text.Trim());
            if (result.Success)
            {
                return result.Value;
            }
        }

        return null;
    }

    private static LocalDate? ParseDate(string? text, string key, List<string> errors)
    {
        var result = LocalDatePattern.Iso.Parse((text ?? string.Empty).Trim());
        if (result.Success)
        {
            return result.Value;
        }

        errors.Add($"{key}: '{text}' is not a date like \"2025-10-01\".");
        return null;
    }

    /// <summary>Typed values parsed from the options, and the errors found.</summary>
    internal sealed class ParsedOptions
    {
        public List<string> Errors { get; } = [];

        public DateTimeZone? Zone { get; set; }

        public Dictionary<IsoDayOfWeek, List<(LocalRange Range, string Key)>> Weekly { get; } = [];

        public List<LocalDate> Holidays { get; } = [];

        public Dictionary<LocalDate, LocalRange[]> OpenDates { get; } = [];

        public List<(IsoDayOfWeek Day, LocalRange Range)> WeeklyBreaks { get; } = [];

        public List<(LocalDate Date, LocalRange Range)> DatedBreaks { get; } = [];
    }
}

using System.Globalization;
using System.Text.Json;
using CustomerService.Core.Calendars;
using CustomerService.Core.Calendars.ICalendar;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Cli;

/// <summary>
/// A calendar read from a JSON file, with the facts <c>compare</c> needs to name causes (holidays, make-up days, whether
/// any range runs past midnight). Three shapes are read: the library's <see cref="BusinessCalendarOptions"/> object
/// (<c>Name</c>, <c>TimeZone</c>, <c>Weekdays</c>, <c>Weekly</c>, <c>Holidays</c>, <c>OpenDates</c>); a whole
/// <c>appsettings.json</c> whose <c>CustomerServiceCore:Calendars</c> section holds one or more such objects; and the
/// shared workload's naive calendar (<c>weekdays_open</c>, <c>intervals</c>, <c>holidays</c>, <c>makeup_workdays</c>).
/// An iCalendar (<c>.ics</c>) file adds its holidays, make-up working days and special openings to the JSON calendar
/// (<c>--ics</c>, through the CustomerService.Core.Calendars.ICalendar package); the weekly hours always come from JSON.
/// </summary>
/// <remarks>Thread safety: immutable after <see cref="Load"/>; share it freely.</remarks>
internal sealed class CalendarFile
{
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly LocalTimePattern ShortTime = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
    private static readonly HashSet<string> OptionKeys = new(["Name", "TimeZone", "Weekdays", "Weekly", "Holidays", "OpenDates"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> WorkloadKeys = new(["name", "weekdays_open", "weekday_note", "intervals", "holidays", "makeup_workdays", "time_zone"], StringComparer.OrdinalIgnoreCase);

    private CalendarFile(BusinessCalendar calendar, IReadOnlySet<LocalDate> holidays, IReadOnlySet<LocalDate> makeUpDays, bool hasOvernightRanges)
    {
        Calendar = calendar;
        Holidays = holidays;
        MakeUpDays = makeUpDays;
        HasOvernightRanges = hasOvernightRanges;
    }

    public BusinessCalendar Calendar { get; }

    /// <summary>Gets the dates whose weekly hours the file replaces: closed all day, or open with hours of their own on a day that is open every week.</summary>
    public IReadOnlySet<LocalDate> Holidays { get; }

    /// <summary>Gets the dates open although their day of the week is closed every week (make-up working days).</summary>
    public IReadOnlySet<LocalDate> MakeUpDays { get; }

    public bool HasOvernightRanges { get; }

    /// <summary>Reads a calendar file; <paramref name="zone"/> (a TZDB id) overrides or supplies the file's zone.</summary>
    /// <exception cref="CliException">Thrown (exit code 3) when the file cannot be read or does not describe a valid calendar.</exception>
    public static CalendarFile Load(string path, string? zone, string? calendarName, string? icsPath = null, DateInterval? icsRange = null)
    {
        if (path.EndsWith(".ics", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.Calendar, $"'{path}': an iCalendar file holds dates, not weekly hours; give the weekly hours as JSON with --calendar and the .ics with --ics (see docs/cli.md).");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Calendar, $"Cannot read the calendar file '{path}': {e.Message}");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(path, "the file must hold a JSON object");
            }

            var options = new BusinessCalendarOptions();
            if (TryGet(root, "CustomerServiceCore", out var section))
            {
                ReadOptions(path, PickCalendar(path, section, calendarName, out var key), options, "CustomerServiceCore:Calendars:" + key + ":");
                if (string.IsNullOrWhiteSpace(options.Name))
                {
                    options.Name = key;
                }
            }
            else if (TryGet(root, "intervals", out _) || TryGet(root, "weekdays_open", out _))
            {
                ReadWorkload(path, root, options);
            }
            else
            {
                ReadOptions(path, root, options, string.Empty);
            }

            if (!string.IsNullOrWhiteSpace(zone))
            {
                options.TimeZone = zone;
            }

            if (string.IsNullOrWhiteSpace(options.TimeZone))
            {
                throw Invalid(path, "it names no TimeZone: give one with --zone (for example --zone Asia/Shanghai)");
            }

            if (string.IsNullOrWhiteSpace(options.Name))
            {
                options.Name = Path.GetFileNameWithoutExtension(path);
            }

            if (icsPath is not null)
            {
                ImportIcs(icsPath, icsRange, options);
            }

            var calendar = options.BuildCalendar();
            return new CalendarFile(calendar, DatesOf(options, makeUp: false), DatesOf(options, makeUp: true), HasOvernight(options));
        }
        catch (JsonException e)
        {
            throw Invalid(path, "not valid JSON: " + e.Message);
        }
        catch (CalendarConfigurationException e)
        {
            throw Invalid(path, e.Message);
        }
    }

    /// <summary>Adds the .ics file's dates to the options; make-up working days open with the calendar's Monday hours (none when it never opens on Mondays: a make-up day then fails, naming its event).</summary>
    private static void ImportIcs(string icsPath, DateInterval? range, BusinessCalendarOptions options)
    {
        string ics;
        try
        {
            ics = File.ReadAllText(icsPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Calendar, $"Cannot read the iCalendar file '{icsPath}': {e.Message}");
        }

        var import = new IcsImportOptions { Range = range, Zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.TimeZone ?? string.Empty) };
        // The weekly Monday hours: the first Monday from 2024-01-01 that the JSON calendar opens (a holiday Monday is skipped).
        var weekly = options.BuildCalendar();
        var monday = new LocalDate(2024, 1, 1);
        for (var week = 0; week < 53 && !weekly.IsBusinessDay(monday); week++)
        {
            monday = monday.PlusWeeks(1);
        }

        var zoneOfCalendar = weekly.Zone;
        foreach (var interval in weekly.OpenIntervals(monday))
        {
            var start = interval.Start.InZone(zoneOfCalendar).TimeOfDay;
            var end = interval.End.InZone(zoneOfCalendar).TimeOfDay;
            import.MakeUpDayHours.Add((start, end));
        }

        try
        {
            options.ImportIcs(ics, import);
        }
        catch (CalendarImportException e)
        {
            throw new CliException(ExitCodes.Calendar, $"'{icsPath}': {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Calendar, $"'{icsPath}': {e.Message}");
        }
    }

    private static JsonElement PickCalendar(string path, JsonElement section, string? name, out string key)
    {
        if (!TryGet(section, "Calendars", out var calendars) || calendars.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "its CustomerServiceCore section has no Calendars object");
        }

        var all = calendars.EnumerateObject().ToList();
        if (name is not null)
        {
            foreach (var property in all)
            {
                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    key = property.Name;
                    return property.Value;
                }
            }

            throw Invalid(path, $"it has no calendar '{name}' (it has: {string.Join(", ", all.Select(p => p.Name))})");
        }

        if (all.Count != 1)
        {
            throw Invalid(path, $"it holds {all.Count} calendars: pick one with --calendar-name (one of: {string.Join(", ", all.Select(p => p.Name))})");
        }

        key = all[0].Name;
        return all[0].Value;
    }

    private static void ReadOptions(string path, JsonElement element, BusinessCalendarOptions options, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"'{prefix.TrimEnd(':')}' must be a JSON object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!OptionKeys.Contains(property.Name))
            {
                throw Invalid(path, $"unknown key '{prefix}{property.Name}' (known: {string.Join(", ", OptionKeys)})");
            }

            var key = prefix + property.Name;
            switch (property.Name.ToUpperInvariant())
            {
                case "NAME":
                    options.Name = String(path, property.Value, key);
                    break;
                case "TIMEZONE":
                    options.TimeZone = String(path, property.Value, key);
                    break;
                case "WEEKDAYS":
                    AddAll(options.Weekdays, Strings(path, property.Value, key));
                    break;
                case "HOLIDAYS":
                    AddAll(options.Holidays, Strings(path, property.Value, key));
                    break;
                case "WEEKLY":
                    foreach (var day in Object(path, property.Value, key))
                    {
                        options.Weekly[day.Name] = Strings(path, day.Value, key + ":" + day.Name);
                    }

                    break;
                default:
                    foreach (var date in Object(path, property.Value, key))
                    {
                        options.OpenDates[date.Name] = Strings(path, date.Value, key + ":" + date.Name);
                    }

                    break;
            }
        }
    }

    private static void ReadWorkload(string path, JsonElement root, BusinessCalendarOptions options)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!WorkloadKeys.Contains(property.Name))
            {
                throw Invalid(path, $"unknown key '{property.Name}' (known: {string.Join(", ", WorkloadKeys)})");
            }
        }

        options.Name = TryGet(root, "name", out var name) ? String(path, name, "name") : string.Empty;
        if (TryGet(root, "time_zone", out var zone))
        {
            options.TimeZone = String(path, zone, "time_zone");
        }

        if (!TryGet(root, "intervals", out var intervalsElement) || intervalsElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, "'intervals' must be a list of [\"HH:mm\", \"HH:mm\"] pairs");
        }

        var ranges = new List<string>();
        var index = 0;
        foreach (var pair in intervalsElement.EnumerateArray())
        {
            var parts = pair.ValueKind == JsonValueKind.Array ? pair.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty).ToArray() : [];
            if (parts.Length != 2 || !IsTime(parts[0]) || !(parts[1] == "24:00" || IsTime(parts[1])))
            {
                throw Invalid(path, $"'intervals:{index}' must be a pair of times [\"HH:mm\", \"HH:mm\"]");
            }

            // The workload format has no next-day marker: an end not after the start runs past midnight.
            var overnight = parts[1] != "24:00" && string.CompareOrdinal(parts[1], parts[0]) <= 0;
            ranges.Add(parts[0] + "-" + parts[1] + (overnight ? "+1" : string.Empty));
            index++;
        }

        if (!TryGet(root, "weekdays_open", out var days) || days.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, "'weekdays_open' must be a list of ISO weekday numbers (1 = Monday … 7 = Sunday)");
        }

        index = 0;
        foreach (var day in days.EnumerateArray())
        {
            if (day.ValueKind != JsonValueKind.Number || !day.TryGetInt32(out var number) || number is < 1 or > 7)
            {
                throw Invalid(path, $"'weekdays_open:{index}' must be an ISO weekday number 1–7");
            }

            options.Weekly[DayNames[number - 1]] = [.. ranges];
            index++;
        }

        if (TryGet(root, "holidays", out var holidays))
        {
            AddAll(options.Holidays, Strings(path, holidays, "holidays"));
        }

        if (TryGet(root, "makeup_workdays", out var makeUps))
        {
            foreach (var date in Strings(path, makeUps, "makeup_workdays"))
            {
                options.OpenDates[date] = [.. ranges];
            }
        }
    }

    private static bool IsTime(string text) => ShortTime.Parse(text).Success || LocalTimePattern.ExtendedIso.Parse(text).Success;

    private static HashSet<LocalDate> DatesOf(BusinessCalendarOptions options, bool makeUp)
    {
        // The options were validated by BuildCalendar, so every date parses.
        var openWeekly = new HashSet<IsoDayOfWeek>();
        foreach (var (day, ranges) in options.Weekly)
        {
            if (ranges.Count != 0 && Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out var d))
            {
                openWeekly.Add(d);
            }
        }

        if (options.Weekdays.Count != 0)
        {
            openWeekly.UnionWith([IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday]);
        }

        var result = new HashSet<LocalDate>();
        if (!makeUp)
        {
            foreach (var text in options.Holidays)
            {
                result.Add(LocalDatePattern.Iso.Parse(text).Value);
            }
        }

        foreach (var text in options.OpenDates.Keys)
        {
            var date = LocalDatePattern.Iso.Parse(text).Value;
            if (openWeekly.Contains(date.DayOfWeek) != makeUp)
            {
                result.Add(date);
            }
        }

        return result;
    }

    private static bool HasOvernight(BusinessCalendarOptions options) =>
        options.Weekdays.Concat(options.Weekly.Values.SelectMany(r => r)).Concat(options.OpenDates.Values.SelectMany(r => r))
            .Any(r => r.EndsWith("+1", StringComparison.Ordinal));

    private static void AddAll(IList<string> target, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            target.Add(value);
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string String(string path, JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Invalid(path, $"'{key}' must be a string");

    private static List<string> Strings(string path, JsonElement element, string key)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"'{key}' must be a list of strings");
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            list.Add(String(path, item, string.Create(CultureInfo.InvariantCulture, $"{key}:{i}")));
            i++;
        }

        return list;
    }

    private static JsonElement.ObjectEnumerator Object(string path, JsonElement element, string key) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject() : throw Invalid(path, $"'{key}' must be a JSON object");

    private static CliException Invalid(string path, string reason) =>
        new(ExitCodes.Calendar, $"The calendar file '{path}' is not valid: {reason}.");
}

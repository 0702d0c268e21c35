using System.Globalization;

namespace CustomerService.Core.Cli;

/// <summary>The commands of cs-sla.</summary>
internal enum Command
{
    Due,
    Elapsed,
    Open,
    Compare,
    Bench,
}

/// <summary>How times are written.</summary>
internal enum TimeFormat
{
    /// <summary>ISO-8601 local date-time in the calendar's zone with its offset: <c>2025-01-02T10:30:00+08:00</c>.</summary>
    Offset,

    /// <summary>ISO-8601 local date-time in the calendar's zone without offset.</summary>
    Local,

    /// <summary>ISO-8601 UTC: <c>2025-01-02T02:30:00Z</c>.</summary>
    Utc,
}

/// <summary>How business-time amounts are written.</summary>
internal enum DurationFormat
{
    Minutes,
    Seconds,
    Iso,
}

/// <summary>The parsed command line. Thread safety: immutable after parsing.</summary>
internal sealed class CliOptions
{
    public Command Command { get; private set; }

    public string CalendarPath { get; private set; } = string.Empty;

    public string? Zone { get; private set; }

    public string? CalendarName { get; private set; }

    /// <summary>Gets the iCalendar file whose holidays, make-up working days and special openings are added to the calendar.</summary>
    public string? IcsPath { get; private set; }

    /// <summary>Gets the dates to import from <see cref="IcsPath"/> (recurrences are expanded over it).</summary>
    public NodaTime.DateInterval? IcsRange { get; private set; }

    public string Input { get; private set; } = "-";

    public string Output { get; private set; } = "-";

    public string? Errors { get; private set; }

    public string IdColumn { get; private set; } = "id";

    public string StartColumn { get; private set; } = "start";

    public string AmountColumn { get; private set; } = "duration_min";

    public string EndColumn { get; private set; } = "end";

    public string InstantColumn { get; private set; } = "instant";

    public string ExpectedColumn { get; private set; } = "expected";

    /// <summary>compare: which answer the expected column holds (due or elapsed).</summary>
    public Command Of { get; private set; } = Command.Due;

    public long AmountUnitNanoseconds { get; private set; } = IsoText.NanosecondsPerMinute;

    public long ToleranceNanoseconds { get; private set; }

    public TimeFormat TimeFormat { get; private set; } = TimeFormat.Offset;

    public DurationFormat DurationFormat { get; private set; } = DurationFormat.Minutes;

    public int Threads { get; private set; } = Environment.ProcessorCount;

    public bool Strict { get; private set; }

    public char? Separator { get; private set; }

    /// <summary>auto (a bar on a terminal, lines otherwise), bar, lines or none.</summary>
    public string Progress { get; private set; } = "auto";

    public int BenchRows { get; private set; } = 100_000;

    public double BenchSeconds { get; private set; } = 1.0;

    public bool Stats { get; private set; }

    public const string Usage = """
        cs-sla — the CustomerService.Core business calendar over a CSV

        Usage:
          cs-sla due      --calendar FILE [options] [INPUT]   start + business time → due instant
          cs-sla elapsed  --calendar FILE [options] [INPUT]   start, end → business time between
          cs-sla open     --calendar FILE [options] [INPUT]   instant → open or not, next opening
          cs-sla compare  --calendar FILE [options] [INPUT]   another system's answers → agreement and causes
          cs-sla bench    --calendar FILE [options] [INPUT]   ns per row of Add and BusinessTimeBetween
        INPUT is a CSV file with a header row, or - (the default) for standard input.

        Calendar:
          --calendar FILE        JSON: BusinessCalendarOptions ({"Name","TimeZone","Weekdays","Weekly","Holidays","OpenDates"}),
                                 an appsettings.json with CustomerServiceCore:Calendars, or the workload's naive format
          --zone ID              TZDB zone (Asia/Shanghai); overrides the file's, required when the file names none
          --calendar-name NAME   which calendar of an appsettings.json holding several
          --ics FILE             iCalendar holidays (all-day events), make-up working days (CATEGORIES:WORKDAY, opened
                                 with the calendar's Monday hours) and special openings added to the JSON calendar
          --ics-range FROM/TO    the dates to import from --ics (2020-01-01/2030-12-31); needed for unbounded RRULEs
        Columns (header names):
          --id-column NAME       passed through to the output when present (default id; otherwise the row number)
          --start-column NAME    default start        --end-column NAME       default end
          --amount-column NAME   default duration_min --instant-column NAME   default instant (open)
          --expected-column NAME default expected (compare: the other system's answer)
        Values:
          times: ISO-8601 with offset (2025-01-02T09:30:00+08:00, Z) or local date-time in the calendar's zone
          (2025-01-02T09:30, seconds and fractions optional); amounts: a number of --amount-unit or ISO-8601 (PT1H30M)
          --amount-unit minutes|seconds|hours   default minutes
          --time-format offset|local|utc        output times (default offset)
          --duration-format minutes|seconds|iso output durations (default minutes)
        Run:
          --output FILE, -o FILE  default - (standard output)
          --errors FILE          bad rows (row, line, column, value, reason); default OUTPUT.errors.csv, or
                                 cs-sla-errors.csv when the output is standard output; written only when a row is bad
          --strict               stop at the first bad row (exit code 5)
          --threads N            worker threads (default: every core; 1 = all on one thread)
          --separator C          the input's separator (default: the header's most frequent of , ; tab |)
          --progress auto|bar|lines|none   progress on standard error (default auto)
          --stats                print rows, seconds, rows/s and peak working set on standard error at the end
        compare:
          --of due|elapsed       what the expected column holds (default due)
          --tolerance AMOUNT     answers this close in business time agree (default 0)
        bench:
          --bench-rows N         rows read into memory (default 100000)   --bench-seconds S   per measurement (default 1)

        Exit codes: 0 ok; 1 finished with bad rows (see the errors file); 2 usage; 3 calendar; 4 input or output;
        5 stopped at a bad row (--strict); 6 compare found disagreements; 70 internal error.
        """;

    public static CliOptions Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new CliException(ExitCodes.Usage, "No command given.\n\n" + Usage);
        }

        if (args[0] is "--help" or "-h" or "help")
        {
            throw new CliException(ExitCodes.Success, Usage);
        }

        var options = new CliOptions
        {
            Command = args[0].ToUpperInvariant() switch
            {
                "DUE" => Command.Due,
                "ELAPSED" => Command.Elapsed,
                "OPEN" => Command.Open,
                "COMPARE" => Command.Compare,
                "BENCH" => Command.Bench,
                _ => throw new CliException(ExitCodes.Usage, $"Unknown command '{args[0]}': use due, elapsed, open, compare or bench.\n\n{Usage}"),
            },
        };
        string? input = null;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new CliException(ExitCodes.Usage, $"The option {arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--calendar": options.CalendarPath = Value(); break;
                case "--zone": options.Zone = Value(); break;
                case "--calendar-name": options.CalendarName = Value(); break;
                case "--ics": options.IcsPath = Value(); break;
                case "--ics-range": options.IcsRange = ParseIcsRange(Value()); break;
                case "--output" or "-o": options.Output = Value(); break;
                case "--errors": options.Errors = Value(); break;
                case "--id-column": options.IdColumn = Value(); break;
                case "--start-column": options.StartColumn = Value(); break;
                case "--amount-column": options.AmountColumn = Value(); break;
                case "--end-column": options.EndColumn = Value(); break;
                case "--instant-column": options.InstantColumn = Value(); break;
                case "--expected-column": options.ExpectedColumn = Value(); break;
                case "--strict": options.Strict = true; break;
                case "--stats": options.Stats = true; break;
                case "--of":
                    var of = Value();
                    options.Of = of switch
                    {
                        "due" => Command.Due,
                        "elapsed" => Command.Elapsed,
                        _ => throw new CliException(ExitCodes.Usage, $"--of '{of}': use due or elapsed."),
                    };
                    break;
                case "--amount-unit":
                    var unit = Value();
                    options.AmountUnitNanoseconds = unit switch
                    {
                        "minutes" => IsoText.NanosecondsPerMinute,
                        "seconds" => IsoText.NanosecondsPerSecond,
                        "hours" => IsoText.NanosecondsPerHour,
                        _ => throw new CliException(ExitCodes.Usage, $"--amount-unit '{unit}': use minutes, seconds or hours."),
                    };
                    break;
                case "--time-format":
                    var tf = Value();
                    options.TimeFormat = tf switch
                    {
                        "offset" => TimeFormat.Offset,
                        "local" => TimeFormat.Local,
                        "utc" => TimeFormat.Utc,
                        _ => throw new CliException(ExitCodes.Usage, $"--time-format '{tf}': use offset, local or utc."),
                    };
                    break;
                case "--duration-format":
                    var df = Value();
                    options.DurationFormat = df switch
                    {
                        "minutes" => DurationFormat.Minutes,
                        "seconds" => DurationFormat.Seconds,
                        "iso" => DurationFormat.Iso,
                        _ => throw new CliException(ExitCodes.Usage, $"--duration-format '{df}': use minutes, seconds or iso."),
                    };
                    break;
                case "--tolerance":
                    var tolerance = Value();
                    if (IsoText.TryParseAmount(tolerance, IsoText.NanosecondsPerMinute, out var t) != IsoText.Failure.None)
                    {
                        throw new CliException(ExitCodes.Usage, $"--tolerance '{tolerance}': give minutes or an ISO-8601 duration.");
                    }

                    options.ToleranceNanoseconds = t;
                    break;
                case "--threads":
                    options.Threads = PositiveInt(arg, Value());
                    break;
                case "--bench-rows":
                    options.BenchRows = PositiveInt(arg, Value());
                    break;
                case "--bench-seconds":
                    var seconds = Value();
                    if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 3600)
                    {
                        throw new CliException(ExitCodes.Usage, $"--bench-seconds '{seconds}': give a number of seconds above 0.");
                    }

                    options.BenchSeconds = s;
                    break;
                case "--separator":
                    var sep = Value();
                    options.Separator = sep switch
                    {
                        "\\t" or "tab" => '\t',
                        _ when sep.Length == 1 => sep[0],
                        _ => throw new CliException(ExitCodes.Usage, $"--separator '{sep}': give one character (or tab)."),
                    };
                    break;
                case "--progress":
                    var progress = Value();
                    options.Progress = progress is "auto" or "bar" or "lines" or "none"
                        ? progress
                        : throw new CliException(ExitCodes.Usage, $"--progress '{progress}': use auto, bar, lines or none.");
                    break;
                case "--help" or "-h":
                    throw new CliException(ExitCodes.Success, Usage);
                default:
                    if (arg.StartsWith('-') && arg != "-")
                    {
                        throw new CliException(ExitCodes.Usage, $"Unknown option '{arg}'.\n\n{Usage}");
                    }

                    if (input is not null)
                    {
                        throw new CliException(ExitCodes.Usage, $"Two inputs given ('{input}' and '{arg}'): give one CSV file, or - for standard input.");
                    }

                    input = arg;
                    break;
            }
        }

        options.Input = input ?? "-";
        if (string.IsNullOrEmpty(options.CalendarPath))
        {
            throw new CliException(ExitCodes.Usage, "--calendar FILE is required: the JSON calendar to answer with.");
        }

        options.Errors ??= options.Output == "-" ? "cs-sla-errors.csv" : options.Output + ".errors.csv";
        return options;
    }

    private static int PositiveInt(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new CliException(ExitCodes.Usage, $"{option} '{text}': give a whole number above 0.");

    private static NodaTime.DateInterval ParseIcsRange(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && NodaTime.Text.LocalDatePattern.Iso.Parse(parts[0]) is { Success: true } from
            && NodaTime.Text.LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } to
            && from.Value <= to.Value)
        {
            return new NodaTime.DateInterval(from.Value, to.Value);
        }

        throw new CliException(ExitCodes.Usage, $"--ics-range '{text}': give two ISO dates, the first not after the second: 2020-01-01/2030-12-31.");
    }
}

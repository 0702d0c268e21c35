using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Cli;

/// <summary>
/// <c>bench</c>: times the calendar on the input's rows (read into memory, at most <c>--bench-rows</c>): nanoseconds per
/// row of <c>Add</c> and <c>BusinessTimeBetween</c>, scalar and span forms, in the steady state (a first pass compiles
/// every segment the rows touch; the median of repeated passes is reported), next to the library's day-walking
/// reference implementation on the first 1,000 rows.
/// </summary>
/// <remarks>
/// The reference is internal to CustomerService.Core; the tool reaches it by reflection and says so when a library
/// version no longer has it. Thread safety: runs on the calling thread.
/// </remarks>
internal static class Bench
{
    private const int ReferenceRows = 1_000;

    public static int Run(CliOptions options, CalendarFile file, Stream input, TextWriter output)
    {
        var calendar = file.Calendar;
        var zone = new ZoneMapper(calendar.Zone);
        var starts = new List<Instant>();
        var amounts = new List<Duration>();
        var ends = new List<Instant>();
        using (var reader = Pipeline.OpenCsv(input, options.Separator))
        {
            if (!reader.Header.TryIndexOf(options.StartColumn, out var startIndex))
            {
                throw new CliException(ExitCodes.Input, $"The input has no column '{options.StartColumn}' (--start-column).");
            }

            var hasAmount = reader.Header.TryIndexOf(options.AmountColumn, out var amountIndex);
            var hasEnd = reader.Header.TryIndexOf(options.EndColumn, out var endIndex);
            if (!hasAmount || !hasEnd)
            {
                throw new CliException(ExitCodes.Input, $"bench needs the columns '{options.StartColumn}', '{options.AmountColumn}' and '{options.EndColumn}' (--start-column, --amount-column, --end-column).");
            }

            foreach (var row in reader)
            {
                if (starts.Count == options.BenchRows)
                {
                    break;
                }

                if (Time(row[startIndex].Span, zone) is { } start && Time(row[endIndex].Span, zone) is { } end
                    && IsoText.TryParseAmount(row[amountIndex].Span, options.AmountUnitNanoseconds, out var amount) == IsoText.Failure.None)
                {
                    starts.Add(start);
                    ends.Add(end);
                    amounts.Add(Duration.FromNanoseconds(amount));
                }
            }
        }

        if (starts.Count == 0)
        {
            throw new CliException(ExitCodes.Input, "bench found no good row in the input.");
        }

        Instant[] s = [.. starts], e = [.. ends];
        Duration[] a = [.. amounts];
        var due = new Instant[s.Length];
        var elapsed = new Duration[s.Length];
        var seconds = options.BenchSeconds;

        var add = Measure(seconds, s.Length, () =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                due[i] = calendar.Add(s[i], a[i]);
            }
        });
        var between = Measure(seconds, s.Length, () =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                elapsed[i] = calendar.BusinessTimeBetween(s[i], e[i]);
            }
        });
        var addSpan = Measure(seconds, s.Length, () => calendar.Add(s, a, due));
        var betweenSpan = Measure(seconds, s.Length, () => calendar.BusinessTimeBetween(s, e, elapsed));

        var reference = DayWalk.TryCreate(calendar);
        var n = Math.Min(ReferenceRows, s.Length);
        (double Ns, int Rounds)? referenceAdd = null, referenceBetween = null;
        if (reference is not null)
        {
            var startNs = s.Take(n).Select(ZoneMapper.FromNoda).ToArray();
            var endNs = e.Take(n).Select(ZoneMapper.FromNoda).ToArray();
            var amountNs = a.Take(n).Select(d => (ulong)d.ToInt64Nanoseconds()).ToArray();
            long sink = 0;
            referenceAdd = Measure(seconds, n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    sink += reference.Add(startNs[i], amountNs[i], "businessTime");
                }
            });
            referenceBetween = Measure(seconds, n, () =>
            {
                for (var i = 0; i < n; i++)
                {
                    sink += reference.Between(startNs[i], endNs[i]).BclCompatibleTicks;
                }
            });
            GC.KeepAlive(sink);
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"cs-sla bench: {s.Length:N0} rows on {calendar}, steady state, one thread, median of the passes in {seconds:0.##} s per question"));
        output.WriteLine(string.Create(c, $"{"question",-34} {"ns/row",10} {"passes",7} {"day-walk reference ns/row",26} {"speed-up",9}"));
        Line(output, "Add", add, referenceAdd);
        Line(output, "BusinessTimeBetween", between, referenceBetween);
        Line(output, "Add (span form)", addSpan, referenceAdd);
        Line(output, "BusinessTimeBetween (span form)", betweenSpan, referenceBetween);
        output.WriteLine(reference is null
            ? "The day-walk reference is not available in this version of CustomerService.Core."
            : string.Create(c, $"The reference is the library's internal day-by-day walk, timed on the first {n:N0} rows."));
        return ExitCodes.Success;
    }

    private static void Line(TextWriter output, string name, (double Ns, int Rounds) ours, (double Ns, int Rounds)? reference)
    {
        var c = CultureInfo.InvariantCulture;
        var referenceText = reference is { } r ? r.Ns.ToString("N1", c) : "n/a";
        var ratio = reference is { } q ? (q.Ns / ours.Ns).ToString("N0", c) + "x" : "n/a";
        output.WriteLine(string.Create(c, $"{name,-34} {ours.Ns,10:N1} {ours.Rounds,7} {referenceText,26} {ratio,9}"));
    }

    private static Instant? Time(ReadOnlySpan<char> text, ZoneMapper zone)
    {
        if (IsoText.TryParseDateTime(text, out var ns, out var hasOffset) != IsoText.Failure.None)
        {
            return null;
        }

        var instant = ZoneMapper.ToNoda(hasOffset ? ns : zone.ToInstant(ns));
        return instant >= BusinessCalendar.MinSupportedInstant && instant <= BusinessCalendar.MaxSupportedInstant ? instant : null;
    }

    /// <summary>Runs one warm-up pass, then passes until the time is spent (at least three); returns the median ns per row.</summary>
    private static (double Ns, int Rounds) Measure(double seconds, int rows, Action pass)
    {
        pass();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < 3 || total.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            pass();
            times.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / rows);
        }

        times.Sort();
        return (times[times.Count / 2], times.Count);
    }

    /// <summary>The library's day-walking reference (internal), bound by reflection.</summary>
    private sealed class DayWalk
    {
        private readonly Func<long, ulong, string, long> _add;
        private readonly Func<long, long, Duration> _between;

        private DayWalk(Func<long, ulong, string, long> add, Func<long, long, Duration> between)
        {
            _add = add;
            _between = between;
        }

        public long Add(long start, ulong amount, string name) => _add(start, amount, name);

        public Duration Between(long from, long to) => _between(from, to);

        public static DayWalk? TryCreate(BusinessCalendar calendar)
        {
            try
            {
                var walk = typeof(BusinessCalendar).GetProperty("DayWalk", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(calendar);
                var type = walk?.GetType();
                var add = type?.GetMethod("Add", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(long), typeof(ulong), typeof(string)]);
                var between = type?.GetMethod("Between", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(long), typeof(long)]);
                if (walk is null || add is null || between is null || add.ReturnType != typeof(long) || between.ReturnType != typeof(Duration))
                {
                    return null;
                }

                return new DayWalk(add.CreateDelegate<Func<long, ulong, string, long>>(walk), between.CreateDelegate<Func<long, long, Duration>>(walk));
            }
            catch (Exception e) when (e is ArgumentException or MemberAccessException or AmbiguousMatchException)
            {
                return null;
            }
        }
    }
}

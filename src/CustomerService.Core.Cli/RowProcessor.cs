using System.Text;
using CustomerService.Core.Calendars;
using NodaTime;

namespace CustomerService.Core.Cli;

/// <summary>
/// Answers the rows of a batch with the calendar and writes the output bytes: the id (or row number) and the answer.
/// Field 0 of a batch is the id; the command's fields follow (due: start, amount; elapsed: start, end; open: instant;
/// compare: those of <c>--of</c> and the expected answer).
/// </summary>
/// <remarks>Thread safety: not thread-safe (it owns zone caches); each worker thread has its own.</remarks>
internal sealed class RowProcessor
{
    private const int MaxAnswerBytes = 160;
    private static readonly long MinNanoseconds = ZoneMapper.FromNoda(BusinessCalendar.MinSupportedInstant);
    private static readonly long MaxNanoseconds = ZoneMapper.FromNoda(BusinessCalendar.MaxSupportedInstant);

    private readonly CliOptions _options;
    private readonly CalendarFile _file;
    private readonly BusinessCalendar _calendar;
    private readonly ZoneMapper _zone;
    private readonly string[] _columns;
    private readonly bool _hasId;
    private readonly byte _separator;
    private readonly Command _operation;

    public RowProcessor(CliOptions options, CalendarFile file, string[] columns, bool hasId, char separator)
    {
        _options = options;
        _file = file;
        _calendar = file.Calendar;
        _zone = new ZoneMapper(_calendar.Zone);
        _columns = columns;
        _hasId = hasId;
        _separator = (byte)separator;
        _operation = options.Command == Command.Compare ? options.Of : options.Command;
    }

    /// <summary>The field names a command reads after the id, in batch order.</summary>
    public static string[] FieldsOf(CliOptions options) => options.Command switch
    {
        Command.Due => [options.StartColumn, options.AmountColumn],
        Command.Elapsed => [options.StartColumn, options.EndColumn],
        Command.Open => [options.InstantColumn],
        Command.Compare when options.Of == Command.Due => [options.StartColumn, options.AmountColumn, options.ExpectedColumn],
        Command.Compare => [options.StartColumn, options.EndColumn, options.ExpectedColumn],
        _ => [options.StartColumn, options.AmountColumn, options.EndColumn],
    };

    /// <summary>The output header line (with its newline).</summary>
    public static string Header(CliOptions options, string idName, char separator)
    {
        var suffix = options.DurationFormat switch
        {
            DurationFormat.Minutes => "_min",
            DurationFormat.Seconds => "_s",
            _ => string.Empty,
        };
        var s = separator.ToString();
        return options.Command switch
        {
            Command.Due => idName + s + "due\n",
            Command.Elapsed => idName + s + "elapsed" + suffix + "\n",
            Command.Open => idName + s + "open" + s + "next_opening\n",
            _ when options.Of == Command.Due => string.Join(s, idName, "start", "ours", "theirs", "business_time_between" + suffix, "cause") + "\n",
            _ => string.Join(s, idName, "start", "end", "ours", "theirs", "difference" + suffix, "cause") + "\n",
        };
    }

    public void Process(RowBatch batch)
    {
        for (var row = 0; row < batch.Count; row++)
        {
            var start = batch.OutputLength;
            string? error;
            int column;
            try
            {
                (error, column) = _options.Command switch
                {
                    Command.Due => Due(batch, row),
                    Command.Elapsed => Elapsed(batch, row),
                    Command.Open => Open(batch, row),
                    _ => Compare(batch, row),
                };
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or CalendarConfigurationException or OverflowException)
            {
                (error, column) = (e.Message, 1);
            }

            if (error is null)
            {
                if (_operation != _options.Command)
                {
                    batch.Tally[CompareCauses.Compared]++;
                }

                continue;
            }

            batch.OutputLength = start;
            var value = column == 0 ? string.Empty : batch.Field(row, column).ToString();
            batch.Errors.Add(new RowError(batch.FirstRow + row, batch.Lines[row], _columns[column], value, error));
            if (_options.Strict)
            {
                batch.StopAt = start;
                return;
            }
        }
    }

    private (string?, int) Due(RowBatch batch, int row)
    {
        var (error, column) = Present(batch, row, 2);
        if (error is not null)
        {
            return (error, column);
        }

        if (!TryTime(batch.Field(row, 1), out var start, out error))
        {
            return (error, 1);
        }

        if (!TryAmount(batch.Field(row, 2), out var amount, out error))
        {
            return (error, 2);
        }

        var due = _calendar.Add(ZoneMapper.ToNoda(start), Duration.FromNanoseconds(amount));
        var d = BeginRow(batch, row);
        var n = WriteTime(ZoneMapper.FromNoda(due), d);
        return EndRow(batch, d, n);
    }

    private (string?, int) Elapsed(RowBatch batch, int row)
    {
        var (error, column) = Present(batch, row, 2);
        if (error is not null)
        {
            return (error, column);
        }

        if (!TryTime(batch.Field(row, 1), out var start, out error))
        {
            return (error, 1);
        }

        if (!TryTime(batch.Field(row, 2), out var end, out error))
        {
            return (error, 2);
        }

        var elapsed = _calendar.BusinessTimeBetween(ZoneMapper.ToNoda(start), ZoneMapper.ToNoda(end)).ToInt64Nanoseconds();
        var d = BeginRow(batch, row);
        var n = WriteDuration(elapsed, d);
        return EndRow(batch, d, n);
    }

    private (string?, int) Open(RowBatch batch, int row)
    {
        var (error, column) = Present(batch, row, 1);
        if (error is not null)
        {
            return (error, column);
        }

        if (!TryTime(batch.Field(row, 1), out var instant, out error))
        {
            return (error, 1);
        }

        var noda = ZoneMapper.ToNoda(instant);
        var open = _calendar.IsOpen(noda);
        var next = open ? instant : ZoneMapper.FromNoda(_calendar.NextOpening(noda));
        var d = BeginRow(batch, row);
        var n = 0;
        (open ? "true"u8 : "false"u8).CopyTo(d);
        n += open ? 4 : 5;
        d[n++] = _separator;
        n += WriteTime(next, d[n..]);
        return EndRow(batch, d, n);
    }

    private (string?, int) Compare(RowBatch batch, int row)
    {
        var (error, column) = Present(batch, row, 3);
        if (error is not null)
        {
            return (error, column);
        }

        if (!TryTime(batch.Field(row, 1), out var start, out error))
        {
            return (error, 1);
        }

        if (_operation == Command.Due)
        {
            if (!TryAmount(batch.Field(row, 2), out var amount, out error))
            {
                return (error, 2);
            }

            if (!TryTime(batch.Field(row, 3), out var theirs, out error))
            {
                return (error, 3);
            }

            var ours = _calendar.Add(ZoneMapper.ToNoda(start), Duration.FromNanoseconds(amount));
            var theirsNoda = ZoneMapper.ToNoda(theirs);
            if (ours == theirsNoda)
            {
                return (null, 0);
            }

            // With a tolerance, answers this close in business time agree; without one, only the same instant agrees
            // (a closing time and the next opening have no business time between them, yet they differ).
            var between = _calendar.BusinessTimeBetween(ours, theirsNoda).ToInt64Nanoseconds();
            if (_options.ToleranceNanoseconds > 0 && Math.Abs(between) <= _options.ToleranceNanoseconds)
            {
                return (null, 0);
            }

            var later = theirsNoda > ours ? theirsNoda : ours;
            var cause = CompareCauses.Classify(_file, ZoneMapper.ToNoda(Math.Min(start, Math.Min(theirs, ZoneMapper.FromNoda(ours)))), later, between == 0);

            batch.Tally[cause]++;
            var d = BeginRow(batch, row);
            var n = WriteTime(start, d);
            d[n++] = _separator;
            n += WriteTime(ZoneMapper.FromNoda(ours), d[n..]);
            d[n++] = _separator;
            n += WriteTime(theirs, d[n..]);
            d[n++] = _separator;
            n += WriteDuration(between, d[n..]);
            d[n++] = _separator;
            n += Encoding.UTF8.GetBytes(CompareCauses.Names[cause], d[n..]);
            return EndRow(batch, d, n);
        }
        else
        {
            if (!TryTime(batch.Field(row, 2), out var end, out error))
            {
                return (error, 2);
            }

            if (!TryAmount(batch.Field(row, 3), out var theirs, out error, allowNegative: true))
            {
                return (error, 3);
            }

            var ours = _calendar.BusinessTimeBetween(ZoneMapper.ToNoda(start), ZoneMapper.ToNoda(end)).ToInt64Nanoseconds();
            var difference = theirs - ours;
            if (Math.Abs(difference) <= _options.ToleranceNanoseconds)
            {
                return (null, 0);
            }

            var cause = CompareCauses.Classify(_file, ZoneMapper.ToNoda(start), ZoneMapper.ToNoda(end), false);
            batch.Tally[cause]++;
            var d = BeginRow(batch, row);
            var n = WriteTime(start, d);
            d[n++] = _separator;
            n += WriteTime(end, d[n..]);
            d[n++] = _separator;
            n += WriteDuration(ours, d[n..]);
            d[n++] = _separator;
            n += WriteDuration(theirs, d[n..]);
            d[n++] = _separator;
            n += WriteDuration(difference, d[n..]);
            d[n++] = _separator;
            n += Encoding.UTF8.GetBytes(CompareCauses.Names[cause], d[n..]);
            return EndRow(batch, d, n);
        }
    }

    private static (string?, int) Present(RowBatch batch, int row, int fields)
    {
        for (var f = 1; f <= fields; f++)
        {
            if (!batch.HasField(row, f))
            {
                return ("the row has fewer columns than the header", f);
            }
        }

        return (null, 0);
    }

    private bool TryTime(ReadOnlySpan<char> text, out long instant, out string? error)
    {
        var failure = IsoText.TryParseDateTime(text, out instant, out var hasOffset);
        if (failure != IsoText.Failure.None)
        {
            error = IsoText.Describe(failure, time: true);
            return false;
        }

        if (!hasOffset)
        {
            instant = _zone.ToInstant(instant);
        }

        if (instant < MinNanoseconds || instant > MaxNanoseconds)
        {
            error = IsoText.Describe(IsoText.Failure.OutOfRange, time: true);
            return false;
        }

        error = null;
        return true;
    }

    private bool TryAmount(ReadOnlySpan<char> text, out long amount, out string? error, bool allowNegative = false)
    {
        var negative = false;
        var trimmed = text.Trim();
        if (allowNegative && trimmed.Length > 1 && trimmed[0] == '-')
        {
            negative = true;
            trimmed = trimmed[1..];
        }

        var failure = IsoText.TryParseAmount(trimmed, _options.AmountUnitNanoseconds, out amount);
        if (failure != IsoText.Failure.None)
        {
            error = IsoText.Describe(failure, time: false);
            return false;
        }

        if (negative)
        {
            amount = -amount;
        }

        error = null;
        return true;
    }

    private Span<byte> BeginRow(RowBatch batch, int row)
    {
        var id = _hasId ? batch.Field(row, 0) : default;
        var d = batch.Reserve(MaxAnswerBytes + (id.Length * 6) + 24);
        var n = 0;
        if (_hasId)
        {
            n = WriteField(id, d);
        }
        else
        {
            n = IsoText.WriteInteger(batch.FirstRow + row, d);
        }

        d[n++] = _separator;
        batch.OutputLength += n;
        return d[n..];
    }

    private static (string?, int) EndRow(RowBatch batch, Span<byte> d, int n)
    {
        d[n++] = (byte)'\n';
        batch.OutputLength += n;
        return (null, 0);
    }

    private int WriteField(ReadOnlySpan<char> value, Span<byte> d)
    {
        var needsQuotes = false;
        var ascii = true;
        foreach (var c in value)
        {
            if (c == _separator || c == '"' || c == '\n' || c == '\r')
            {
                needsQuotes = true;
            }

            if (c > 127)
            {
                ascii = false;
            }
        }

        if (!needsQuotes)
        {
            if (ascii)
            {
                for (var i = 0; i < value.Length; i++)
                {
                    d[i] = (byte)value[i];
                }

                return value.Length;
            }

            return Encoding.UTF8.GetBytes(value, d);
        }

        // Rare (an id holding the separator, a quote or a line break): quote it, doubling its quotes.
        d[0] = (byte)'"';
        var n = 1 + Encoding.UTF8.GetBytes(value.ToString().Replace("\"", "\"\"", StringComparison.Ordinal), d[1..]);
        d[n++] = (byte)'"';
        return n;
    }

    private int WriteTime(long instant, Span<byte> d) => _options.TimeFormat switch
    {
        TimeFormat.Utc => IsoText.FormatDateTime(instant, 0, true, d),
        TimeFormat.Local => IsoText.FormatDateTime(instant + _zone.OffsetAt(instant), 0, false, d),
        _ => IsoText.FormatDateTime(instant + _zone.OffsetAt(instant), _zone.OffsetAt(instant), true, d),
    };

    private int WriteDuration(long nanoseconds, Span<byte> d) => _options.DurationFormat switch
    {
        DurationFormat.Seconds => IsoText.FormatSeconds(nanoseconds, d),
        DurationFormat.Iso => IsoText.FormatIsoDuration(nanoseconds, d),
        _ => IsoText.FormatMinutes(nanoseconds, d),
    };
}

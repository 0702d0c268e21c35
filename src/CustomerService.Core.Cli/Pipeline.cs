using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using nietras.SeparatedValues;

namespace CustomerService.Core.Cli;

/// <summary>The counts of a finished run.</summary>
internal sealed record RunResult(long Rows, long BadRows, bool Stopped, long[] Tally);

/// <summary>
/// CSV in, CSV out, in constant memory: the reader (Sep) copies the needed columns of a block of rows into a pooled
/// <see cref="RowBatch"/>; the batch is answered (on the reading thread with one thread, otherwise by worker threads);
/// the writer writes batches in input order. At most a fixed number of batches exist, whatever the input's size.
/// </summary>
/// <remarks>Thread safety: one run per instance; <see cref="RowsRead"/> and the bytes read of <see cref="Source"/> may be read from any thread.</remarks>
internal sealed class Pipeline
{
    private readonly CliOptions _options;
    private readonly CalendarFile _calendar;
    private long _rowsRead;
    private volatile bool _stop;

    public Pipeline(CliOptions options, CalendarFile calendar)
    {
        _options = options;
        _calendar = calendar;
    }

    public long RowsRead => Interlocked.Read(ref _rowsRead);

    public CountingStream? Source { get; private set; }

    /// <summary>Runs the command from <paramref name="input"/> to <paramref name="output"/>; bad rows go to <paramref name="errors"/>.</summary>
    /// <exception cref="CliException">Thrown (exit code 4) when a needed column is not in the header or the CSV is malformed.</exception>
    public RunResult Run(Stream input, Stream output, ErrorSink errors)
    {
        Source = new CountingStream(input);
        using var reader = Open(Source);
        var header = reader.Header;
        var fields = RowProcessor.FieldsOf(_options);
        var columns = new string[fields.Length + 1];
        var indices = new int[fields.Length + 1];
        var hasId = header.TryIndexOf(_options.IdColumn, out indices[0]);
        columns[0] = hasId ? _options.IdColumn : "row";
        for (var f = 0; f < fields.Length; f++)
        {
            if (!header.TryIndexOf(fields[f], out indices[f + 1]))
            {
                var names = header.ColNames.Count == 0 ? "(no header)" : string.Join(", ", header.ColNames);
                throw new CliException(ExitCodes.Input, $"The input has no column '{fields[f]}' (its header: {names}); name the column with {OptionOf(fields[f])}.");
            }

            columns[f + 1] = fields[f];
        }

        var separator = reader.Spec.Sep.Separator;
        var headerBytes = Encoding.UTF8.GetBytes(RowProcessor.Header(_options, columns[0], separator));
        output.Write(headerBytes);
        var writer = new BatchWriter(output, errors);
        if (_options.Threads == 1)
        {
            var processor = new RowProcessor(_options, _calendar, columns, hasId, separator);
            var batch = new RowBatch(columns.Length);
            long next = 1;
            while (!_stop && Fill(reader, batch, indices, hasId, next))
            {
                next += batch.Count;
                processor.Process(batch);
                _stop = !writer.Write(batch);
            }
        }
        else
        {
            RunParallel(reader, writer, columns, indices, hasId, separator);
        }

        output.Flush();
        return new RunResult(writer.Rows, writer.BadRows, writer.Stopped, writer.Tally);
    }

    private void RunParallel(SepReader reader, BatchWriter writer, string[] columns, int[] indices, bool hasId, char separator)
    {
        var threads = _options.Threads;
        var pool = threads * 3;
        using var free = new BlockingCollection<RowBatch>(pool);
        using var work = new BlockingCollection<RowBatch>(pool);
        using var order = new BlockingCollection<RowBatch>(pool);
        for (var i = 0; i < pool; i++)
        {
            free.Add(new RowBatch(columns.Length));
        }

        Exception? failure = null;
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            var processor = new RowProcessor(_options, _calendar, columns, hasId, separator);
            workers[t] = new Thread(() =>
            {
                foreach (var batch in work.GetConsumingEnumerable())
                {
                    try
                    {
                        if (!_stop)
                        {
                            processor.Process(batch);
                        }
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, e, null);
                        _stop = true;
                    }
                    finally
                    {
                        batch.Done.Set();
                    }
                }
            })
            { IsBackground = true, Name = "cs-sla worker " + t };
            workers[t].Start();
        }

        var writing = new Thread(() =>
        {
            foreach (var batch in order.GetConsumingEnumerable())
            {
                batch.Done.Wait();
                batch.Done.Reset();
                try
                {
                    if (!_stop && !writer.Write(batch))
                    {
                        _stop = true;
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    _stop = true;
                }

                free.Add(batch);
            }
        })
        { IsBackground = true, Name = "cs-sla writer" };
        writing.Start();

        try
        {
            long next = 1;
            while (!_stop)
            {
                var batch = free.Take();
                if (!Fill(reader, batch, indices, hasId, next))
                {
                    free.Add(batch);
                    break;
                }

                next += batch.Count;
                order.Add(batch);
                work.Add(batch);
            }
        }
        finally
        {
            work.CompleteAdding();
            order.CompleteAdding();
            foreach (var worker in workers)
            {
                worker.Join();
            }

            writing.Join();
        }

        if (failure is not null)
        {
            // As if it had happened on this thread: a closed output is an IOException (exit code 4), not a bug.
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private SepReader Open(Stream stream) => OpenCsv(stream, _options.Separator);

    /// <summary>
    /// Opens a CSV with a header row. Without a given separator, the header's most frequent of <c>,</c> <c>;</c> tab
    /// <c>|</c> (outside quotes) is the separator, and <c>,</c> when it has none (a one-column file).
    /// </summary>
    public static SepReader OpenCsv(Stream stream, char? separator)
    {
        try
        {
            if (separator is null)
            {
                var header = new MemoryStream();
                int b;
                while ((b = stream.ReadByte()) != -1)
                {
                    header.WriteByte((byte)b);
                    if (b == '\n' || header.Length > (1 << 20))
                    {
                        break;
                    }
                }

                separator = DetectSeparator(header.GetBuffer().AsSpan(0, (int)header.Length));
                header.Position = 0;
                stream = new PrefixedStream(header, stream);
            }

            var sep = new Sep(separator.Value);
            return Sep.Reader(o => o with { Sep = sep, Unescape = true, DisableColCountCheck = true, HasHeader = true }).From(stream);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new CliException(ExitCodes.Input, "The input is not a CSV with a header row: " + e.Message);
        }
    }

    private static char DetectSeparator(ReadOnlySpan<byte> header)
    {
        Span<int> counts = stackalloc int[4];
        var quoted = false;
        foreach (var c in header)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                var i = c switch { (byte)',' => 0, (byte)';' => 1, (byte)'\t' => 2, (byte)'|' => 3, _ => -1 };
                if (i >= 0)
                {
                    counts[i]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return ",;\t|"[best];
    }

    private bool Fill(SepReader reader, RowBatch batch, int[] indices, bool hasId, long firstRow)
    {
        batch.Reset(firstRow);
        try
        {
            while (batch.Count < RowBatch.Capacity && reader.MoveNext())
            {
                var row = reader.Current;
                var r = batch.Count;
                batch.Lines[r] = row.LineNumberFrom;
                var colCount = row.ColCount;
                for (var f = 0; f < indices.Length; f++)
                {
                    var index = indices[f];
                    var present = (f != 0 || hasId) && index < colCount;
                    batch.AddField(r, f, present ? row[index].Span : default, present);
                }

                batch.Count++;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new CliException(ExitCodes.Input, $"The input is not valid CSV after data row {firstRow + batch.Count - 1}: {e.Message}");
        }

        Interlocked.Add(ref _rowsRead, batch.Count);
        return batch.Count > 0;
    }

    private string OptionOf(string column) =>
        column == _options.StartColumn ? "--start-column"
        : column == _options.AmountColumn ? "--amount-column"
        : column == _options.EndColumn ? "--end-column"
        : column == _options.InstantColumn ? "--instant-column"
        : "--expected-column";

    /// <summary>Writes batches in order: the output bytes, the bad rows, the tallies.</summary>
    private sealed class BatchWriter(Stream output, ErrorSink errors)
    {
        public long Rows { get; private set; }

        public long BadRows { get; private set; }

        public bool Stopped { get; private set; }

        public long[] Tally { get; } = new long[CompareCauses.Count + 1];

        /// <summary>Writes a batch; false when the run must stop (--strict met a bad row).</summary>
        public bool Write(RowBatch batch)
        {
            for (var i = 0; i < Tally.Length; i++)
            {
                Tally[i] += batch.Tally[i];
            }

            if (batch.StopAt >= 0)
            {
                output.Write(batch.Output, 0, batch.StopAt);
                errors.Write(batch.Errors[0]);
                BadRows++;
                Rows += batch.Errors[0].Row - batch.FirstRow;
                Stopped = true;
                return false;
            }

            output.Write(batch.Output, 0, batch.OutputLength);
            foreach (var error in batch.Errors)
            {
                errors.Write(error);
            }

            BadRows += batch.Errors.Count;
            Rows += batch.Count;
            return true;
        }
    }
}

/// <summary>A read-only stream that first gives the bytes of a prefix (the header already read), then the rest of the input.</summary>
/// <remarks>Thread safety: one reader.</remarks>
internal sealed class PrefixedStream(MemoryStream prefix, Stream rest) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = prefix.Read(buffer);
        return read > 0 ? read : rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = prefix.Read(buffer.Span);
        return read > 0 ? read : await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A read-only stream that counts the bytes read through it (for progress).</summary>
/// <remarks>Thread safety: <see cref="BytesRead"/> may be read from any thread; the rest is one reader's.</remarks>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long? TotalLength => inner.CanSeek ? inner.Length : null;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }
}

/// <summary>
/// The errors file: <c>row,line,column,value,reason</c>, created at the first bad row (a stale file of an earlier run is
/// deleted at the start, so an errors file always belongs to the last run).
/// </summary>
/// <remarks>Thread safety: written by the pipeline's writer only.</remarks>
internal sealed class ErrorSink : IDisposable
{
    private readonly string _path;
    private StreamWriter? _writer;

    public ErrorSink(string path)
    {
        _path = path;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Input, $"Cannot replace the errors file '{path}': {e.Message}");
        }
    }

    public string Path => _path;

    public RowError? First { get; private set; }

    public void Write(RowError error)
    {
        if (_writer is null)
        {
            First = error;
            _writer = new StreamWriter(_path, append: false, new UTF8Encoding(false), 1 << 16);
            _writer.Write("row,line,column,value,reason\n");
        }

        _writer.Write(error.Row.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(Escape(error.Column));
        _writer.Write(',');
        _writer.Write(Escape(error.Value));
        _writer.Write(',');
        _writer.Write(Escape(error.Reason));
        _writer.Write('\n');
    }

    public void Dispose() => _writer?.Dispose();

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

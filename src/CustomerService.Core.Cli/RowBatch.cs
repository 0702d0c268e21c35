namespace CustomerService.Core.Cli;

/// <summary>A bad row: where it is, which column, the value and why.</summary>
internal sealed record RowError(long Row, int Line, string Column, string Value, string Reason);

/// <summary>
/// A block of input rows copied out of the CSV reader (only the columns the command needs), and the output bytes, bad
/// rows and compare tallies the processing of that block produced. Batches are pooled and reused, so a run allocates
/// nothing per row once its buffers have grown to fit the widest rows.
/// </summary>
/// <remarks>Thread safety: one thread at a time; the pipeline hands a batch from reader to worker to writer.</remarks>
internal sealed class RowBatch
{
    public const int Capacity = 4096;

    public RowBatch(int fieldCount)
    {
        FieldCount = fieldCount;
        Starts = new int[fieldCount * Capacity];
        Lengths = new int[fieldCount * Capacity];
    }

    public int FieldCount { get; }

    public char[] Text { get; private set; } = new char[Capacity * 48];

    public int TextLength { get; set; }

    /// <summary>Gets each row's field starts in <see cref="Text"/>, row-major; a length of -1 marks a field the row does not have.</summary>
    public int[] Starts { get; }

    public int[] Lengths { get; }

    public int[] Lines { get; } = new int[Capacity];

    public int Count { get; set; }

    /// <summary>Gets or sets the 1-based data row number of the batch's first row (the header is not a data row).</summary>
    public long FirstRow { get; set; }

    public byte[] Output { get; private set; } = new byte[Capacity * 64];

    public int OutputLength { get; set; }

    public List<RowError> Errors { get; } = [];

    /// <summary>Gets or sets, with --strict, the output length at the first bad row (-1 when every row was good).</summary>
    public int StopAt { get; set; } = -1;

    /// <summary>Gets the compare tallies of this batch: rows compared and disagreements per cause.</summary>
    public long[] Tally { get; } = new long[CompareCauses.Count + 1];

    public ManualResetEventSlim Done { get; } = new(false);

    public ReadOnlySpan<char> Field(int row, int field)
    {
        var i = (row * FieldCount) + field;
        var length = Lengths[i];
        return length < 0 ? default : Text.AsSpan(Starts[i], length);
    }

    public bool HasField(int row, int field) => Lengths[(row * FieldCount) + field] >= 0;

    public void Reset(long firstRow)
    {
        Count = 0;
        TextLength = 0;
        OutputLength = 0;
        FirstRow = firstRow;
        Errors.Clear();
        StopAt = -1;
        Array.Clear(Tally);
    }

    public void AddField(int row, int field, ReadOnlySpan<char> value, bool present)
    {
        var i = (row * FieldCount) + field;
        if (!present)
        {
            Starts[i] = 0;
            Lengths[i] = -1;
            return;
        }

        if (TextLength + value.Length > Text.Length)
        {
            var bigger = new char[Math.Max(Text.Length * 2, TextLength + value.Length)];
            Text.AsSpan(0, TextLength).CopyTo(bigger);
            Text = bigger;
        }

        value.CopyTo(Text.AsSpan(TextLength));
        Starts[i] = TextLength;
        Lengths[i] = value.Length;
        TextLength += value.Length;
    }

    /// <summary>Returns room for at least <paramref name="bytes"/> more output bytes.</summary>
    public Span<byte> Reserve(int bytes)
    {
        if (OutputLength + bytes > Output.Length)
        {
            var bigger = new byte[Math.Max(Output.Length * 2, OutputLength + bytes)];
            Output.AsSpan(0, OutputLength).CopyTo(bigger);
            Output = bigger;
        }

        return Output.AsSpan(OutputLength);
    }
}

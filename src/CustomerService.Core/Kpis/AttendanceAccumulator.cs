using System.Globalization;
using System.Runtime.InteropServices;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>One agent's attendance on one scheduled working day (出勤): present or absent, and whether late or leaving early (迟到早退).</summary>
/// <remarks>The default value is an absence on <see cref="LocalDate"/>'s default date (1 January 1 ISO); build records with the constructor.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct AttendanceRecord
{
    /// <summary>Initializes a new instance of the <see cref="AttendanceRecord"/> struct.</summary>
    /// <param name="date">The scheduled working day.</param>
    /// <param name="attended">Whether the agent came to work that day.</param>
    /// <param name="late">Whether the agent arrived late; only on an attended day.</param>
    /// <param name="leftEarly">Whether the agent left early; only on an attended day.</param>
    /// <exception cref="ArgumentException">Thrown when <paramref name="late"/> or <paramref name="leftEarly"/> is set on a day not attended; the parameter is named.</exception>
    public AttendanceRecord(LocalDate date, bool attended, bool late, bool leftEarly)
    {
        if (!attended && late)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The record for {date:uuuu-MM-dd} is late but not attended; only an attended day can be late."), nameof(late));
        }

        if (!attended && leftEarly)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The record for {date:uuuu-MM-dd} left early but was not attended; only an attended day can end early."), nameof(leftEarly));
        }

        Date = date;
        Attended = attended;
        Late = late;
        LeftEarly = leftEarly;
    }

    /// <summary>Gets the scheduled working day.</summary>
    /// <value>The date.</value>
    public LocalDate Date { get; }

    /// <summary>Gets a value indicating whether the agent came to work.</summary>
    /// <value><see langword="true"/> when attended.</value>
    public bool Attended { get; }

    /// <summary>Gets a value indicating whether the agent arrived late.</summary>
    /// <value><see langword="true"/> for a late arrival (迟到).</value>
    public bool Late { get; }

    /// <summary>Gets a value indicating whether the agent left early.</summary>
    /// <value><see langword="true"/> for an early leave (早退).</value>
    public bool LeftEarly { get; }
}

/// <summary>Counts an agent's attendance records: scheduled days, days attended, late arrivals and early leaves, and the dates covered.</summary>
/// <remarks>
/// <para>Add one record per scheduled working day. Attendance rate = attended / scheduled days. The scorecard's attendance
/// score is <c>100 × attended / scheduled − late arrivals × penalty − early leaves × penalty</c>, clamped to 0–100
/// (see <see cref="ScorecardOptions"/>).</para>
/// <para>With no records there is no attendance: <see cref="AttendanceRate"/> has no value and the dates are <see langword="null"/>.</para>
/// <para>Counts are exact 64-bit integers; an add or merge past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing. The default value holds no records.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct AttendanceAccumulator : IKpiAccumulator<AttendanceRecord, AttendanceAccumulator>
{
    private long _scheduled;
    private long _attended;
    private long _late;
    private long _early;
    private LocalDate _first;
    private LocalDate _last;

    /// <summary>Gets the number of scheduled days recorded.</summary>
    /// <value>The records added.</value>
    public readonly long ScheduledDays => _scheduled;

    /// <summary>Gets the number of days attended (出勤天数).</summary>
    /// <value>Not more than <see cref="ScheduledDays"/>.</value>
    public readonly long AttendedDays => _attended;

    /// <summary>Gets the number of late arrivals (迟到次数).</summary>
    /// <value>Not more than <see cref="AttendedDays"/>.</value>
    public readonly long LateArrivals => _late;

    /// <summary>Gets the number of early leaves (早退次数).</summary>
    /// <value>Not more than <see cref="AttendedDays"/>.</value>
    public readonly long EarlyLeaves => _early;

    /// <summary>Gets the attendance rate: attended over scheduled days.</summary>
    /// <value><c>AttendedDays / ScheduledDays</c>; no value with no records.</value>
    public readonly KpiRate AttendanceRate => new(_attended, _scheduled);

    /// <summary>Gets the earliest date recorded.</summary>
    /// <value>The first date, or <see langword="null"/> with no records.</value>
    public readonly LocalDate? FirstDate => _scheduled == 0 ? null : _first;

    /// <summary>Gets the latest date recorded.</summary>
    /// <value>The last date, or <see langword="null"/> with no records.</value>
    public readonly LocalDate? LastDate => _scheduled == 0 ? null : _last;

    /// <summary>Adds one day's record.</summary>
    /// <param name="record">The record.</param>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(AttendanceRecord record) => AddRange([record]);

    /// <summary>Adds a batch of records.</summary>
    /// <param name="records">The records.</param>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    public void AddRange(ReadOnlySpan<AttendanceRecord> records)
    {
        if (records.IsEmpty)
        {
            return;
        }

        long attended = 0;
        long late = 0;
        long early = 0;
        LocalDate first = records[0].Date;
        LocalDate last = first;
        foreach (AttendanceRecord r in records)
        {
            attended += r.Attended ? 1 : 0;
            late += r.Late ? 1 : 0;
            early += r.LeftEarly ? 1 : 0;
            first = r.Date < first ? r.Date : first;
            last = r.Date > last ? r.Date : last;
        }

        long scheduled = KpiGuard.AddCount(_scheduled, records.Length, "number of scheduled days");
        _first = _scheduled == 0 || first < _first ? first : _first;
        _last = _scheduled == 0 || last > _last ? last : _last;
        _scheduled = scheduled;
        _attended += attended;
        _late += late;
        _early += early;
    }

    /// <summary>Adds every record counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when a count would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in AttendanceAccumulator other)
    {
        if (other._scheduled == 0)
        {
            return;
        }

        long scheduled = KpiGuard.AddCount(_scheduled, other._scheduled, "number of scheduled days");
        _first = _scheduled == 0 || other._first < _first ? other._first : _first;
        _last = _scheduled == 0 || other._last > _last ? other._last : _last;
        _scheduled = scheduled;
        _attended += other._attended;
        _late += other._late;
        _early += other._early;
    }

    /// <summary>Gets the attendance score: <c>100 × attended / scheduled − late × latePenalty − early × earlyPenalty</c>, clamped to 0–100.</summary>
    internal readonly double? Score(double latePenalty, double earlyPenalty) => _scheduled == 0
        ? null
        : Math.Clamp((100.0 * _attended / _scheduled) - (_late * latePenalty) - (_early * earlyPenalty), 0, 100);
}

/// <summary>One business-knowledge test an agent sat (业务知识测试): the date and the points scored out of the test's maximum.</summary>
/// <remarks>The default value is not a valid result (its maximum is zero); build results with the constructor.</remarks>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
public readonly record struct KnowledgeTestResult
{
    /// <summary>Initializes a new instance of the <see cref="KnowledgeTestResult"/> struct.</summary>
    /// <param name="date">The date of the test.</param>
    /// <param name="points">The points scored, 0 to <paramref name="maximumPoints"/>.</param>
    /// <param name="maximumPoints">The test's maximum; positive (100 for a percentage).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="maximumPoints"/> is not positive or <paramref name="points"/> is outside 0 to <paramref name="maximumPoints"/>.</exception>
    public KnowledgeTestResult(LocalDate date, int points, int maximumPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumPoints);
        if (points < 0 || points > maximumPoints)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, string.Create(CultureInfo.InvariantCulture, $"The test of {date:uuuu-MM-dd} scored {points}; the allowed range is 0 to {maximumPoints} inclusive."));
        }

        Date = date;
        Points = points;
        MaximumPoints = maximumPoints;
    }

    /// <summary>Gets the date of the test.</summary>
    /// <value>The date.</value>
    public LocalDate Date { get; }

    /// <summary>Gets the points scored.</summary>
    /// <value>0 to <see cref="MaximumPoints"/>.</value>
    public int Points { get; }

    /// <summary>Gets the test's maximum.</summary>
    /// <value>Positive.</value>
    public int MaximumPoints { get; }
}

/// <summary>Accumulates an agent's knowledge-test results: the knowledge score is the points scored over the points possible, pooled over the period's tests.</summary>
/// <remarks>
/// <para>Knowledge score = <c>Σ points / Σ maximum points</c> (a <see cref="KpiRate"/>, so <c>Percent</c> is the score in %):
/// a longer test weighs more, and the score is exact and mergeable. Two tests of 100 points scored 80 and 90 → 85 %.</para>
/// <para>With no tests there is no score: <see cref="Score"/> has no value and the dates are <see langword="null"/>.</para>
/// <para>Sums are exact 64-bit integers; an add or merge past <see cref="long.MaxValue"/> throws <see cref="OverflowException"/> and changes nothing. The default value holds no results.</para>
/// </remarks>
/// <threadsafety>This is a mutable value type and is not thread-safe: use one accumulator per thread and <see cref="Merge"/> them. Do not copy it while accumulating.</threadsafety>
[StructLayout(LayoutKind.Auto)]
public struct KnowledgeTestAccumulator : IKpiAccumulator<KnowledgeTestResult, KnowledgeTestAccumulator>
{
    private long _count;
    private long _points;
    private long _maximum;
    private LocalDate _first;
    private LocalDate _last;

    /// <summary>Gets the number of tests.</summary>
    /// <value>The results added.</value>
    public readonly long Count => _count;

    /// <summary>Gets the knowledge score: points scored over points possible.</summary>
    /// <value><c>Σ points / Σ maximum points</c>; no value with no tests.</value>
    public readonly KpiRate Score => new(_points, _maximum);

    /// <summary>Gets the date of the first test.</summary>
    /// <value>The earliest date, or <see langword="null"/> with no tests.</value>
    public readonly LocalDate? FirstDate => _count == 0 ? null : _first;

    /// <summary>Gets the date of the latest test.</summary>
    /// <value>The latest date, or <see langword="null"/> with no tests.</value>
    public readonly LocalDate? LastDate => _count == 0 ? null : _last;

    /// <summary>Adds one result.</summary>
    /// <param name="record">The result (built by its constructor).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when the result is the default value (a zero maximum); the accumulator is unchanged.</exception>
    /// <exception cref="OverflowException">Thrown when a sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Add(KnowledgeTestResult record) => AddRange([record]);

    /// <summary>Adds a batch of results.</summary>
    /// <param name="records">The results (built by their constructor).</param>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a result is the default value (a zero maximum); <see cref="ArgumentException.ParamName"/> is <c>records[i]</c>. Nothing is added.</exception>
    /// <exception cref="OverflowException">Thrown when a sum would pass <see cref="long.MaxValue"/>; nothing is added.</exception>
    public void AddRange(ReadOnlySpan<KnowledgeTestResult> records)
    {
        if (records.IsEmpty)
        {
            return;
        }

        long points = 0;
        long maximum = 0;
        LocalDate first = records[0].Date;
        LocalDate last = first;
        for (int i = 0; i < records.Length; i++)
        {
            KnowledgeTestResult r = records[i];
            if (r.MaximumPoints <= 0)
            {
                throw new ArgumentOutOfRangeException(KpiGuard.At(nameof(records), i), r.MaximumPoints, string.Create(CultureInfo.InvariantCulture, $"The result at position {i} has a maximum of {r.MaximumPoints} points (the default value); build results with the constructor."));
            }

            points += r.Points;
            maximum += r.MaximumPoints;
            first = r.Date < first ? r.Date : first;
            last = r.Date > last ? r.Date : last;
        }

        long count = KpiGuard.AddCount(_count, records.Length, "number of tests");
        long totalPoints = KpiGuard.AddCount(_points, points, "points scored");
        long totalMaximum = KpiGuard.AddCount(_maximum, maximum, "points possible");
        _first = _count == 0 || first < _first ? first : _first;
        _last = _count == 0 || last > _last ? last : _last;
        _count = count;
        _points = totalPoints;
        _maximum = totalMaximum;
    }

    /// <summary>Adds every result counted by another accumulator.</summary>
    /// <param name="other">The accumulator to merge; it is not changed.</param>
    /// <exception cref="OverflowException">Thrown when a sum would pass <see cref="long.MaxValue"/>; the accumulator is unchanged.</exception>
    public void Merge(in KnowledgeTestAccumulator other)
    {
        if (other._count == 0)
        {
            return;
        }

        long count = KpiGuard.AddCount(_count, other._count, "number of tests");
        long points = KpiGuard.AddCount(_points, other._points, "points scored");
        long maximum = KpiGuard.AddCount(_maximum, other._maximum, "points possible");
        _first = _count == 0 || other._first < _first ? other._first : _first;
        _last = _count == 0 || other._last > _last ? other._last : _last;
        _count = count;
        _points = points;
        _maximum = maximum;
    }
}

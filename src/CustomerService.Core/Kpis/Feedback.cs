using System.Collections.ObjectModel;
using System.Globalization;
using NodaTime;

namespace CustomerService.Core.Kpis;

/// <summary>The kind of a customer's feedback.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum FeedbackKind
{
    /// <summary>An opinion or criticism about the service or the product (意见).</summary>
    Opinion = 1,

    /// <summary>A suggestion for an improvement (建议).</summary>
    Suggestion = 2,
}

/// <summary>The length of a reporting period.</summary>
/// <threadsafety>This type is an enumeration; its values are immutable and thread-safe.</threadsafety>
public enum KpiPeriod
{
    /// <summary>One local day.</summary>
    Day = 1,

    /// <summary>One ISO week, Monday to Sunday.</summary>
    IsoWeek = 2,

    /// <summary>One calendar month.</summary>
    Month = 3,
}

/// <summary>One opinion or suggestion a customer gave, with its category (意见、建议, recorded per customer and classified).</summary>
/// <remarks>The category is the host's own classification (for example "服务态度", "产品质量", "价格"); categories compare
/// ordinally (case and width matter). The content stays with the host's records: the tally only counts.</remarks>
/// <threadsafety>This type is immutable: any number of threads may share and read an instance without locking.</threadsafety>
public sealed record CustomerFeedback
{
    /// <summary>Initializes a new instance of the <see cref="CustomerFeedback"/> class.</summary>
    /// <param name="customerId">The customer's identifier (an id, never a name); not empty.</param>
    /// <param name="kind">Opinion or suggestion.</param>
    /// <param name="category">The category; not empty.</param>
    /// <param name="recordedAt">When the feedback was given.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="customerId"/> or <paramref name="category"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="customerId"/> or <paramref name="category"/> is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="kind"/> is not defined.</exception>
    public CustomerFeedback(string customerId, FeedbackKind kind, string category, Instant recordedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        if (kind is not (FeedbackKind.Opinion or FeedbackKind.Suggestion))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The feedback kind must be Opinion or Suggestion.");
        }

        CustomerId = customerId;
        Kind = kind;
        Category = category;
        RecordedAt = recordedAt;
    }

    /// <summary>Gets the customer's identifier.</summary>
    /// <value>Not empty.</value>
    public string CustomerId { get; }

    /// <summary>Gets the kind: opinion or suggestion.</summary>
    /// <value>A defined kind.</value>
    public FeedbackKind Kind { get; }

    /// <summary>Gets the category.</summary>
    /// <value>Not empty.</value>
    public string Category { get; }

    /// <summary>Gets when the feedback was given.</summary>
    /// <value>The instant.</value>
    public Instant RecordedAt { get; }
}

/// <summary>Counts of opinions and suggestions for one key (a period and category, or a customer).</summary>
/// <threadsafety>This type is an immutable value type: any number of threads may share and read an instance without locking.</threadsafety>
/// <param name="PeriodStart">The first day of the period; <see langword="null"/> for per-customer counts over the whole tally.</param>
/// <param name="Key">The category, or the customer id.</param>
/// <param name="Opinions">The number of opinions (意见).</param>
/// <param name="Suggestions">The number of suggestions (建议).</param>
public readonly record struct FeedbackCount(LocalDate? PeriodStart, string Key, long Opinions, long Suggestions)
{
    /// <summary>Gets the first day of the period; <see langword="null"/> for per-customer counts over the whole tally.</summary>
    public LocalDate? PeriodStart { get; } = PeriodStart;

    /// <summary>Gets the category, or the customer id.</summary>
    public string Key { get; } = Key;

    /// <summary>Gets the number of opinions (意见).</summary>
    public long Opinions { get; } = Opinions;

    /// <summary>Gets the number of suggestions (建议).</summary>
    public long Suggestions { get; } = Suggestions;

    /// <summary>Gets the number of opinions and suggestions.</summary>
    public long Total => Opinions + Suggestions;
}

/// <summary>Tallies customers' opinions and suggestions by period and category (分类分项统计) and by customer, for the periodic report to management.</summary>
/// <remarks>
/// <para>The period of a feedback is the local date of <see cref="CustomerFeedback.RecordedAt"/> in the tally's zone,
/// rounded down to the start of its day, ISO week (Monday) or month. Opinions given at 23:30 UTC on 31 March count in
/// April in Shanghai.</para>
/// <para><see cref="AddRange"/> and <see cref="Merge"/> are all-or-nothing; merging tallies of shards gives exactly the
/// tally of all the records (counts are sums).</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe: use one tally per thread and <see cref="Merge"/> them. Reading while no thread adds is safe.</threadsafety>
public sealed class FeedbackTally
{
    private readonly Dictionary<(LocalDate Period, string Category), (long Opinions, long Suggestions)> _byCategory = new();
    private readonly Dictionary<string, (long Opinions, long Suggestions)> _byCustomer = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="FeedbackTally"/> class.</summary>
    /// <param name="zone">The zone whose local dates decide the period (the host's zone).</param>
    /// <param name="period">The period length.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="zone"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="period"/> is not defined.</exception>
    public FeedbackTally(DateTimeZone zone, KpiPeriod period)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (period is < KpiPeriod.Day or > KpiPeriod.Month)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be Day, IsoWeek or Month.");
        }

        Zone = zone;
        Period = period;
    }

    /// <summary>Gets the zone whose local dates decide the period.</summary>
    /// <value>The zone.</value>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the period length.</summary>
    /// <value>Day, ISO week or month.</value>
    public KpiPeriod Period { get; }

    /// <summary>Gets the number of feedback records counted.</summary>
    /// <value>Opinions plus suggestions.</value>
    public long Count { get; private set; }

    /// <summary>Gets the counts per period and category, ordered by period, then category (ordinal).</summary>
    /// <value>A snapshot; rows with no feedback are not listed.</value>
    public IReadOnlyList<FeedbackCount> ByPeriodAndCategory =>
        new ReadOnlyCollection<FeedbackCount>(_byCategory
            .OrderBy(e => e.Key.Period).ThenBy(e => e.Key.Category, StringComparer.Ordinal)
            .Select(e => new FeedbackCount(e.Key.Period, e.Key.Category, e.Value.Opinions, e.Value.Suggestions))
            .ToArray());

    /// <summary>Gets the counts per customer over everything tallied (the number of opinions and suggestions each customer gave), ordered by customer id (ordinal).</summary>
    /// <value>A snapshot; <see cref="FeedbackCount.PeriodStart"/> is <see langword="null"/>.</value>
    public IReadOnlyList<FeedbackCount> ByCustomer =>
        new ReadOnlyCollection<FeedbackCount>(_byCustomer
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new FeedbackCount(null, e.Key, e.Value.Opinions, e.Value.Suggestions))
            .ToArray());

    /// <summary>Adds one feedback record.</summary>
    /// <param name="feedback">The record.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="feedback"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when its local date is outside NodaTime's range; the tally is unchanged.</exception>
    public void Add(CustomerFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        AddRange([feedback]);
    }

    /// <summary>Adds a batch of feedback records, all or nothing.</summary>
    /// <param name="records">The records.</param>
    /// <exception cref="ArgumentNullException">Thrown when a record is <see langword="null"/> (<see cref="ArgumentException.ParamName"/> is <c>records[i]</c>); nothing is added.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when a record's local date is outside NodaTime's range (naming <c>records[i]</c>); nothing is added.</exception>
    public void AddRange(ReadOnlySpan<CustomerFeedback> records)
    {
        var periods = new LocalDate[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            CustomerFeedback? r = records[i] ?? throw new ArgumentNullException(KpiGuard.At(nameof(records), i), string.Create(CultureInfo.InvariantCulture, $"The feedback at position {i} is null."));
            try
            {
                periods[i] = KpiGroupKeys.PeriodStart(KpiGroupKeys.LocalDay(r.RecordedAt, Zone), Period);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ArgumentOutOfRangeException(KpiGuard.At(nameof(records), i), r.RecordedAt, e.Message);
            }
        }

        for (int i = 0; i < records.Length; i++)
        {
            CustomerFeedback r = records[i];
            long opinions = r.Kind == FeedbackKind.Opinion ? 1 : 0;
            Bump(_byCategory, (periods[i], r.Category), opinions, 1 - opinions);
            Bump(_byCustomer, r.CustomerId, opinions, 1 - opinions);
        }

        Count += records.Length;
    }

    /// <summary>Adds every record counted by another tally with the same zone and period.</summary>
    /// <param name="other">The tally to merge; it is not changed.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="other"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when the zones or periods differ; the tally is unchanged.</exception>
    public void Merge(FeedbackTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        KpiGuard.SameSetting(Zone.Id, other.Zone.Id, "zone", nameof(other));
        KpiGuard.SameSetting((int)Period, (int)other.Period, "period", nameof(other));
        foreach (var e in other._byCategory.ToArray())
        {
            Bump(_byCategory, e.Key, e.Value.Opinions, e.Value.Suggestions);
        }

        foreach (var e in other._byCustomer.ToArray())
        {
            Bump(_byCustomer, e.Key, e.Value.Opinions, e.Value.Suggestions);
        }

        Count += other.Count;
    }

    private static void Bump<TKey>(Dictionary<TKey, (long Opinions, long Suggestions)> counts, TKey key, long opinions, long suggestions)
        where TKey : notnull
    {
        counts.TryGetValue(key, out var current);
        counts[key] = (current.Opinions + opinions, current.Suggestions + suggestions);
    }
}

using System.Globalization;
using System.Text;
using CustomerService.Core.Storage;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.Core.Leads.Studio;

/// <summary>A customer's profile as the desk keeps it (seed: 联单号, 姓名, 结婚日期, 地址, 电话, 生日, 门市), with the current segment.</summary>
/// <remarks>
/// <para><see cref="Name"/>, <see cref="Phone"/>, <see cref="Address"/> and <see cref="Birthday"/> are personal data:
/// the generated <see cref="object.ToString"/> of this record prints them as <c>***</c>, and the library never puts them in
/// exception messages, explanations, plans or metric tags. <see cref="Id"/> must be an opaque identifier, never a phone
/// number or a name.</para>
/// <para><see cref="Version"/> is the store's optimistic-concurrency version: 0 before the first save, 1 after it.</para>
/// </remarks>
/// <param name="Id">The customer's opaque identifier (for example the contract number 联单号).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record CustomerProfile(string Id)
{
    /// <summary>The entity kind of profiles in stores and errors: <c>CustomerProfile</c> (<see cref="ConcurrencyConflictException.EntityKind"/>, a document store's <c>kind</c> column).</summary>
    public const string EntityKind = "CustomerProfile";

    /// <summary>Gets the customer's opaque identifier.</summary>
    /// <value>A non-empty identifier that is not personal data.</value>
    /// <exception cref="ArgumentException">Thrown when set to an empty value.</exception>
    public string Id
    {
        get => _id;
        init => _id = CheckId(value, nameof(value));
    }

    private readonly string _id = CheckId(Id, nameof(Id));

    /// <summary>Gets the customer's name (personal data, redacted in <see cref="object.ToString"/>).</summary>
    /// <value>The name, or <see langword="null"/>.</value>
    public string? Name { get; init; }

    /// <summary>Gets the customer's phone number (personal data, redacted in <see cref="object.ToString"/>).</summary>
    /// <value>The phone number, or <see langword="null"/>.</value>
    public string? Phone { get; init; }

    /// <summary>Gets the customer's address (personal data, redacted in <see cref="object.ToString"/>).</summary>
    /// <value>The address, or <see langword="null"/>.</value>
    public string? Address { get; init; }

    /// <summary>Gets the customer's birthday (personal data, redacted in <see cref="object.ToString"/>).</summary>
    /// <value>The birthday, or <see langword="null"/>.</value>
    public LocalDate? Birthday { get; init; }

    /// <summary>Gets the planned or past wedding date.</summary>
    /// <value>The date, or <see langword="null"/> when unknown.</value>
    public LocalDate? WeddingDate { get; init; }

    /// <summary>Gets whether the customer has a partner.</summary>
    /// <value><see langword="true"/>, <see langword="false"/>, or <see langword="null"/> when unknown.</value>
    public bool? HasPartner { get; init; }

    /// <summary>Gets whether the customer is already married.</summary>
    /// <value><see langword="true"/>, <see langword="false"/>, or <see langword="null"/> when unknown.</value>
    public bool? Married { get; init; }

    /// <summary>Gets whether the customer placed an order.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool OrderCustomer { get; init; }

    /// <summary>Gets the store (门市) that served the customer.</summary>
    /// <value>The store's code, or <see langword="null"/>.</value>
    public string? Store { get; init; }

    /// <summary>Gets the current segment (for example <see cref="StudioSegments.A"/>).</summary>
    /// <value>The segment, or <see langword="null"/> before the first segmentation.</value>
    public string? Segment { get; init; }

    /// <summary>Gets the reclassification that holds the customer in <see cref="Segment"/> whatever the rules say, until it is lifted.</summary>
    /// <value>The playbook's or the desk's reclassification, or <see langword="null"/> when the rules decide the segment.</value>
    /// <remarks>Set and cleared by <see cref="LeadSegmentationService"/>; a host's store must persist it with the profile.</remarks>
    public Reclassification? Reclassification { get; init; }

    /// <summary>Gets the store's version of the profile.</summary>
    /// <value>The default value is 0 (never saved).</value>
    public long Version { get; init; }

    /// <summary>Prints the members, with personal data redacted.</summary>
    /// <param name="builder">The builder the generated <see cref="object.ToString"/> passes.</param>
    /// <returns><see langword="true"/> (members were printed).</returns>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, Name = {Redact(Name)}, Phone = {Redact(Phone)}, Address = {Redact(Address)}, Birthday = {Redact(Birthday)}, ");
        builder.Append(CultureInfo.InvariantCulture, $"WeddingDate = {(WeddingDate is { } w ? LocalDatePattern.Iso.Format(w) : "(none)")}, HasPartner = {Show(HasPartner)}, Married = {Show(Married)}, ");
        builder.Append(CultureInfo.InvariantCulture, $"OrderCustomer = {OrderCustomer}, Store = {Show(Store)}, Segment = {Show(Segment)}, Reclassification = {Show(Reclassification)}, Version = {Version}");
        return true;
    }

    private static string CheckId(string id, string paramName) =>
        !string.IsNullOrWhiteSpace(id) ? id : throw new ArgumentException("A customer id must not be empty.", paramName);

    private static string Redact(object? value) => value is null ? "(none)" : "***";

    private static string Show(object? value) => value is null ? "(none)" : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}

/// <summary>One entry of a customer's segment history: which segment, from which rule set and rule, on which day, and why.</summary>
/// <param name="RuleSet">The rule set's name, or the playbook's name for a reclassification.</param>
/// <param name="Segment">The segment assigned.</param>
/// <param name="Rule">The rule that matched, or <see langword="null"/> for the default segment.</param>
/// <param name="Today">The day the rules counted from.</param>
/// <param name="At">When the assignment was recorded.</param>
/// <param name="Reason">A short reason, free of personal data (for example <c>playbook ended without a deal</c>).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record SegmentAssignment(string RuleSet, string Segment, string? Rule, LocalDate Today, Instant At, string? Reason = null);

/// <summary>Stores customer profiles and their segment history; implemented by the host over its database.</summary>
/// <remarks>
/// Saves use optimistic concurrency, like every store of the library: <c>expectedVersion</c> is the version read
/// (<see langword="null"/> to create the profile); when the stored version differs, the store throws
/// <see cref="ConcurrencyConflictException"/> (entity type <c>CustomerProfile</c>) and writes nothing.
/// A segment assignment passed with a save is appended to the history atomically with the profile.
/// Implementations must never log or put personal data (name, phone, address, birthday) in exception messages.
/// </remarks>
/// <threadsafety>Implementations must be safe to call from many threads at once.</threadsafety>
public interface ICustomerProfileStore
{
    /// <summary>Finds a profile by id.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The profile, or <see langword="null"/> when unknown.</returns>
    ValueTask<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Saves a profile when its stored version is still <paramref name="expectedVersion"/>, optionally appending a segment assignment.</summary>
    /// <param name="profile">The profile; its <see cref="CustomerProfile.Version"/> is ignored: the store sets the new version.</param>
    /// <param name="expectedVersion">The version read, or <see langword="null"/> to create the profile.</param>
    /// <param name="assignment">A segment history entry to append atomically, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new stored version (1 after creation).</returns>
    /// <exception cref="ConcurrencyConflictException">Thrown when the stored version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    ValueTask<long> SaveAsync(CustomerProfile profile, long? expectedVersion, SegmentAssignment? assignment = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a customer's segment history, oldest first.</summary>
    /// <param name="customerId">The customer's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The history; empty for an unknown customer.</returns>
    ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Lists every profile, in id order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The profiles.</returns>
    IAsyncEnumerable<CustomerProfile> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>The default, in-memory <see cref="ICustomerProfileStore"/>: for tests, samples and single-process hosts.</summary>
/// <threadsafety>This type is thread-safe: every call takes one lock, so a save and its history entry are atomic.</threadsafety>
public sealed class InMemoryCustomerProfileStore : ICustomerProfileStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, CustomerProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SegmentAssignment>> _history = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="customerId"/> is <see langword="null"/>.</exception>
    public ValueTask<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_profiles.GetValueOrDefault(customerId));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="profile"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="expectedVersion"/> is not positive.</exception>
    public ValueTask<long> SaveAsync(CustomerProfile profile, long? expectedVersion, SegmentAssignment? assignment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (expectedVersion is { } e)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(e, nameof(expectedVersion));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            long? current = _profiles.TryGetValue(profile.Id, out var stored) ? stored.Version : null;
            if (current != expectedVersion)
            {
                throw new ConcurrencyConflictException(CustomerProfile.EntityKind, profile.Id, expectedVersion is { } ev ? new ConcurrencyToken(ev) : null, current is { } cv ? new ConcurrencyToken(cv) : null);
            }

            var saved = profile with { Version = (current ?? 0) + 1 };
            _profiles[profile.Id] = saved;
            if (assignment is not null)
            {
                if (!_history.TryGetValue(profile.Id, out var list))
                {
                    _history[profile.Id] = list = [];
                }

                list.Add(assignment);
            }

            return ValueTask.FromResult(saved.Version);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="customerId"/> is <see langword="null"/>.</exception>
    public ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<SegmentAssignment> history = _history.TryGetValue(customerId, out var list) ? list.ToArray() : [];
            return ValueTask.FromResult(history);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<CustomerProfile> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CustomerProfile[] snapshot;
        lock (_gate)
        {
            snapshot = _profiles.Values.ToArray();
        }

        foreach (var profile in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return profile;
            await Task.Yield();
        }
    }
}

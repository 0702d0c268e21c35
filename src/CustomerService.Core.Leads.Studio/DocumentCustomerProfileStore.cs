using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;

namespace CustomerService.Core.Leads.Studio;

/// <summary>
/// Keeps customer profiles in a document store (the same <see cref="IDocumentStore"/> as the tickets, so a SQLite or
/// PostgreSQL host keeps them in the same database) as rows of kind <see cref="CustomerProfile.EntityKind"/>: the profile
/// as the snapshot, its segment assignments as history rows (appended by the save that carries one, in the same write),
/// and the profile's <see cref="CustomerProfile.Version"/> as the row's concurrency token (1 at creation, then one more
/// per save). Profiles have no due work and raise no events.
/// </summary>
/// <remarks>
/// A save checks the expected version against the row's token (it reads the row's token and history count first, then
/// writes guarded by that token). <see cref="GetSegmentHistoryAsync"/> reads every history row of the profile.
/// <see cref="ListAsync"/> reads the profiles in ordinal id order, 256 rows per <see cref="IDocumentStore.ListAsync"/>
/// call. A profile row that cannot be read makes <see cref="FindAsync"/> throw <see cref="SnapshotFormatException"/>; the
/// listing goes on past it and throws <see cref="SnapshotFormatException"/> naming the unreadable ids after every readable
/// profile has been listed, so one corrupt row never hides the others. Rows are written with
/// <see cref="CustomerServiceJson"/>'s envelope and rules.
/// </remarks>
/// <threadsafety>This type is thread-safe when its document store is.</threadsafety>
public sealed class DocumentCustomerProfileStore : ICustomerProfileStore
{
    /// <summary>How many profile rows one page of <see cref="ListAsync"/> reads from the document store.</summary>
    internal const int DefaultPageSize = 256;

    private readonly IDocumentStore _documents;
    private readonly int _pageSize;

    /// <summary>Initializes a new instance of the <see cref="DocumentCustomerProfileStore"/> class.</summary>
    /// <param name="documents">The document store (for example <see cref="DocumentStorage.Documents"/>).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="documents"/> is <see langword="null"/>.</exception>
    public DocumentCustomerProfileStore(IDocumentStore documents)
        : this(documents, DefaultPageSize)
    {
    }

    /// <summary>Initializes a new instance with a page size for the listing (tests list across pages with few rows).</summary>
    internal DocumentCustomerProfileStore(IDocumentStore documents, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        _documents = documents;
        _pageSize = pageSize;
    }

    private const string Kind = CustomerProfile.EntityKind;

    /// <summary>How many unreadable ids the listing's error names (it counts them all).</summary>
    private const int NamedUnreadable = 10;

    /// <inheritdoc/>
    public async ValueTask<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);

        // The row without its history rows: a profile does not hold its segment history.
        var record = await _documents.FindAsync(Kind, customerId, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Read(record);
    }

    /// <inheritdoc/>
    public async ValueTask<long> SaveAsync(CustomerProfile profile, long? expectedVersion, SegmentAssignment? assignment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (expectedVersion is { } version)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version, nameof(expectedVersion));
        }

        cancellationToken.ThrowIfCancellationRequested();
        ConcurrencyToken? expected = expectedVersion is { } v ? new ConcurrencyToken(v) : null;
        var historyStart = 0;
        if (expected is { } token)
        {
            // The new history row is numbered after the stored ones. The count is read under the token the save then
            // checks: a writer that saved in between replaced the token, so this save conflicts instead of misnumbering.
            var stored = await _documents.FindAsync(Kind, profile.Id, int.MaxValue, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Token != token)
            {
                throw new ConcurrencyConflictException(Kind, profile.Id, expected, stored?.Token);
            }

            historyStart = stored.HistoryCount;
        }

        var next = expected?.Next() ?? ConcurrencyToken.Initial;
        var snapshot = CustomerServiceJson.Serialize(profile with { Version = next.Value }, StudioJson.CustomerProfile);
        string[] history = assignment is null ? [] : [CustomerServiceJson.Serialize(assignment, StudioJson.SegmentAssignment)];
        await _documents.SaveAsync(new DocumentChange(Kind, profile.Id, expected, next, snapshot, historyStart, history, null, DueWork.None, []), cancellationToken).ConfigureAwait(false);
        return next.Value;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SegmentAssignment>> GetSegmentHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        if (await _documents.FindAsync(Kind, customerId, 0, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return [];
        }

        if (record.History.Count != record.HistoryCount)
        {
            throw new SnapshotFormatException($"{Kind} '{customerId}' has {record.HistoryCount} history rows, but {record.History.Count} were returned from row 0.", CustomerServiceJson.SchemaVersion);
        }

        var history = new SegmentAssignment[record.History.Count];
        for (var i = 0; i < history.Length; i++)
        {
            history[i] = CustomerServiceJson.Deserialize(record.History[i], StudioJson.SegmentAssignment);
        }

        return history;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<CustomerProfile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        List<string>? unreadable = null;
        SnapshotFormatException? first = null;
        while (true)
        {
            var page = await _documents.ListAsync(Kind, after, _pageSize, cancellationToken).ConfigureAwait(false);
            if (after is not null && page.Count > 0 && string.Equals(page[^1].Id, after, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The document store listed '{after}' again after it; IDocumentStore.ListAsync must return only ids after afterId.");
            }

            foreach (var record in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CustomerProfile? profile = null;
                try
                {
                    profile = Read(record);
                }
                catch (SnapshotFormatException e)
                {
                    // A poison row: list every other profile, then report it.
                    first ??= e;
                    (unreadable ??= []).Add(record.Id);
                }

                if (profile is not null)
                {
                    yield return profile;
                }
            }

            if (page.Count < _pageSize)
            {
                break;
            }

            after = page[^1].Id;
        }

        if (unreadable is not null)
        {
            var named = string.Join(", ", unreadable.Take(NamedUnreadable).Select(id => "'" + id + "'"));
            var more = unreadable.Count > NamedUnreadable ? string.Create(CultureInfo.InvariantCulture, $" and {unreadable.Count - NamedUnreadable} more") : string.Empty;
            throw new SnapshotFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{unreadable.Count} {Kind} rows could not be read and were not listed ({named}{more}); every other profile was. The first error: {first!.Message}"),
                first.SchemaVersion,
                first);
        }
    }

    /// <summary>Reads a profile row; its snapshot must be of the row's id and carry the row's token as its version.</summary>
    private static CustomerProfile Read(DocumentRecord record)
    {
        var profile = CustomerServiceJson.Deserialize(record.Snapshot, StudioJson.CustomerProfile);
        if (!string.Equals(profile.Id, record.Id, StringComparison.Ordinal) || profile.Version != record.Token.Value)
        {
            throw new SnapshotFormatException($"{Kind} '{record.Id}' is stored at token {record.Token} with a snapshot of another profile or version; they must agree.", CustomerServiceJson.SchemaVersion);
        }

        return profile;
    }
}

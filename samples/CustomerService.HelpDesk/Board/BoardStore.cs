using System.Data.Common;
using CustomerService.Core.Callbacks;
using CustomerService.Core.Complaints;
using CustomerService.Core.Leads.Studio;
using CustomerService.Core.Serialization;
using CustomerService.Core.Tickets;
using NodaTime;

namespace CustomerService.HelpDesk.Board;

/// <summary>
/// The desk's read model: the latest snapshot of every ticket, complaint and callback (kept by <see cref="BoardProjection"/>
/// from the library's events), plus what the library does not store — survey scores and the studio desk's events.
/// </summary>
/// <remarks>
/// The library stores entities by id and answers "what is due", but has no query such as "every open ticket": a
/// dashboard is a projection of the events, which reach it from the outbox at least once and in order per entity. The
/// tables live in the same database as the library's (SQLite file or PostgreSQL schema), and the SQL is the dialect
/// both share (<c>INSERT … ON CONFLICT</c>), so one class serves both.
/// </remarks>
/// <param name="connect">Creates a connection to the library's database.</param>
/// <param name="tablePrefix">The schema the tables live in (<c>"helpdesk".</c>), or empty.</param>
/// <param name="onOpen">SQL run on each opened connection, or <see langword="null"/>. SQLite's settings are per connection:
/// the board's writes must be as durable as the library's (no more: each extra sync of the log costs milliseconds), and
/// must wait for the library's write lock in SQLite's own busy handler (without <c>busy_timeout</c>, Microsoft.Data.Sqlite
/// retries a locked write every 150 ms).</param>
public sealed class BoardStore(Func<DbConnection> connect, string tablePrefix, string? onOpen = null)
{
    private readonly string _board = tablePrefix + "helpdesk_board";
    private readonly string _surveys = tablePrefix + "helpdesk_survey";
    private readonly string _deskEvents = tablePrefix + "helpdesk_desk_event";

    /// <summary>Creates the tables when missing.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var sql in new[]
        {
            $"CREATE TABLE IF NOT EXISTS {_board} (kind TEXT NOT NULL, id TEXT NOT NULL, version BIGINT NOT NULL, state TEXT NOT NULL, " +
            "active INTEGER NOT NULL, changed_at BIGINT NOT NULL, snapshot TEXT NOT NULL, PRIMARY KEY (kind, id))",
            $"CREATE INDEX IF NOT EXISTS helpdesk_board_changed ON {_board} (kind, changed_at)",
            $"CREATE TABLE IF NOT EXISTS {_surveys} (ticket_id TEXT PRIMARY KEY, score INTEGER NOT NULL, answered_at BIGINT NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {_deskEvents} (id TEXT PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, customer_id TEXT NOT NULL)",
        })
        {
            await ExecuteAsync(connection, sql, cancellationToken);
        }
    }

    public Task SaveAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        UpsertAsync("Ticket", ticket.Id.Value, ticket.Version, ticket.State.ToString(),
            ticket.State is not (TicketState.Closed or TicketState.Merged or TicketState.Cancelled),
            ticket.UpdatedAt ?? ticket.CreatedAt, CustomerServiceJson.Serialize(ticket), cancellationToken);

    public Task SaveAsync(Complaint complaint, CancellationToken cancellationToken = default) =>
        UpsertAsync("Complaint", complaint.Id.Value, complaint.Version, complaint.State.ToString(), !complaint.IsFinal,
            complaint.UpdatedAt ?? complaint.ReceivedAt, CustomerServiceJson.Serialize(complaint), cancellationToken);

    public Task SaveAsync(Callback callback, CancellationToken cancellationToken = default) =>
        UpsertAsync("Callback", callback.Id.Value, callback.Version, callback.State.ToString(), callback.EndedAt is null,
            callback.UpdatedAt ?? callback.RequestedAt, CustomerServiceJson.Serialize(callback), cancellationToken);

    /// <summary>The tickets still in progress, and those that changed since <paramref name="since"/> (today's closed ones).</summary>
    public Task<IReadOnlyList<Ticket>> ListTicketsAsync(Instant since, CancellationToken cancellationToken = default) =>
        ListAsync<Ticket>("Ticket", since, cancellationToken);

    public Task<IReadOnlyList<Complaint>> ListComplaintsAsync(Instant since, CancellationToken cancellationToken = default) =>
        ListAsync<Complaint>("Complaint", since, cancellationToken);

    public Task<IReadOnlyList<Callback>> ListCallbacksAsync(Instant since, CancellationToken cancellationToken = default) =>
        ListAsync<Callback>("Callback", since, cancellationToken);

    /// <summary>Records a customer's satisfaction score (1–5) for a ticket; a second answer replaces the first.</summary>
    public async Task SaveSurveyAsync(string ticketId, int score, Instant answeredAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            $"INSERT INTO {_surveys} (ticket_id, score, answered_at) VALUES (@id, @score, @at) " +
            "ON CONFLICT (ticket_id) DO UPDATE SET score = excluded.score, answered_at = excluded.answered_at",
            cancellationToken, ("@id", ticketId), ("@score", score), ("@at", answeredAt.ToUnixTimeTicks()));
    }

    public async Task<IReadOnlyList<int>> ListSurveyScoresAsync(Instant since, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var scores = new List<int>();
        await using var reader = await QueryAsync(connection, $"SELECT score FROM {_surveys} WHERE answered_at >= @since", cancellationToken, ("@since", since.ToUnixTimeTicks()));
        while (await reader.ReadAsync(cancellationToken))
        {
            scores.Add(Convert.ToInt32(reader.GetValue(0)));
        }

        return scores;
    }

    /// <summary>Records what happened at the studio desk (visits, deals, calls) for its daily report.</summary>
    public async Task AddDeskEventsAsync(IEnumerable<DeskEvent> events, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var e in events)
        {
            await ExecuteAsync(connection, $"INSERT INTO {_deskEvents} (id, at, kind, customer_id) VALUES (@id, @at, @kind, @customer)",
                cancellationToken, ("@id", Guid.NewGuid().ToString("N")), ("@at", e.At.ToUnixTimeTicks()), ("@kind", e.Kind.ToString()), ("@customer", e.CustomerId));
        }
    }

    public async Task<IReadOnlyList<DeskEvent>> ListDeskEventsAsync(Instant since, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var events = new List<DeskEvent>();
        await using var reader = await QueryAsync(connection, $"SELECT at, kind, customer_id FROM {_deskEvents} WHERE at >= @since", cancellationToken, ("@since", since.ToUnixTimeTicks()));
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DeskEvent(Instant.FromUnixTimeTicks(Convert.ToInt64(reader.GetValue(0))), Enum.Parse<DeskEventKind>(reader.GetString(1)), reader.GetString(2)));
        }

        return events;
    }

    /// <summary>
    /// Keeps the newest snapshot: events arrive at least once and in order per entity, so a redelivered or older version
    /// changes nothing.
    /// </summary>
    private async Task UpsertAsync(string kind, string id, long version, string state, bool active, Instant changedAt, string snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            $"INSERT INTO {_board} AS b (kind, id, version, state, active, changed_at, snapshot) VALUES (@kind, @id, @version, @state, @active, @changed, @snapshot) " +
            "ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, state = excluded.state, active = excluded.active, " +
            "changed_at = excluded.changed_at, snapshot = excluded.snapshot WHERE excluded.version > b.version",
            cancellationToken, ("@kind", kind), ("@id", id), ("@version", version), ("@state", state), ("@active", active ? 1 : 0),
            ("@changed", changedAt.ToUnixTimeTicks()), ("@snapshot", snapshot));
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string kind, Instant since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var items = new List<T>();
        await using var reader = await QueryAsync(connection, $"SELECT snapshot FROM {_board} WHERE kind = @kind AND (active = 1 OR changed_at >= @since)",
            cancellationToken, ("@kind", kind), ("@since", since.ToUnixTimeTicks()));
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(CustomerServiceJson.Deserialize<T>(reader.GetString(0)));
        }

        return items;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = connect();
        await connection.OpenAsync(cancellationToken);
        if (onOpen is not null)
        {
            await ExecuteAsync(connection, onOpen, cancellationToken);
        }

        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<DbDataReader> QueryAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        // The command is disposed with the connection; the reader is the caller's.
        var command = Command(connection, sql, parameters);
        return await command.ExecuteReaderAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

namespace CustomerService.Core.PostgreSql;

/// <summary>The versioned schema: migration n brings a database from version n − 1 to n. <c>{s}</c> is the quoted schema name.</summary>
internal static class PostgreSqlSchema
{
    public const string Adapter = "PostgreSQL";

    public static readonly (int Version, string Description, string Sql)[] Migrations =
    [
        (1, "entities, history, outbox, leases", """
            CREATE TABLE {s}.cs_entity (
                kind text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                token bigint NOT NULL,
                snapshot text NOT NULL,
                next_due_at bigint NULL,
                due integer NOT NULL,
                history_count integer NOT NULL,
                lease_owner text NULL,
                lease_expires_at timestamptz NULL,
                PRIMARY KEY (kind, id)
            );
            CREATE INDEX cs_entity_due ON {s}.cs_entity (kind, next_due_at, id) WHERE next_due_at IS NOT NULL;
            CREATE TABLE {s}.cs_history (
                kind text COLLATE "C" NOT NULL,
                id text COLLATE "C" NOT NULL,
                seq integer NOT NULL,
                entry text NOT NULL,
                PRIMARY KEY (kind, id, seq)
            );
            CREATE TABLE {s}.cs_outbox (
                sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_id text COLLATE "C" NOT NULL UNIQUE,
                kind text COLLATE "C" NOT NULL,
                entity_id text COLLATE "C" NOT NULL,
                payload text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at bigint NULL,
                last_error text NULL,
                lease_owner text NULL,
                lease_expires_at timestamptz NULL
            );
            CREATE INDEX cs_outbox_entity ON {s}.cs_outbox (kind, entity_id, sequence);
            """),
    ];

    public static int Version => Migrations[^1].Version;
}

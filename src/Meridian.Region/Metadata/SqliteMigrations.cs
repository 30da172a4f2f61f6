namespace Meridian.Region.Metadata;

/// <summary>
/// Versioned schema. Each entry moves the database from version <c>index</c> to <c>index + 1</c>; the version is kept
/// in <c>PRAGMA user_version</c>. Never edit a shipped entry: append a new one.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE resources (
            scope      TEXT NOT NULL,
            kind       TEXT NOT NULL,
            name_key   TEXT NOT NULL,
            name       TEXT NOT NULL,
            alt_key    TEXT NULL,
            body       TEXT NOT NULL,
            PRIMARY KEY (scope, kind, name_key)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX resources_alt_key ON resources (kind, alt_key) WHERE alt_key IS NOT NULL;
        CREATE INDEX resources_kind_scope ON resources (kind, scope, name_key);
        """,
        """
        CREATE TABLE events (
            sequence   INTEGER PRIMARY KEY AUTOINCREMENT,
            scope      TEXT NOT NULL,
            id         TEXT NOT NULL,
            type       TEXT NOT NULL,
            subject    TEXT NOT NULL,
            time       TEXT NOT NULL,
            body       TEXT NOT NULL
        );
        CREATE INDEX events_scope ON events (scope, sequence);
        CREATE TABLE deliveries (
            sequence     INTEGER NOT NULL REFERENCES events (sequence) ON DELETE CASCADE,
            subscription TEXT NOT NULL,
            scope        TEXT NOT NULL,
            subject      TEXT NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER NOT NULL,
            status       INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (sequence, subscription)
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_queue ON deliveries (scope, subscription, subject, sequence) WHERE status = 0;
        CREATE INDEX deliveries_due ON deliveries (next_attempt) WHERE status = 0;
        """,
        """
        CREATE TABLE token_uses (
            id         TEXT NOT NULL PRIMARY KEY,
            uses       INTEGER NOT NULL,
            forget     INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX token_uses_forget ON token_uses (forget);
        """,
    ];
}

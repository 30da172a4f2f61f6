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
    ];
}

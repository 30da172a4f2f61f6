using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Meridian.Region.Metadata;

internal sealed class SqliteMetadataSession(SqliteConnection connection, SqliteTransaction transaction) : IMetadataSession
{
    /// <summary>True once the session has put or deleted a resource (event bookkeeping does not count).</summary>
    public bool ChangedResources { get; private set; }

    /// <summary>The kinds of the resources put or deleted, or null once a whole scope went (<see cref="DeleteUnder"/>).</summary>
    public HashSet<string>? ChangedKinds { get; private set; } = new(StringComparer.Ordinal);

    public StoredResource? Get(ResourceKey key)
    {
        using var command = Command(
            "SELECT scope, kind, name, body, alt_key FROM resources WHERE scope = $scope AND kind = $kind AND name_key = $name");
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$kind", key.Kind);
        command.Parameters.AddWithValue("$name", key.NameKey);
        return ReadAll(command).FirstOrDefault();
    }

    public StoredResource? FindByAlternateKey(string kind, string alternateKey)
    {
        using var command = Command("SELECT scope, kind, name, body, alt_key FROM resources WHERE kind = $kind AND alt_key = $alt");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$alt", alternateKey);
        return ReadAll(command).FirstOrDefault();
    }

    public IReadOnlyList<StoredResource> List(string scope, string kind)
    {
        using var command = Command(
            "SELECT scope, kind, name, body, alt_key FROM resources WHERE kind = $kind AND scope = $scope ORDER BY name_key");
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$kind", kind);
        return ReadAll(command);
    }

    public IReadOnlyList<StoredResource> ListUnder(string scopePrefix, string kind)
    {
        using var command = Command(
            "SELECT scope, kind, name, body, alt_key FROM resources WHERE kind = $kind AND (scope = $scope OR substr(scope, 1, $len) = $prefix) " +
            "ORDER BY scope, name_key");
        command.Parameters.AddWithValue("$scope", scopePrefix);
        command.Parameters.AddWithValue("$prefix", scopePrefix + "/");
        command.Parameters.AddWithValue("$len", scopePrefix.Length + 1);
        command.Parameters.AddWithValue("$kind", kind);
        return ReadAll(command);
    }

    public IReadOnlyList<StoredResource> ListKind(string kind)
    {
        using var command = Command("SELECT scope, kind, name, body, alt_key FROM resources WHERE kind = $kind ORDER BY scope, name_key");
        command.Parameters.AddWithValue("$kind", kind);
        return ReadAll(command);
    }

    public void Put(StoredResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ChangedResources = true;
        ChangedKinds?.Add(resource.Key.Kind);
        using var command = Command(
            "INSERT INTO resources (scope, kind, name_key, name, alt_key, body) VALUES ($scope, $kind, $name_key, $name, $alt, $body) " +
            "ON CONFLICT (scope, kind, name_key) DO UPDATE SET name = excluded.name, alt_key = excluded.alt_key, body = excluded.body");
        command.Parameters.AddWithValue("$scope", resource.Key.Scope);
        command.Parameters.AddWithValue("$kind", resource.Key.Kind);
        command.Parameters.AddWithValue("$name_key", resource.Key.NameKey);
        command.Parameters.AddWithValue("$name", resource.Key.Name);
        command.Parameters.AddWithValue("$alt", (object?)resource.AlternateKey ?? DBNull.Value);
        command.Parameters.AddWithValue("$body", resource.Body);
        command.ExecuteNonQuery();
    }

    public bool Delete(ResourceKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ChangedResources = true;
        ChangedKinds?.Add(key.Kind);
        using var command = Command("DELETE FROM resources WHERE scope = $scope AND kind = $kind AND name_key = $name");
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$kind", key.Kind);
        command.Parameters.AddWithValue("$name", key.NameKey);
        return command.ExecuteNonQuery() > 0;
    }

    public int DeleteUnder(string scope)
    {
        ChangedResources = true;
        ChangedKinds = null;
        using var command = Command("DELETE FROM resources WHERE scope = $scope OR substr(scope, 1, $len) = $prefix");
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$prefix", scope + "/");
        command.Parameters.AddWithValue("$len", scope.Length + 1);
        return command.ExecuteNonQuery();
    }

    public long AppendEvent(StoredEvent storedEvent, IReadOnlyCollection<string> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(storedEvent);
        ArgumentNullException.ThrowIfNull(subscriptions);
        long sequence;
        using (var command = Command(
            "INSERT INTO events (scope, id, type, subject, time, body) VALUES ($scope, $id, $type, $subject, $time, $body) RETURNING sequence"))
        {
            command.Parameters.AddWithValue("$scope", storedEvent.Scope);
            command.Parameters.AddWithValue("$id", storedEvent.Id);
            command.Parameters.AddWithValue("$type", storedEvent.Type);
            command.Parameters.AddWithValue("$subject", storedEvent.Subject);
            command.Parameters.AddWithValue("$time", storedEvent.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$body", storedEvent.Body);
            sequence = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        foreach (var subscription in subscriptions)
        {
            using var command = Command(
                "INSERT INTO deliveries (sequence, subscription, scope, subject, attempts, next_attempt, status) " +
                "VALUES ($sequence, $subscription, $scope, $subject, 0, $next, 0)");
            command.Parameters.AddWithValue("$sequence", sequence);
            command.Parameters.AddWithValue("$subscription", subscription.ToLowerInvariant());
            command.Parameters.AddWithValue("$scope", storedEvent.Scope);
            command.Parameters.AddWithValue("$subject", storedEvent.Subject);
            command.Parameters.AddWithValue("$next", storedEvent.Time.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        return sequence;
    }

    public IReadOnlyList<StoredEvent> ListEvents(string scope, long afterSequence, int max)
    {
        using var command = Command(
            "SELECT sequence, scope, id, type, subject, time, body FROM events WHERE scope = $scope AND sequence > $after ORDER BY sequence LIMIT $max");
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", max);
        var results = new List<StoredEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(ReadEvent(reader, 0));
        }

        return results;
    }

    public IReadOnlyList<PendingDelivery> NextDeliveries(int max)
    {
        using var command = Command(
            "SELECT e.sequence, e.scope, e.id, e.type, e.subject, e.time, e.body, d.subscription, d.attempts, d.next_attempt " +
            "FROM deliveries d JOIN events e ON e.sequence = d.sequence " +
            "WHERE d.status = 0 AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.status = 0 AND p.scope = d.scope " +
            "AND p.subscription = d.subscription AND p.subject = d.subject AND p.sequence < d.sequence) " +
            "ORDER BY d.next_attempt, d.sequence LIMIT $max");
        command.Parameters.AddWithValue("$max", max);
        var results = new List<PendingDelivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(new PendingDelivery(
                ReadEvent(reader, 0),
                reader.GetString(7),
                reader.GetInt32(8),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9))));
        }

        return results;
    }

    public void UpdateDelivery(long sequence, string subscription, EventDeliveryStatus status, int attempts, DateTimeOffset nextAttempt)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var command = Command(
            "UPDATE deliveries SET status = $status, attempts = $attempts, next_attempt = $next WHERE sequence = $sequence AND subscription = $subscription");
        command.Parameters.AddWithValue("$status", (int)status);
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$next", nextAttempt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$sequence", sequence);
        command.Parameters.AddWithValue("$subscription", subscription.ToLowerInvariant());
        command.ExecuteNonQuery();
    }

    public int DeleteEvents(string scope, string? subscription)
    {
        using var command = subscription is null
            ? Command("DELETE FROM deliveries WHERE scope = $scope; DELETE FROM events WHERE scope = $scope;")
            : Command("DELETE FROM deliveries WHERE scope = $scope AND subscription = $subscription");
        command.Parameters.AddWithValue("$scope", scope);
        if (subscription is not null)
        {
            command.Parameters.AddWithValue("$subscription", subscription.ToLowerInvariant());
        }

        return command.ExecuteNonQuery();
    }

    public int PruneEvents(DateTimeOffset before)
    {
        using var command = Command(
            "DELETE FROM events WHERE time < $before AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.sequence = events.sequence AND d.status = 0)");
        command.Parameters.AddWithValue("$before", before.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery();
    }

    public bool TrySpendTokenUse(string tokenId, int maxUses, DateTimeOffset forget)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxUses);

        // The upsert leaves a spent token's row as it is, and then returns nothing.
        using var command = Command("""
            INSERT INTO token_uses (id, uses, forget) VALUES ($id, 1, $forget)
            ON CONFLICT (id) DO UPDATE SET uses = uses + 1 WHERE uses < $max
            RETURNING uses
            """);
        command.Parameters.AddWithValue("$id", tokenId);
        command.Parameters.AddWithValue("$forget", forget.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", maxUses);
        return command.ExecuteScalar() is not null;
    }

    public int PruneTokenUses(DateTimeOffset now)
    {
        using var command = Command("DELETE FROM token_uses WHERE forget < $now");
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private static StoredEvent ReadEvent(SqliteDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetString(first + 4),
        DateTimeOffset.Parse(reader.GetString(first + 5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        reader.GetString(first + 6));

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static List<StoredResource> ReadAll(SqliteCommand command)
    {
        var results = new List<StoredResource>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            results.Add(new StoredResource(
                new ResourceKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return results;
    }
}

using Microsoft.Data.Sqlite;

namespace Meridian.Region.Metadata;

internal sealed class SqliteMetadataSession(SqliteConnection connection, SqliteTransaction transaction) : IMetadataSession
{
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
        using var command = Command("DELETE FROM resources WHERE scope = $scope AND kind = $kind AND name_key = $name");
        command.Parameters.AddWithValue("$scope", key.Scope);
        command.Parameters.AddWithValue("$kind", key.Kind);
        command.Parameters.AddWithValue("$name", key.NameKey);
        return command.ExecuteNonQuery() > 0;
    }

    public int DeleteUnder(string scope)
    {
        using var command = Command("DELETE FROM resources WHERE scope = $scope OR substr(scope, 1, $len) = $prefix");
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$prefix", scope + "/");
        command.Parameters.AddWithValue("$len", scope.Length + 1);
        return command.ExecuteNonQuery();
    }

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

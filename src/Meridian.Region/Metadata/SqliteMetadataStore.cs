using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Meridian.Region.Metadata;

/// <summary>SQLite in WAL mode, one file per region. Writes are serialized; reads run beside them.</summary>
public sealed class SqliteMetadataStore : IMetadataStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _kindWrites = new(StringComparer.Ordinal);
    private long _generation;
    private long _wholesaleWrites;
    private volatile ExceptAnswer? _lastExcept;

    /// <summary>Opens (and creates or migrates) the database at <paramref name="path"/>.</summary>
    public SqliteMetadataStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        OwnerOnly(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Migrate();
    }

    /// <summary>
    /// The database holds content key values and token keys, so only its owner may read it. SQLite creates the
    /// <c>-wal</c> and <c>-shm</c> files with the database file's mode, so creating that file 0600 covers them; the
    /// files of a database made before this are narrowed too.
    /// </summary>
    private static void OwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Owner,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already.
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, Owner);
            }
        }
    }

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion
    {
        get
        {
            using var connection = Open();
            return GetVersion(connection);
        }
    }

    /// <inheritdoc />
    public long Generation => Interlocked.Read(ref _generation);

    /// <inheritdoc />
    public long GenerationExcept(IReadOnlySet<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);

        // Every request of the origin and key delivery asks: while no write has committed since the last answer for
        // these kinds, that answer stands (one read instead of a walk over the counts).
        var generation = Generation;
        if (_lastExcept is { } last && last.Generation == generation && ReferenceEquals(last.Kinds, kinds))
        {
            return last.Value;
        }

        // Counts only grow, so the sum moves whenever one of its parts does. A reader racing a commit may see part of
        // it: that value differs from the one before and the one after, so it causes one more read, never a stale hit.
        var sum = Interlocked.Read(ref _wholesaleWrites);
        foreach (var (kind, writes) in _kindWrites)
        {
            if (!kinds.Contains(kind))
            {
                sum += writes;
            }
        }

        // Counted before the generation moves (WriteAsync), so this sum already holds every write of that generation.
        _lastExcept = new ExceptAnswer(generation, kinds, sum);
        return sum;
    }

    /// <inheritdoc />
    public async Task<T> ReadAsync<T>(Func<IMetadataSession, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var result = work(new SqliteMetadataSession(connection, transaction));
        transaction.Commit();
        return result;
    }

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IMetadataSession, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            var session = new SqliteMetadataSession(connection, transaction);
            var result = work(session);
            transaction.Commit();
            if (session.ChangedResources)
            {
                if (session.ChangedKinds is { } kinds)
                {
                    foreach (var kind in kinds)
                    {
                        _kindWrites.AddOrUpdate(kind, 1, static (_, writes) => writes + 1);
                    }
                }
                else
                {
                    Interlocked.Increment(ref _wholesaleWrites);
                }

                Interlocked.Increment(ref _generation);
            }

            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Migrate()
    {
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        var version = GetVersion(connection);
        if (version > SqliteMigrations.Steps.Count)
        {
            throw new InvalidOperationException(
                $"The metadata database is at schema version {version}, newer than this build knows ({SqliteMigrations.Steps.Count}).");
        }

        for (var step = version; step < SqliteMigrations.Steps.Count; step++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqliteMigrations.Steps[step] + $"\nPRAGMA user_version = {step + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static int GetVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private sealed record ExceptAnswer(long Generation, IReadOnlySet<string> Kinds, long Value);
}

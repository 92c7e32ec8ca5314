using System.Collections.Concurrent;
using System.Data.Common;
using RuleForge.Core.Stores;

namespace RuleForge.Storage.Database;

/// <summary>
/// Opens connections to one database and owns its schema bookkeeping: every store (ours or another area's) names its
/// area and its migrations, and <see cref="EnsureSchemaAsync"/> applies the missing ones once, idempotently, even
/// when several processes start at the same time.
/// </summary>
public abstract class DatabaseConnector
{
    /// <summary>The table recording which schema version each area has reached.</summary>
    public const string SchemaTable = "ruleforge_schema";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensured = new(StringComparer.Ordinal);

    public abstract DatabaseKind Kind { get; }

    /// <summary>Where the data lives, safe to print (never contains a password).</summary>
    public abstract string Description { get; }

    /// <summary>An open, configured connection; the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction that holds the write lock from the start (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The case-insensitive LIKE operator of the engine.</summary>
    public abstract string CaseInsensitiveLike { get; }

    /// <summary>The suffix that locks selected rows until the transaction ends ("" where the transaction already holds the lock).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Whether <paramref name="exception"/> is a momentary conflict (busy, serialization failure, deadlock) worth retrying.</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>Whether <paramref name="exception"/> is a unique-key violation.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Turns a driver error into a <see cref="StoreException"/> that says what happened and where, without secrets.</summary>
    public abstract StoreException Describe(Exception exception);

    /// <summary>Applies the area's missing migrations (once per connector; concurrent callers and processes are safe).</summary>
    public Task EnsureSchemaAsync(string area, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var lazy = _ensured.GetOrAdd(area, _ => new Lazy<Task>(() => MigrateAsync(area, migrations, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _ensured.TryRemove(new KeyValuePair<string, Lazy<Task>>(area, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction, retrying momentary conflicts; driver errors become <see cref="StoreException"/>.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken, int attempts = 8)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenConnectionAsync(cancellationToken);
                await using var transaction = await BeginWriteAsync(connection, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception e) when (attempt < attempts && (IsTransient(e) || e is ConcurrencyConflictException { CanRetry: true }) && !cancellationToken.IsCancellationRequested)
            {
                // Back off a little (jittered) so competing writers stop colliding.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
            catch (DbException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <summary>Runs read-only <paramref name="work"/> on a fresh connection; driver errors become <see cref="StoreException"/>.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenConnectionAsync(cancellationToken);
                return await work(connection);
            }
            catch (Exception e) when (attempt < attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // A dropped pooled connection: reads are idempotent, so try once more on a fresh one.
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
            }
            catch (DbException e)
            {
                throw Describe(e);
            }
        }
    }

    /// <summary>Takes the engine's schema lock inside <paramref name="transaction"/> (PostgreSQL: an advisory lock).</summary>
    protected abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The DDL of the schema-version table for this engine.</summary>
    protected abstract string SchemaTableDdl { get; }

    private async Task MigrateAsync(string area, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migrations of area '{area}' must be numbered 1, 2, 3…; found {migrations[i].Version} at position {i + 1}");
            }
        }

        await WriteAsync(async (connection, transaction) =>
        {
            await LockSchemaAsync(connection, transaction, cancellationToken);
            await connection.ExecuteAsync(transaction, SchemaTableDdl, cancellationToken);
            var current = await connection.ScalarAsync<long?>(transaction, $"SELECT version FROM {SchemaTable} WHERE area = @area", cancellationToken, ("area", area)) ?? 0;
            if (current > migrations.Count)
            {
                throw new StoreException($"the database {Description} has schema version {current} for '{area}', newer than this ruleforge knows ({migrations.Count}); upgrade ruleforge");
            }

            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                foreach (var statement in SplitStatements(migration.Sql))
                {
                    await connection.ExecuteAsync(transaction, statement, cancellationToken);
                }
            }

            if (current < migrations.Count)
            {
                await connection.ExecuteAsync(
                    transaction,
                    $"INSERT INTO {SchemaTable} (area, version, applied_ticks) VALUES (@area, @version, @ticks) ON CONFLICT (area) DO UPDATE SET version = excluded.version, applied_ticks = excluded.applied_ticks",
                    cancellationToken,
                    ("area", area),
                    ("version", (long)migrations.Count),
                    ("ticks", DateTimeOffset.UtcNow.UtcTicks));
            }

            return true;
        }, cancellationToken);
    }

    private static IEnumerable<string> SplitStatements(string sql) =>
        sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 0);
}

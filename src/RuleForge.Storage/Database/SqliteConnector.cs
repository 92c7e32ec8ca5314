using System.Data.Common;
using Microsoft.Data.Sqlite;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;

namespace RuleForge.Storage.Database;

/// <summary>
/// One SQLite file in WAL mode with a busy timeout: several processes on one machine may read and write it; writers
/// queue on the file lock (BEGIN IMMEDIATE) instead of failing.
/// </summary>
public sealed class SqliteConnector : DatabaseConnector, IAsyncDisposable
{
    /// <summary>SQLite's default: a commit that leaves the WAL longer than this many pages copies it into the file.</summary>
    private const int AutoCheckpointPages = 1000;

    /// <summary>
    /// WAL size from which a bulk write first waits for the background checkpoints: a checkpoint that runs while the
    /// next batch writes never finds the WAL fully copied, so without this wait the WAL never starts over and grows
    /// by every batch (1.2 GB beside a 340 MB file after 200,000 rules in batches of 10,000).
    /// </summary>
    private const long WalCatchUpBytes = 256L << 20;

    /// <summary>After the WAL starts over, its file is cut back to this size (SQLite keeps it otherwise).</summary>
    private const long WalKeepBytes = 64L << 20;

    /// <summary>
    /// Page size of new files (SQLite's default is 4096; existing files keep theirs). A bulk batch dirties nearly every
    /// page of the search indexes; larger pages mean a quarter as many pages to look up, checksum and write to the WAL.
    /// </summary>
    private const int PageSize = 16384;

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly Lock _checkpointLock = new();
    private Task _checkpoint = Task.CompletedTask;
    private long _walBytes;

    /// <summary>Opens (creating if needed, with its directory) the database file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; relative paths resolve against the current directory.</param>
    /// <param name="busyTimeout">How long a writer waits for another process's lock before failing (default 30 s).</param>
    public SqliteConnector(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new InputException($"cannot create the database directory '{directory}' for '{path}': {e.Message}", e);
            }
        }

        if (Directory.Exists(Path))
        {
            throw new InputException($"the database path '{path}' is a directory; give a file such as '{System.IO.Path.Combine(path, "ruleforge.db")}'");
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        }.ToString();
        _pragmas = $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA page_size = {PageSize}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {AutoCheckpointPages}; PRAGMA journal_size_limit = {WalKeepBytes};";
    }

    /// <summary>The absolute path of the database file.</summary>
    public string Path { get; }

    public TimeSpan BusyTimeout { get; }

    public override DatabaseKind Kind => DatabaseKind.Sqlite;

    public override string Description => $"SQLite file '{Path}'";

    public override string CaseInsensitiveLike => "LIKE";

    public override string ForUpdate => "";

    protected override string SchemaTableDdl =>
        $"CREATE TABLE IF NOT EXISTS {SchemaTable} (area TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, applied_ticks INTEGER NOT NULL)";

    // PRAGMA optimize re-analyses only the tables that changed enough; the limit keeps it quick on big tables.
    protected override string OptimizeSql(IReadOnlyList<string> tables) => "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(null, _pragmas, cancellationToken);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw Describe(e);
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // The busy timeout already waited for the lock; only a stale WAL snapshot (SQLITE_BUSY_SNAPSHOT) is worth a retry.
    public override bool IsTransient(Exception exception) => exception is SqliteException { SqliteExtendedErrorCode: 517 };

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    public override StoreException Describe(Exception exception) => exception switch
    {
        StoreException store => store,
        SqliteException { SqliteErrorCode: 5 or 6 } e => new StoreException($"the database '{Path}' is locked by another process (waited {BusyTimeout.TotalSeconds:0.#} s); try again when it is free", e),
        SqliteException { SqliteErrorCode: 14 } e => new StoreException($"cannot open the database file '{Path}': {e.Message}", e),
        SqliteException { SqliteErrorCode: 26 } e => new StoreException($"'{Path}' is not a SQLite database", e),
        SqliteException { SqliteErrorCode: 8 } e => new StoreException($"the database '{Path}' is read-only", e),
        SqliteException { SqliteErrorCode: 13 } e => new StoreException($"the disk holding '{Path}' is full", e),
        _ => new StoreException($"SQLite error on '{Path}': {exception.Message}", exception),
    };

    /// <summary>
    /// Keeps the commit of <paramref name="connection"/>'s open transaction from copying the WAL into the file itself
    /// (the pooled connection gets its default back when next opened); pair with <see cref="StartCheckpoint"/> after
    /// the commit. A bulk write's commit otherwise spends about as long on that copy and its fsync as on the rows.
    /// </summary>
    public static void DeferCheckpoint(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Copies the WAL into the database file on another connection, in the background (a PASSIVE checkpoint: it
    /// neither waits for nor blocks readers and writers), so the next bulk batch's b-tree work overlaps the copy's
    /// I/O. Checkpoints run one after another; <see cref="DisposeAsync"/> waits for the last.
    /// </summary>
    public void StartCheckpoint()
    {
        lock (_checkpointLock)
        {
            _checkpoint = _checkpoint.ContinueWith(_ => CheckpointAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = await OpenConnectionAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE); PRAGMA page_size";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var frames = reader.GetInt64(1); // busy, frames in the WAL, frames copied
            await reader.NextResultAsync();
            await reader.ReadAsync();
            Volatile.Write(ref _walBytes, frames * reader.GetInt64(0));
        }
        catch (StoreException)
        {
            // Not fatal: the data is committed in the WAL, and the next commit past the threshold checkpoints again.
        }
        catch (DbException)
        {
            // As above (e.g. the file was removed meanwhile).
        }
    }

    /// <summary>
    /// Before a bulk write: once the last background checkpoint found more than <see cref="WalCatchUpBytes"/> in the WAL
    /// (its frame count; the file's length says nothing once the WAL has started over), waits for the checkpoints started
    /// so far and one more, so the write's commit finds the WAL copied into the file and starts it over from its beginning.
    /// </summary>
    public async Task CatchUpCheckpointsAsync()
    {
        if (Volatile.Read(ref _walBytes) >= WalCatchUpBytes)
        {
            // One more pass after the pending ones: commits since they started (e.g. PRAGMA optimize's statistics) are copied too.
            StartCheckpoint();
            await WhenCheckpointedAsync();
        }
    }

    /// <summary>Completes when every checkpoint started so far has finished (a failed checkpoint is skipped, not an error).</summary>
    public Task WhenCheckpointedAsync()
    {
        lock (_checkpointLock)
        {
            return _checkpoint;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await WhenCheckpointedAsync();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already holds the database's write lock.
}

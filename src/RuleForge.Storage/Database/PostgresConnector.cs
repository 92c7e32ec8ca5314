using System.Data;
using System.Data.Common;
using Npgsql;
using RuleForge.Core.Stores;

namespace RuleForge.Storage.Database;

/// <summary>A PostgreSQL database shared by several machines; writers lock the rows they change (SELECT … FOR UPDATE).</summary>
public sealed class PostgresConnector : DatabaseConnector, IAsyncDisposable
{
    // Any constant works: it only has to be the same for every RuleForge process migrating this database.
    private const long SchemaLockKey = 0x52_75_6C_65_46_6F_72;
    private readonly NpgsqlDataSource _source;

    /// <summary>Connects to the database named by a keyword string (<c>Host=…</c>) or a <c>postgres://</c> URL.</summary>
    public PostgresConnector(string connectionString)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        Description = $"PostgreSQL {builder.Username ?? "(default user)"}@{builder.Host}:{builder.Port}/{builder.Database ?? "(default database)"}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override DatabaseKind Kind => DatabaseKind.PostgreSql;

    public override string Description { get; }

    public override string CaseInsensitiveLike => "ILIKE";

    public override string ForUpdate => " FOR UPDATE";

    protected override string SchemaTableDdl =>
        $"CREATE TABLE IF NOT EXISTS {SchemaTable} (area text NOT NULL PRIMARY KEY, version bigint NOT NULL, applied_ticks bigint NOT NULL)";

    // VACUUM as well as ANALYZE: it marks the freshly loaded pages all-visible, so counts become index-only scans instead
    // of visiting every matching row (VACUUM runs outside a transaction; this is a single statement on its own connection).
    protected override string OptimizeSql(IReadOnlyList<string> tables) => $"VACUUM (ANALYZE) {string.Join(", ", tables)}";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _source.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw Describe(e);
        }
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public override bool IsTransient(Exception exception) => exception switch
    {
        // Conflicts, and a connection the server ended (admin/crash shutdown, class 08): the transaction was rolled back.
        PostgresException p => p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient,
        StoreException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override StoreException Describe(Exception exception) => exception switch
    {
        StoreException store => store,
        PostgresException p => new StoreException($"{Description}: {p.MessageText} (SQLSTATE {p.SqlState})", p),
        NpgsqlException n => new StoreException($"{Description} is unreachable or dropped the connection: {n.InnerException?.Message ?? n.Message}", n),
        _ => new StoreException($"{Description}: {exception.Message}", exception),
    };

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", SchemaLockKey));
}

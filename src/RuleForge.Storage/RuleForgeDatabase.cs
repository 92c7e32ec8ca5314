using RuleForge.Core.Stores;
using RuleForge.Storage.Database;
using RuleForge.Storage.Llm;
using RuleForge.Storage.Metrics;
using RuleForge.Storage.Rules;
using RuleForge.Storage.Runs;

namespace RuleForge.Storage;

/// <summary>
/// The one entry point to RuleForge's stores: <see cref="Open"/> picks SQLite for a file path and PostgreSQL for a
/// connection string (<c>Host=…</c> or <c>postgres://…</c>). Each store creates its own tables on first use.
/// </summary>
public sealed class RuleForgeDatabase : IAsyncDisposable
{
    /// <summary>The embedded default, relative to the working folder.</summary>
    public const string DefaultPath = ".ruleforge/ruleforge.db";

    private RuleForgeDatabase(DatabaseConnector connector, TimeProvider time)
    {
        Connector = connector;
        Runs = new SqlRunStore(connector, time);
        Rules = new SqlRuleRepository(connector, time);
        Metrics = new SqlMetricsStore(connector, time);
        LlmLedger = new SqlCostLedgerStore(connector);
        LlmCache = new SqlResponseCacheStore(connector);
    }

    /// <summary>Opens connections and migrates schemas; other areas build their own stores on it.</summary>
    public DatabaseConnector Connector { get; }

    public DatabaseKind Kind => Connector.Kind;

    /// <summary>Where the data lives, safe to print.</summary>
    public string Description => Connector.Description;

    public IRunStore Runs { get; }

    public IRuleRepository Rules { get; }

    public IMetricsStore Metrics { get; }

    /// <summary>The LLM cost ledger (budgets and rate limits shared by every process on this database).</summary>
    public SqlCostLedgerStore LlmLedger { get; }

    /// <summary>The LLM response cache.</summary>
    public SqlResponseCacheStore LlmCache { get; }

    /// <summary>Opens the database named by <paramref name="db"/> (null or empty: the default SQLite file); nothing is created until first use, except the SQLite file's directory.</summary>
    /// <param name="db">A SQLite file path, or a PostgreSQL keyword connection string or URL.</param>
    /// <param name="time">The clock stamped on stored records (tests pass a fake one).</param>
    /// <param name="sqliteBusyTimeout">How long SQLite writers wait for another process's lock.</param>
    public static RuleForgeDatabase Open(string? db, TimeProvider? time = null, TimeSpan? sqliteBusyTimeout = null)
    {
        var target = string.IsNullOrWhiteSpace(db) ? DefaultPath : db;
        DatabaseConnector connector = PostgresConnectionString.Matches(target)
            ? new PostgresConnector(target)
            : new SqliteConnector(target, sqliteBusyTimeout);
        return new RuleForgeDatabase(connector, time ?? TimeProvider.System);
    }

    /// <summary>Opens the database and creates or migrates every store's tables now.</summary>
    public static async Task<RuleForgeDatabase> OpenAsync(string? db, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var database = Open(db, time);
        try
        {
            await ((SqlRunStore)database.Runs).EnsureSchemaAsync(cancellationToken);
            await ((SqlRuleRepository)database.Rules).EnsureSchemaAsync(cancellationToken);
            await ((SqlMetricsStore)database.Metrics).EnsureSchemaAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connector is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
